import "server-only";
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import type { PasskeyFactor } from "@/lib/sign-in/gate";
import { challengeOf, spendChallenge } from "./challenges";
import { relyingParty } from "./relying-party";

// Checking one assertion (navigator.credentials.get()'s answer): its challenge is ours, live and
// spent now; its credential is known (and the expected account's, when one is expected); the
// library checks the origin, the RP id hash, user presence AND verification, and the signature
// over authenticatorData + clientDataJSON with the stored public key; the signature counter must
// move forward where the authenticator keeps one (a cloned key shows up as a stale counter).

export const refusedPasskey = () => new ApiError("invalid_credentials", "This passkey could not be verified.");

export interface VerifiedPasskey {
  passkeyId: string;
  userId: string;
  factor: PasskeyFactor;
}

export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  expect: { mfaChallengeId: string | null; sessionId?: string | null; userId?: string },
): Promise<VerifiedPasskey> {
  const challenge = challengeOf(response);
  await spendChallenge(challenge, {
    purpose: "authentication",
    mfaChallengeId: expect.mfaChallengeId,
    sessionId: expect.sessionId ?? null,
  });

  const passkey = await db().passkey.findUnique({ where: { credentialId: response.id } });
  if (!passkey || (expect.userId && passkey.userId !== expect.userId)) throw refusedPasskey();
  // A discoverable credential names its account: it must be the one the key was registered to.
  if (response.response.userHandle && Buffer.from(response.response.userHandle, "base64url").toString("utf8") !== passkey.userId) {
    throw refusedPasskey();
  }

  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: passkey.transports,
    },
  }).catch(() => {
    throw refusedPasskey(); // wrong origin or RP id, no user verification, bad signature, stale counter
  });
  if (!verification.verified) throw refusedPasskey();
  const info = verification.authenticationInfo;

  // Conditional, so two assertions racing with the same counter value cannot both pass: the
  // counter must still be below the new one (or both stay 0: an authenticator without a counter).
  const newCounter = BigInt(info.newCounter);
  const recorded = await db().passkey.updateMany({
    where: { id: passkey.id, OR: newCounter === 0n ? [{ counter: 0n }] : [{ counter: { lt: newCounter } }] },
    data: { counter: newCounter, lastUsedAt: new Date(), backedUp: info.credentialBackedUp, deviceType: info.credentialDeviceType },
  });
  if (recorded.count === 0) throw refusedPasskey();
  return { passkeyId: passkey.id, userId: passkey.userId, factor: info.credentialDeviceType === "multiDevice" ? "swk" : "hwk" };
}
