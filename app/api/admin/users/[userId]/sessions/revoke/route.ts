import { requireInstanceAdmin } from "@/lib/admin/access";
import { revokeSessionsOf } from "@/lib/admin/users";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/users/{userId}/sessions/revoke", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    await revokeSessionsOf(admin, params.userId, client);
    return noContent();
  }),
});
