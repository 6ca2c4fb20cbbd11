import { createApiKey, listApiKeys } from "@/lib/api-keys/keys";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/api-keys", async ({ principal, params, query, request }) => ({
    json: { items: await listApiKeys(principal, orgRefFrom(request, params.orgId, query)) },
  })),
  // The response holds the secret, once: never cache it.
  POST: handler("post /api/organizations/{orgId}/api-keys", async ({ principal, params, query, request, body, client }) => ({
    status: 201,
    json: await createApiKey(principal, orgRefFrom(request, params.orgId, query), body, client),
    headers: { "cache-control": "no-store" },
  })),
});
