import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { recordAudit } from "@/lib/audit/record";
import { sha256 } from "@/lib/auth/crypto";

const unusable = () => new ApiError("invalid_token", "This invitation is invalid, expired, revoked or already used.");

/** The invitation behind a link token, if it can still be accepted. */
export async function findUsableInvitation(tx: Tx, token: string) {
  const invitation = await tx.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    include: { organization: { select: { id: true, name: true, slug: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) throw unusable();
  return invitation;
}

/**
 * Accepts an invitation for `user`: the addresses must match, the invitation is spent exactly
 * once (a conditional update, so two racing accepts cannot both win), and the membership and
 * audit entry are written in the caller's transaction.
 */
export async function acceptInvitation(
  tx: Tx,
  input: { token: string; user: { id: string; email: string }; client: ClientInfo },
) {
  const invitation = await findUsableInvitation(tx, input.token);
  if (invitation.email !== input.user.email.toLowerCase()) {
    throw new ApiError("forbidden", "This invitation was sent to a different email address.");
  }
  const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
  if (spent.count === 0) throw unusable();
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: input.user.id, organizationId: invitation.organizationId } },
  });
  if (existing) throw new ApiError("conflict", "You are already a member of this organization.");
  const membership = await tx.membership.create({
    data: { userId: input.user.id, organizationId: invitation.organizationId, role: invitation.role },
  });
  await recordAudit(tx, {
    type: "invitation.accepted",
    organizationId: invitation.organizationId,
    actorId: input.user.id,
    client: input.client,
    metadata: { invitationId: invitation.id, role: invitation.role },
  });
  return { membership, organization: invitation.organization };
}
