import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { requireRecentStepUp } from "@/lib/auth/step-up";
import { db, type Tx } from "@/lib/db/client";
import { lockUser } from "@/lib/db/statements/locks";
import { ApiError } from "@/lib/http/errors";
import { hasSecondFactor, mfaStatus } from "./factors";

// Who may add or remove a second factor, or issue new recovery codes. The step-up window alone is
// not enough once the account has a factor: check-password opens it, so a password plus any
// session from before the factor existed (still aal1) would swap in the attacker's own factor and
// raise itself with it. With a factor on, the session itself must have used one (aal2).

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export async function requireFactorChangeRights(principal: UserPrincipal): Promise<void> {
  requireRecentStepUp(principal);
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { emailVerified: true } });
  // Whoever registered an address before its owner must not plant a factor the owner would
  // then be asked for (with confirmation switched off, an unconfirmed account can sign in).
  if (!user?.emailVerified) {
    throw new ApiError("forbidden", "Confirm your email address before adding or changing a second factor.");
  }
  await requireSecondFactorIfAny(principal);
}

/**
 * Changing a way in (a factor, a connected provider): the step-up window, and with a factor on,
 * a session that used one. Connecting and disconnecting a provider ask the same.
 */
export async function requireSignInMethodChangeRights(principal: UserPrincipal): Promise<void> {
  requireRecentStepUp(principal);
  await requireSecondFactorIfAny(principal);
}

async function requireSecondFactorIfAny(principal: UserPrincipal): Promise<void> {
  if (principal.aal !== "aal2" && (await hasSecondFactor(principal.userId))) throw secondFactorFirst();
}

/**
 * Serializes factor changes of one account (the user row's lock, held to the end of the
 * transaction): two first factors added at the same moment would otherwise both see "no factor
 * yet" and hand out two sets of recovery codes of which only the last works; two last passkeys
 * removed at once would each see the other and both keep the recovery codes.
 */
export async function lockAccountFactors(tx: Tx, userId: string) {
  await lockUser(tx, userId);
}

/**
 * Inside the factor lock, before a factor is turned on: with a factor on already, the session
 * itself must be aal2 now (read from its row, in the transaction). An aal1 session may have set
 * up an app while the account had no factor; if the owner turned one on meanwhile, that pending
 * app must not be confirmed by it (nor a passkey registered by it). Answers whether the account
 * had a factor, read under the lock.
 */
export async function requireAal2IfFactorInTx(tx: Tx, principal: UserPrincipal): Promise<{ hadFactor: boolean }> {
  if (!(await mfaStatus(principal.userId, tx)).enabled) return { hadFactor: false };
  const session = await tx.authSession.findUnique({ where: { id: principal.sessionId }, select: { aal: true, revokedAt: true } });
  if (!session || session.revokedAt) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  if (session.aal !== "aal2") throw secondFactorFirst();
  return { hadFactor: true };
}

const secondFactorFirst = () =>
  new ApiError(
    "mfa_required",
    "This session was opened without your second factor: confirm a code from your authenticator app or a passkey on it first (POST /api/auth/mfa/verify with this token).",
  );

/**
 * The session that confirmed an account's first factor has just used it on top of the password
 * it was opened with: it becomes an aal2 session (the factor is what makes it so).
 */
export async function raiseEnrollingSession(tx: Tx, sessionId: string, method: string) {
  const session = await tx.authSession.findUnique({ where: { id: sessionId }, select: { amr: true } });
  if (!session) return;
  const amr = [...new Set([...session.amr.filter((m) => m !== "mfa"), method, "mfa"])];
  await tx.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { amr, aal: "aal2" } });
}

/**
 * An unconfirmed account claimed by the mailbox's owner (a reset link, a provider-verified
 * address): every second factor and pending sign-in the earlier registrant may have set up goes.
 */
export async function dropSecondFactors(tx: Tx, userId: string) {
  await tx.totpFactor.deleteMany({ where: { userId } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.passkey.deleteMany({ where: { userId } });
  await tx.webauthnChallenge.deleteMany({ where: { userId } });
  await tx.mfaChallenge.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: new Date() } });
}
