import { listMembers } from "@/lib/organizations/members";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handler("get /api/organizations/{orgId}/members", async ({ principal, params, query, request }) => ({
    json: { items: await listMembers(principal, orgRefFrom(request, params.orgId, query)) },
  })),
});
