import { listMembers, membersListRead } from "@/lib/organizations/members";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler(
    "get /api/organizations/{orgId}/members",
    // A Bearer token's session check reads the list in its own statement: one round trip.
    { organizationRead: ({ request, params, query }) => ({ ref: orgRefFrom(request, params.orgId, query), read: membersListRead }) },
    async ({ principal, params, query, request, prefetched }) => ({
      json: { items: await listMembers(principal, orgRefFrom(request, params.orgId, query), prefetched) },
    }),
  ),
});
