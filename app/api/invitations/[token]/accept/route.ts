import { acceptInvitationAsUser } from "@/lib/invitations/accept";
import { handler, methods } from "@/lib/http/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: handler("post /api/invitations/{token}/accept", async ({ principal, params, client }) => ({
    json: await acceptInvitationAsUser(principal, params.token, client),
  })),
});
