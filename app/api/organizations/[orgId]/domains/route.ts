import { handler, methods } from "@/lib/http/route";
import { orgRefFrom } from "@/lib/organizations/request";
import { addDomain, listDomains } from "@/lib/sso/domains";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/domains", async ({ principal, params, query, request }) => ({
    json: await listDomains(principal, orgRefFrom(request, params.orgId, query)),
  })),
  POST: handler("post /api/organizations/{orgId}/domains", async ({ principal, params, query, request, body, client }) => ({
    status: 201,
    json: await addDomain(principal, orgRefFrom(request, params.orgId, query), body.domain, client),
  })),
});
