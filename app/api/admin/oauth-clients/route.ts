import { requireInstanceAdmin } from "@/lib/admin/access";
import { handler, methods } from "@/lib/http/route";
import { createOAuthClient, listOAuthClients } from "@/lib/oauth/clients";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/admin/oauth-clients", async ({ principal }) => {
    await requireInstanceAdmin(principal);
    return { json: await listOAuthClients() };
  }),
  POST: handler("post /api/admin/oauth-clients", async ({ principal, body, client }) => {
    const admin = await requireInstanceAdmin(principal);
    return { status: 201, json: await createOAuthClient(admin, body, client), headers: { "cache-control": "no-store" } };
  }),
});
