import { requireInstanceAdmin } from "@/lib/admin/access";
import { disableUser } from "@/lib/admin/users";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/users/{userId}/disable", async ({ principal, params, body, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { json: await disableUser(admin, params.userId, body.reason, client) };
  }),
});
