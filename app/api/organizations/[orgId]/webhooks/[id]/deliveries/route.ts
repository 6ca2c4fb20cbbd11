import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";
import { listDeliveries } from "@/lib/webhooks/deliveries";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/webhooks/{id}/deliveries", async ({ principal, params, query, request }) => ({
    json: await listDeliveries(principal, orgRefFrom(request, params.orgId, query), params.id, query),
  })),
});
