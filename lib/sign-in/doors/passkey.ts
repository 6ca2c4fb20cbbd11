import "server-only";
import { refuseWhileImpersonating } from "@/lib/auth/impersonation";
import { credentialEpoch as currentCredentialEpoch } from "@/lib/db/statements/users";
import { raiseWithFactor } from "../raise";
import { finishPendingSignIn, stepUpAnswer } from "../second-step";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { generateAuthenticationOptions } from "@simplewebauthn/server";
import { organizationForNewSession } from "../organization";
import type { Principal } from "@/lib/auth/principal";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict } from "@/lib/http/errors";
import { livePendingSignIn } from "@/lib/sign-in/challenge";
import { beginPasskeySignIn } from "@/lib/sign-in/gate";
import { countingWrongCodes, recordFailedSecondFactor } from "@/lib/mfa/limits";
import { consume, limitFailures } from "@/lib/security/rate-limit";
import { verifyAssertion } from "@/lib/passkeys/assertion";
import { storeChallenge } from "@/lib/passkeys/challenges";
import { CEREMONY_TTL_MS, relyingParty } from "@/lib/passkeys/relying-party";

// The three uses of a passkey assertion: a sign-in on its own (usernameless, aal2), the second
// step of a sign-in that began with a password or code (the mfaToken), and a step-up of a
// signed-in session (Bearer or the browser session).

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/**
 * POST /api/auth/passkeys/authenticate/options. Without an mfaToken any discoverable passkey may
 * answer; with one, the options list that account's passkeys and the challenge is bound to that
 * pending sign-in. Asked by a signed-in caller (Bearer or the browser session), the challenge is
 * bound to that session and serves only its step-up: an assertion made for a sign-in, or for
 * another session, never raises a session. Limited per client: every call stores a challenge.
 */
export async function authenticationOptions(input: { mfaToken?: string }, client: ClientInfo, caller?: UserPrincipal | null) {
  await consume("passkeyOptionsPerClient", client.ip);
  let mfaChallengeId: string | null = null;
  let allowCredentials: { id: string; transports: string[] }[] | undefined;
  if (input.mfaToken) {
    const pending = await livePendingSignIn(input.mfaToken);
    const passkeys = await db().passkey.findMany({ where: { userId: pending.userId }, select: { credentialId: true, transports: true } });
    if (passkeys.length === 0) throw conflict("This account has no passkey: use another of the methods offered.");
    mfaChallengeId = pending.id;
    allowCredentials = passkeys.map((p) => ({ id: p.credentialId, transports: p.transports }));
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: "required",
    timeout: CEREMONY_TTL_MS,
    allowCredentials,
  });
  const sessionId = !input.mfaToken && caller ? caller.sessionId : null;
  await storeChallenge(options.challenge, { purpose: "authentication", mfaChallengeId, sessionId });
  return options;
}

/** A passkey alone: a full sign-in at aal2, for the account the passkey belongs to. */
export async function signInWithPasskey(response: AuthenticationResponseJSON, client: ClientInfo) {
  // The epoch of the account the key names, read before the assertion is checked: a removal of this
  // passkey (or "log out everywhere") committing meanwhile then refuses the session.
  const owner = await db().passkey.findUnique({ where: { credentialId: response.id }, select: { userId: true } });
  const credentialEpoch = owner ? await currentCredentialEpoch(owner.userId) : null;
  // Usernameless: there is no account to count a failure against before the key is known.
  const verified = await limitFailures([["passkeyFailuresPerClient", client.ip]], () =>
    verifyAssertion(response, { mfaChallengeId: null }),
  );
  const user = await db().user.findUniqueOrThrow({ where: { id: verified.userId }, select: { emailVerified: true } });
  if (!user.emailVerified && config().EMAIL_CONFIRMATION_REQUIRED) {
    throw new ApiError("email_not_verified", "Confirm your email address first: enter the code we sent, or request a new one.");
  }
  const organizationId = await organizationForNewSession(verified.userId);
  if (owner?.userId !== verified.userId) throw new ApiError("invalid_credentials", "This passkey could not be verified.");
  return beginPasskeySignIn({ userId: verified.userId, organizationId, client, factor: verified.factor, credentialEpoch });
}

/**
 * Checks an assertion for a known account, counting a refused one like a wrong code (per account,
 * apart from wrong passwords) and writing mfa.failed.
 */
async function countedAssertion(
  userId: string,
  organizationId: string | null,
  response: AuthenticationResponseJSON,
  challenge: { mfaChallengeId: string | null; sessionId?: string },
  client: ClientInfo,
) {
  return countingWrongCodes(userId, async () => {
    try {
      return await verifyAssertion(response, { ...challenge, userId });
    } catch (error) {
      if (error instanceof ApiError && (error.code === "invalid_credentials" || error.code === "invalid_token")) {
        await recordFailedSecondFactor(userId, organizationId, client, "passkey");
      }
      throw error;
    }
  });
}

/** The second step of a sign-in with a passkey: like a code, it takes one of the mfaToken's 5 tries. */
export async function completeSignInWithPasskey(mfaToken: string, response: AuthenticationResponseJSON, client: ClientInfo) {
  return finishPendingSignIn(mfaToken, client, async (pending) => {
    const verified = await countedAssertion(pending.userId, pending.organizationId, response, { mfaChallengeId: pending.id }, client);
    return verified.factor;
  });
}

/**
 * A signed-in person proves it is them with one of their passkeys: the step-up window opens and,
 * since a verified passkey is itself two factors, the session is raised to aal2 (amr gains the
 * passkey's method and "mfa"), so an organization that requires two factors opens at once. The
 * session's next refresh issues tokens that say so.
 */
export async function stepUpWithPasskey(principal: UserPrincipal, response: AuthenticationResponseJSON, client: ClientInfo) {
  refuseWhileImpersonating(principal, "the session's assurance");
  const epoch = await currentCredentialEpoch(principal.userId);
  // Only a challenge this session asked for (options called with its credential).
  const verified = await countedAssertion(
    principal.userId,
    principal.organizationId,
    response,
    { mfaChallengeId: null, sessionId: principal.sessionId },
    client,
  );
  return stepUpAnswer(principal, await raiseWithFactor(principal, { epoch, method: verified.factor, openWindow: true, reissue: false }));
}

/** Whether a pending sign-in's account can finish with a passkey (the second-step page offers it). */
export async function pendingSignInHasPasskey(mfaToken: string): Promise<boolean> {
  const pending = await livePendingSignIn(mfaToken).catch(() => null);
  return pending ? (await db().passkey.count({ where: { userId: pending.userId } })) > 0 : false;
}
