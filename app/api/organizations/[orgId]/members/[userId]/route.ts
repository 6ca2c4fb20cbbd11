import { changeMemberRole, removeMember } from "@/lib/organizations/members";
import { orgRefFrom } from "@/lib/organizations/request";
import { handler, methods, noContent } from "@/lib/http/route";
import { changeRoleSchema, orgMemberParamsSchema, orgQuerySchema } from "@/lib/validation/organizations";

const spec = { auth: "any", params: orgMemberParamsSchema, query: orgQuerySchema } as const;

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: handler({ ...spec, body: changeRoleSchema }, async ({ principal, params, query, request, body, client }) => ({
    json: await changeMemberRole(principal, orgRefFrom(request, params.orgId, query), params.userId, body.role, client),
  })),
  DELETE: handler(spec, async ({ principal, params, query, request, client }) => {
    await removeMember(principal, orgRefFrom(request, params.orgId, query), params.userId, client);
    return noContent();
  }),
});
