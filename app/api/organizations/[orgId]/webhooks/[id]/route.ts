import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/endpoints";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/webhooks/{id}", async ({ principal, params, query, request }) => ({
    json: await getWebhook(principal, orgRefFrom(request, params.orgId, query), params.id),
  })),
  PATCH: handler("patch /api/organizations/{orgId}/webhooks/{id}", async ({ principal, params, query, request, body, client }) => ({
    json: await updateWebhook(principal, orgRefFrom(request, params.orgId, query), params.id, body, client),
  })),
  DELETE: handler("delete /api/organizations/{orgId}/webhooks/{id}", async ({ principal, params, query, request, client }) => {
    await deleteWebhook(principal, orgRefFrom(request, params.orgId, query), params.id, client);
    return noContent();
  }),
});
