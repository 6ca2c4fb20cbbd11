import { handler, methods } from "@/lib/http/route";
import { orgRefFrom } from "@/lib/organizations/request";
import { createConnection, listConnections } from "@/lib/sso/connections";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/sso-connections", async ({ principal, params, query, request }) => ({
    json: await listConnections(principal, orgRefFrom(request, params.orgId, query)),
  })),
  POST: handler("post /api/organizations/{orgId}/sso-connections", async ({ principal, params, query, request, body, client }) => ({
    status: 201,
    json: await createConnection(principal, orgRefFrom(request, params.orgId, query), body, client),
  })),
});
