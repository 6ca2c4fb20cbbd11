"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/safe-action";
import { acceptInvitationAsUser } from "@/lib/invitations/accept";
import { switchOrganization } from "@/lib/organizations/switch";
import { invitationTokenParamsSchema } from "@/lib/validation/organizations";
import { forgetLinkToken, INVITATION_LINK } from "../link-token";

// The same module as POST /api/invitations/{token}/accept; the joined organization becomes the
// active one, since that is where the person wants to go next.
export const acceptInvitationAction = userAction(invitationTokenParamsSchema, async (input, { principal, client }) => {
  const membership = await acceptInvitationAsUser(principal, input.token, client);
  await switchOrganization(principal, membership.organizationId, client, { tokens: false });
  await forgetLinkToken(INVITATION_LINK);
  redirect(`/organizations/${membership.organizationId}`);
});
