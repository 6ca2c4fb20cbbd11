import { handler, methods, noContent } from "@/lib/http/route";
import { orgRefFrom } from "@/lib/organizations/request";
import { deleteConnection, getConnection, updateConnection } from "@/lib/sso/connections";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/sso-connections/{id}", async ({ principal, params, query, request }) => ({
    json: await getConnection(principal, orgRefFrom(request, params.orgId, query), params.id),
  })),
  PATCH: handler("patch /api/organizations/{orgId}/sso-connections/{id}", async ({ principal, params, query, request, body, client }) => ({
    json: await updateConnection(principal, orgRefFrom(request, params.orgId, query), params.id, body, client),
  })),
  DELETE: handler("delete /api/organizations/{orgId}/sso-connections/{id}", async ({ principal, params, query, request, client }) => {
    await deleteConnection(principal, orgRefFrom(request, params.orgId, query), params.id, client);
    return noContent();
  }),
});
