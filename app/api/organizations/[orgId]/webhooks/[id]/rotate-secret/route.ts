import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";
import { rotateWebhookSecret } from "@/lib/webhooks/endpoints";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // The response holds the new secret, once: never cache it.
  POST: handler("post /api/organizations/{orgId}/webhooks/{id}/rotate-secret", async ({ principal, params, query, request, client }) => ({
    json: await rotateWebhookSecret(principal, orgRefFrom(request, params.orgId, query), params.id, client),
    headers: { "cache-control": "no-store" },
  })),
});
