import { requireInstanceAdmin } from "@/lib/admin/access";
import { enableUser } from "@/lib/admin/users";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/users/{userId}/enable", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { json: await enableUser(admin, params.userId, client) };
  }),
});
