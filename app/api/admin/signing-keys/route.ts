import { requireInstanceAdmin } from "@/lib/admin/access";
import { handler, methods } from "@/lib/http/route";
import { listSigningKeys } from "@/lib/keys/list";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/signing-keys", async ({ principal }) => {
    await requireInstanceAdmin(principal);
    return { json: await listSigningKeys() };
  }),
});
