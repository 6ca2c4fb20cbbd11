import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { emit } from "@/lib/events/emit";
import type { Actor } from "@/lib/organizations/context";
import { hasPermission, permissionsOf, ROLES, type RoleName } from "@/lib/organizations/permissions";

// An invitation carries its inviter's authority: it is only as good as the inviter's current
// membership. Removing or demoting someone withdraws what they can no longer issue, and
// accepting checks the inviter again (for a race with the removal, and for older data).

/** Whether a member holding `inviterRole` may invite someone as `role`: only an owner invites an owner. */
export const mayInvite = (inviterRole: RoleName, role: RoleName) =>
  hasPermission(permissionsOf(inviterRole), "invitations", "create") && (role !== "owner" || inviterRole === "owner");

/**
 * Whether the person who sent `invitation` (or created the API key that sent it) may still grant
 * its role in its organization. An invitation whose inviter is unknown (their account was
 * deleted, or it predates recording a key's creator) grants no more than `member`.
 */
export async function inviterMayStillGrant(tx: Tx, invitation: { organizationId: string; invitedById: string | null; role: string }) {
  if (!invitation.invitedById) return invitation.role === "member";
  const inviter = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: invitation.invitedById, organizationId: invitation.organizationId } },
    select: { role: true },
  });
  return inviter !== null && mayInvite(inviter.role as RoleName, invitation.role as RoleName);
}

export type RevocationReason = "inviter_removed" | "inviter_demoted";

/**
 * Revokes the pending invitations `inviterId` sent in the organization that `role` (null: no
 * longer a member) could not send, in the caller's transaction, with an audit entry for each.
 */
export async function revokeInvitationsBeyondRole(
  tx: Tx,
  input: { organizationId: string; inviterId: string; role: RoleName | null; reason: RevocationReason; actor: Actor; client: ClientInfo },
) {
  const { role } = input;
  const withdrawn = ROLES.filter((invited) => role === null || !mayInvite(role, invited));
  if (withdrawn.length === 0) return;
  const now = new Date();
  const revoked = await tx.invitation.updateManyAndReturn({
    where: {
      organizationId: input.organizationId,
      invitedById: input.inviterId,
      role: { in: withdrawn },
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
    },
    data: { revokedAt: now },
    select: { id: true, email: true },
  });
  for (const invitation of revoked) {
    await emit(tx, {
      type: "invitation.revoked",
      organizationId: input.organizationId,
      ...input.actor,
      client: input.client,
      metadata: { invitationId: invitation.id, email: invitation.email, reason: input.reason },
    });
  }
}
