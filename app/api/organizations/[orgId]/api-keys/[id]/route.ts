import { deleteApiKey } from "@/lib/api-keys/keys";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  DELETE: handler("delete /api/organizations/{orgId}/api-keys/{id}", async ({ principal, params, query, request, client }) => {
    await deleteApiKey(principal, orgRefFrom(request, params.orgId, query), params.id, client);
    return noContent();
  }),
});
