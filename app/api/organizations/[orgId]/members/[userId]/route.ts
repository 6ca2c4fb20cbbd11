import { changeMemberRole, removeMember } from "@/lib/organizations/members";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  PATCH: handler("patch /api/organizations/{orgId}/members/{userId}", async ({ principal, params, query, request, body, client }) => ({
    json: await changeMemberRole(principal, orgRefFrom(request, params.orgId, query), params.userId, body.role, client),
  })),
  DELETE: handler("delete /api/organizations/{orgId}/members/{userId}", async ({ principal, params, query, request, client }) => {
    await removeMember(principal, orgRefFrom(request, params.orgId, query), params.userId, client);
    return noContent();
  }),
});
