import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";
import { sendTestEvent } from "@/lib/webhooks/endpoints";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/organizations/{orgId}/webhooks/{id}/test", async ({ principal, params, query, request }) => ({
    status: 202,
    json: await sendTestEvent(principal, orgRefFrom(request, params.orgId, query), params.id),
  })),
});
