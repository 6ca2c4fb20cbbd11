import { requireInstanceAdmin } from "@/lib/admin/access";
import { handler, methods, noContent } from "@/lib/http/route";
import { deleteOAuthClient, getOAuthClient, updateOAuthClient } from "@/lib/oauth/clients";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/oauth-clients/{clientId}", async ({ principal, params }) => {
    await requireInstanceAdmin(principal);
    return { json: await getOAuthClient(params.clientId) };
  }),
  PATCH: handler("patch /api/admin/oauth-clients/{clientId}", async ({ principal, params, body, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { json: await updateOAuthClient(admin, params.clientId, body, client) };
  }),
  DELETE: handler("delete /api/admin/oauth-clients/{clientId}", async ({ principal, params, client }) => {
    const admin = await requireInstanceAdmin(principal);
    await deleteOAuthClient(admin, params.clientId, client);
    return noContent();
  }),
});
