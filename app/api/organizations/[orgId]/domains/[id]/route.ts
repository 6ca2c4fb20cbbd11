import { handler, methods, noContent } from "@/lib/http/route";
import { orgRefFrom } from "@/lib/organizations/request";
import { getDomain, removeDomain } from "@/lib/sso/domains";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/domains/{id}", async ({ principal, params, query, request }) => ({
    json: await getDomain(principal, orgRefFrom(request, params.orgId, query), params.id),
  })),
  DELETE: handler("delete /api/organizations/{orgId}/domains/{id}", async ({ principal, params, query, request, client }) => {
    await removeDomain(principal, orgRefFrom(request, params.orgId, query), params.id, client);
    return noContent();
  }),
});
