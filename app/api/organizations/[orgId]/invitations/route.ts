import { createInvitation, listInvitations } from "@/lib/invitations/invitations";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/organizations/{orgId}/invitations", async ({ principal, params, query, request }) => ({
    json: { items: await listInvitations(principal, orgRefFrom(request, params.orgId, query)) },
  })),
  POST: handler("post /api/organizations/{orgId}/invitations", async ({ principal, params, query, request, body, client }) => ({
    status: 201,
    json: await createInvitation(principal, orgRefFrom(request, params.orgId, query), body, client),
  })),
});
