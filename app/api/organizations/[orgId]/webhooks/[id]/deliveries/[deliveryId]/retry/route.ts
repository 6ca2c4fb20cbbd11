import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";
import { retryDelivery } from "@/lib/webhooks/deliveries";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler(
    "post /api/organizations/{orgId}/webhooks/{id}/deliveries/{deliveryId}/retry",
    async ({ principal, params, query, request }) => {
      await retryDelivery(principal, orgRefFrom(request, params.orgId, query), params.id, params.deliveryId);
      return new Response(null, { status: 202 });
    },
  ),
});
