import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { emit } from "@/lib/events/emit";
import { sha256 } from "@/lib/auth/crypto";
import { inviterMayStillGrant } from "./inviter-rights";

const unusable = () => new ApiError("invalid_token", "This invitation is invalid, expired, revoked or already used.");

/** The invitation behind a link token, if it can still be accepted (its inviter may still grant its role). */
export async function findUsableInvitation(tx: Tx, token: string) {
  const invitation = await tx.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    include: { organization: { select: { id: true, name: true, slug: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) throw unusable();
  if (!(await inviterMayStillGrant(tx, invitation))) throw unusable();
  return invitation;
}

/**
 * Accepts an invitation for `user`: the addresses must match, and the invitation is spent by one
 * conditional update that requires it to be unaccepted, unrevoked and unexpired. A revoke or a
 * re-invite racing with it updates the same row, so whichever commits first wins and the other
 * sees the result (revoke answers 409, accept 400). The inviter is checked again after the row
 * is ours, and the membership and audit entry are written in the caller's transaction.
 */
export async function acceptInvitation(tx: Tx, input: { token: string; user: { id: string; email: string }; client: ClientInfo }) {
  const invitation = await findUsableInvitation(tx, input.token);
  if (invitation.email !== input.user.email.toLowerCase()) {
    throw new ApiError("forbidden", "This invitation was sent to a different email address.");
  }
  const now = new Date();
  const spent = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (spent.count === 0) throw unusable();
  if (!(await inviterMayStillGrant(tx, invitation))) throw unusable();
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: input.user.id, organizationId: invitation.organizationId } },
  });
  if (existing) throw new ApiError("conflict", "You are already a member of this organization.");
  const membership = await tx.membership.create({
    data: { userId: input.user.id, organizationId: invitation.organizationId, role: invitation.role },
  });
  await emit(tx, {
    type: "invitation.accepted",
    organizationId: invitation.organizationId,
    actorId: input.user.id,
    client: input.client,
    metadata: { invitationId: invitation.id, role: invitation.role },
  });
  // For webhooks only (the audit log has the acceptance): who joined, in the terms a receiver syncing members needs.
  await emit(tx, {
    type: "member.added",
    organizationId: invitation.organizationId,
    actorId: input.user.id,
    client: input.client,
    metadata: { userId: input.user.id, email: input.user.email.toLowerCase(), role: invitation.role, via: "invitation" },
  });
  return { membership, organization: invitation.organization };
}
