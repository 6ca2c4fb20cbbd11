import { requireInstanceAdmin } from "@/lib/admin/access";
import { handler, methods } from "@/lib/http/route";
import { rotateOAuthClientSecret } from "@/lib/oauth/clients";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/admin/oauth-clients/{clientId}/secret", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { json: await rotateOAuthClientSecret(admin, params.clientId, client), headers: { "cache-control": "no-store" } };
  }),
});
