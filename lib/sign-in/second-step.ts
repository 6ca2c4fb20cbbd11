import "server-only";
import { openSignedInSession } from "./signed-in";
import type { Principal } from "@/lib/auth/principal";
import { replaceRefreshTokens } from "@/lib/sessions/rotate";
import { type Assurance } from "@/lib/sessions/assurance";
import { buildTokenResponse } from "@/lib/sessions/token-response";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { consumeChallenge, deadChallenge, takeAttempt } from "./challenge";
import { useSecondFactor, type SecondFactorProof, type UsedFactor } from "@/lib/mfa/factors";
import { countingWrongCodes, recordFailedSecondFactor } from "@/lib/mfa/limits";
import { notifyFactorChange } from "@/lib/mfa/notices";

// The second step, wherever it comes from: finishing a sign-in (mfaToken), raising a Bearer
// session to aal2, or opening the step-up window. Wrong codes count per account, apart from wrong
// passwords, so a code guesser cannot lock the password out, nor the reverse.

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** Checks and spends a code for `userId`, counting a wrong one against the account. */
async function checkSecondFactor(
  userId: string,
  proof: SecondFactorProof,
  client: ClientInfo,
  organizationId: string | null,
): Promise<UsedFactor> {
  const used = await countingWrongCodes(
    userId,
    () => useSecondFactor(userId, proof),
    () => recordFailedSecondFactor(userId, organizationId, client, "code" in proof ? "totp" : "recovery_code"),
  );
  if (used === "recovery_code") await notifyFactorChange(userId, "recovery_code_used", client);
  return used;
}

const raised = (amr: string[]): Assurance => ({ amr: [...new Set([...amr.filter((m) => m !== "mfa"), "otp", "mfa"])], aal: "aal2" });

/** POST /api/auth/mfa/verify with an mfaToken: the sign-in's second step, then its session at aal2. */
export async function completeSignIn(mfaToken: string, proof: SecondFactorProof, client: ClientInfo) {
  const pending = await takeAttempt(mfaToken);
  await checkSecondFactor(pending.userId, proof, client, pending.organizationId);
  await consumeChallenge(pending.id);
  const assurance = raised(pending.amr);
  const started = await openSignedInSession({
    userId: pending.userId,
    organizationId: pending.organizationId,
    client,
    via: pending.via,
    assurance,
    credentialEpoch: pending.credentialEpoch,
  });
  if (!started) throw deadChallenge(); // overtaken by a password change, reset or "log out everywhere"
  return { userId: pending.userId, assurance, ...started };
}

/** POST /api/auth/mfa/verify with Bearer: the same session (same sid), raised to aal2. */
export async function raiseSession(principal: UserPrincipal, proof: SecondFactorProof, client: ClientInfo) {
  await checkSecondFactor(principal.userId, proof, client, principal.organizationId);
  const session = await db().authSession.findFirst({ where: { id: principal.sessionId, revokedAt: null }, select: { amr: true } });
  if (!session) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  const assurance = raised(session.amr);
  const refresh = await db().$transaction(async (tx) => {
    await tx.authSession.update({ where: { id: principal.sessionId }, data: { amr: assurance.amr, aal: assurance.aal } });
    // The aal1-era refresh tokens must not mint aal2 tokens: only the answer's pair works.
    return replaceRefreshTokens(tx, principal.sessionId);
  });
  return buildTokenResponse({
    userId: principal.userId,
    sessionId: principal.sessionId,
    organizationId: principal.organizationId,
    refresh,
    assurance,
  });
}

/**
 * POST /api/auth/mfa/step-up: a code opens the step-up window on this session, as check-password
 * does, and, since the code proves the factor, raises the session to aal2 as a passkey step-up
 * does (its next refresh carries it).
 */
export async function stepUpWithCode(principal: UserPrincipal, code: string, client: ClientInfo) {
  await checkSecondFactor(principal.userId, { code }, client, principal.organizationId);
  const session = await db().authSession.findFirst({ where: { id: principal.sessionId, revokedAt: null }, select: { amr: true } });
  if (!session) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  const assurance = raised(session.amr);
  const stepUpUntil = new Date(Date.now() + config().STEP_UP_WINDOW_SECONDS * 1000);
  // One statement: the window and the assurance change together, and only on a live session.
  const opened = await db().authSession.updateMany({
    where: { id: principal.sessionId, revokedAt: null },
    data: { stepUpUntil, amr: assurance.amr, aal: assurance.aal },
  });
  if (opened.count === 0) throw new ApiError("unauthorized", "This session has ended; sign in again.");
  return { valid: true as const, stepUpUntil };
}
