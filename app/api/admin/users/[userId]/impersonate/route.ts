import { requireInstanceAdmin } from "@/lib/admin/access";
import { impersonateUser } from "@/lib/admin/impersonate";
import { handler, methods } from "@/lib/http/route";
import { tokenResult } from "@/lib/sessions/token-response";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/users/{userId}/impersonate", async ({ principal, params, body, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return tokenResult(await impersonateUser(admin, params.userId, body.reason, client));
  }),
});
