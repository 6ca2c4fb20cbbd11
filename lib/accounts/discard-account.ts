import "server-only";
import { lockUser as lockUserRow } from "@/lib/db/statements/locks";
import type { Tx } from "@/lib/db/client";
import { dropSecondFactors } from "@/lib/mfa/factor-changes";

/**
 * The mailbox's owner has just claimed an account that never proved its address (a reset link, a
 * provider-verified address) and keeps the account row: nothing whoever registered it first could
 * have made to get back in (or to keep listening) survives. Second factors and pending sign-ins,
 * API keys, webhook endpoints, linked sign-in providers, pending invitations. The caller revokes the sessions.
 */
export async function dropWhatAnEarlierRegistrantMade(tx: Tx, userId: string): Promise<void> {
  await dropSecondFactors(tx, userId);
  await tx.apiKey.deleteMany({ where: { createdById: userId } });
  await tx.webhookEndpoint.deleteMany({ where: { createdById: userId } });
  await tx.account.deleteMany({ where: { userId } });
  await tx.invitation.updateMany({ where: { invitedById: userId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Deletes an account that never proved its address, with everything it made, because the
 * person who does control the mailbox has just proved it (their own sign-up's code, an
 * invitation link, or an email-change undo). Whoever registered the address first must keep
 * nothing: sessions and refresh tokens, linked OAuth accounts, memberships and codes go with the
 * user row (cascade); API keys, webhook endpoints and pending invitations it created would outlive
 * it (SetNull), so they go first; organizations it leaves without members were its own.
 *
 * The caller must hold the user row's lock and have checked that it is unconfirmed.
 */
export async function discardUnconfirmedAccount(tx: Tx, userId: string): Promise<void> {
  const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true } });
  await tx.apiKey.deleteMany({ where: { createdById: userId } });
  await tx.webhookEndpoint.deleteMany({ where: { createdById: userId } });
  await tx.invitation.updateMany({ where: { invitedById: userId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  await tx.user.delete({ where: { id: userId } });
  await tx.organization.deleteMany({
    where: { id: { in: memberships.map((m) => m.organizationId) }, memberships: { none: {} } },
  });
}

/** Locks the user row until the transaction ends; false when it no longer exists. */
export const lockUser = (tx: Tx, userId: string): Promise<boolean> => lockUserRow(tx, userId);
