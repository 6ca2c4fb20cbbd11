import { deleteOrganization, getOrganization, updateOrganization } from "@/lib/organizations/organizations";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}", async ({ principal, params, query, request }) => ({
    json: await getOrganization(principal, orgRefFrom(request, params.orgId, query)),
  })),
  PATCH: handler("patch /api/organizations/{orgId}", async ({ principal, params, query, request, body, client }) => ({
    json: await updateOrganization(principal, orgRefFrom(request, params.orgId, query), body, client),
  })),
  DELETE: handler("delete /api/organizations/{orgId}", async ({ principal, params, query, request, client }) => {
    await deleteOrganization(principal, orgRefFrom(request, params.orgId, query), client);
    return noContent();
  }),
});
