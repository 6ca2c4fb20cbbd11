import { requireInstanceAdmin } from "@/lib/admin/access";
import { listInstanceEvents } from "@/lib/admin/audit";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/audit-log", async ({ principal, query }) => {
    await requireInstanceAdmin(principal);
    return { json: await listInstanceEvents(query) };
  }),
});
