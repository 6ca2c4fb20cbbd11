import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";
import { createWebhook, listWebhooks } from "@/lib/webhooks/endpoints";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/webhooks", async ({ principal, params, query, request }) => ({
    json: { items: await listWebhooks(principal, orgRefFrom(request, params.orgId, query)) },
  })),
  // The response holds the signing secret, once: never cache it.
  POST: handler("post /api/organizations/{orgId}/webhooks", async ({ principal, params, query, request, body, client }) => ({
    status: 201,
    json: await createWebhook(principal, orgRefFrom(request, params.orgId, query), body, client),
    headers: { "cache-control": "no-store" },
  })),
});
