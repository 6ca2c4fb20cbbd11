import { handler, methods } from "@/lib/http/route";
import { orgRefFrom } from "@/lib/organizations/request";
import { verifyDomain } from "@/lib/sso/domains";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/organizations/{orgId}/domains/{id}/verify", async ({ principal, params, query, request, client }) => ({
    json: await verifyDomain(principal, orgRefFrom(request, params.orgId, query), params.id, client),
  })),
});
