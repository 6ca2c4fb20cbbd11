import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { credentialEpoch as currentCredentialEpoch } from "@/lib/db/statements/users";
import { raiseWithFactor, withFactor, type Raised } from "./raise";
import { openSignedInSession } from "./signed-in";
import type { Principal } from "@/lib/auth/principal";
import { type Assurance } from "@/lib/sessions/assurance";
import { buildTokenResponse } from "@/lib/sessions/token-response";
import type { ClientInfo } from "@/lib/http/client-info";
import { consumeChallenge, deadChallenge, takeAttempt, type PendingSignIn } from "./challenge";
import { requireEnabledAccount } from "./gate";
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

/**
 * Finishes a pending sign-in (its mfaToken) with a second factor: takes one of the token's tries,
 * lets `check` verify the factor (it answers the factor's amr method), spends the token and opens
 * the session at aal2. Codes and passkeys (lib/sign-in/doors/passkey.ts) both finish here.
 */
export async function finishPendingSignIn(mfaToken: string, client: ClientInfo, check: (pending: PendingSignIn) => Promise<string>) {
  const pending = await takeAttempt(mfaToken);
  const method = await check(pending);
  await consumeChallenge(pending.id);
  // Disabling cancels pending sign-ins; this answers the one that raced it in plain words.
  await requireEnabledAccount(pending.userId);
  const assurance: Assurance = { amr: withFactor(pending.amr, method), aal: "aal2" };
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

/** POST /api/auth/mfa/verify with an mfaToken: the sign-in's second step, then its session at aal2. */
export async function completeSignIn(mfaToken: string, proof: SecondFactorProof, client: ClientInfo) {
  return finishPendingSignIn(mfaToken, client, async (pending) => {
    await checkSecondFactor(pending.userId, proof, client, pending.organizationId);
    return "otp";
  });
}

/** POST /api/auth/mfa/verify with Bearer: the same session (same sid), raised to aal2, with a new token pair. */
export async function raiseSession(principal: UserPrincipal, proof: SecondFactorProof, client: ClientInfo) {
  // Before the code is even checked: an impersonation is no place to try the person's codes.
  refuseWhileImpersonating(principal, "the session's assurance");
  const epoch = await currentCredentialEpoch(principal.userId);
  await checkSecondFactor(principal.userId, proof, client, principal.organizationId);
  const { assurance, refresh } = await raiseWithFactor(principal, { epoch, method: "otp", openWindow: false, reissue: true });
  return buildTokenResponse({
    userId: principal.userId,
    sessionId: principal.sessionId,
    organizationId: principal.organizationId,
    refresh: refresh!,
    assurance,
  });
}

/**
 * POST /api/auth/mfa/step-up: a code opens the step-up window on this session, as check-password
 * does, and, since the code proves the factor, raises the session to aal2 as a passkey step-up
 * does. A session that was aal1 gets a new token pair (its earlier refresh tokens are superseded).
 */
export async function stepUpWithCode(principal: UserPrincipal, code: string, client: ClientInfo) {
  // Before the code is even checked: an impersonation is no place to try the person's codes.
  refuseWhileImpersonating(principal, "the session's assurance");
  const epoch = await currentCredentialEpoch(principal.userId);
  await checkSecondFactor(principal.userId, { code }, client, principal.organizationId);
  return stepUpAnswer(principal, await raiseWithFactor(principal, { epoch, method: "otp", openWindow: true, reissue: false }));
}

/** The step-up's answer: `valid`, the window, and the new pair when the session was raised from aal1. */
export async function stepUpAnswer(principal: UserPrincipal, raised: Raised) {
  const tokens = raised.refresh
    ? await buildTokenResponse({
        userId: principal.userId,
        sessionId: principal.sessionId,
        organizationId: principal.organizationId,
        refresh: raised.refresh,
        assurance: raised.assurance,
      })
    : null;
  return { valid: true as const, stepUpUntil: raised.stepUpUntil, tokens };
}
