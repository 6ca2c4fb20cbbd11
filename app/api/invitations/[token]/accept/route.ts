import { acceptInvitationAsUser } from "@/lib/invitations/accept";
import { handler, methods } from "@/lib/http/route";
import { invitationTokenParamsSchema } from "@/lib/validation/organizations";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handler({ auth: "user", params: invitationTokenParamsSchema }, async ({ principal, params, client }) => ({
    json: await acceptInvitationAsUser(principal, params.token, client),
  })),
});
