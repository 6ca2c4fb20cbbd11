import { requireInstanceAdmin } from "@/lib/admin/access";
import { listUsers } from "@/lib/admin/users";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/users", async ({ principal, query }) => {
    await requireInstanceAdmin(principal);
    return { json: await listUsers(query) };
  }),
});
