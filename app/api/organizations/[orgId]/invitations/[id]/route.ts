import { revokeInvitation } from "@/lib/invitations/invitations";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  DELETE: handler("delete /api/organizations/{orgId}/invitations/{id}", async ({ principal, params, query, request, client }) => {
    await revokeInvitation(principal, orgRefFrom(request, params.orgId, query), params.id, client);
    return noContent();
  }),
});
