import { requireInstanceAdmin } from "@/lib/admin/access";
import { resetSecondFactors } from "@/lib/admin/users";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/users/{userId}/mfa/reset", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    await resetSecondFactors(admin, params.userId, client);
    return noContent();
  }),
});
