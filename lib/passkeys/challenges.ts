import "server-only";
import { sha256 } from "@/lib/auth/crypto";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { CEREMONY_TTL_MS } from "./relying-party";

// WebAuthn challenges, kept server-side: only their SHA-256, single use, 5 minutes, and bound to
// their purpose (a registration for one user; an authentication, usernameless, for one pending
// sign-in, or for the step-up of the one session that asked). The challenge a response answers is read from its clientDataJSON and spent BEFORE the
// signature is checked, so a response can be tried once, whatever its outcome.

export type ChallengeBinding =
  { purpose: "registration"; userId: string } | { purpose: "authentication"; mfaChallengeId: string | null; sessionId?: string | null };

export async function storeChallenge(challenge: string, binding: ChallengeBinding): Promise<void> {
  const now = new Date();
  // Expired challenges are never read again: sweep them as new ones arrive (indexed by expiry).
  await db().webauthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  await db().webauthnChallenge.create({
    data: {
      challengeHash: sha256(challenge),
      purpose: binding.purpose,
      userId: binding.purpose === "registration" ? binding.userId : null,
      mfaChallengeId: binding.purpose === "authentication" ? binding.mfaChallengeId : null,
      sessionId: binding.purpose === "authentication" ? (binding.sessionId ?? null) : null,
      expiresAt: new Date(now.getTime() + CEREMONY_TTL_MS),
    },
  });
}

export const staleChallenge = () => new ApiError("invalid_token", "This passkey request has expired or was already used: start again.");

/** The challenge a browser response answers, from its clientDataJSON (400 invalid_token when unreadable). */
export function challengeOf(response: { response: { clientDataJSON: string } }): string {
  try {
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    if (typeof clientData.challenge === "string" && clientData.challenge.length > 0) return clientData.challenge;
  } catch {}
  throw staleChallenge();
}

/**
 * Spends the challenge if it is live and bound exactly as asked (one conditional UPDATE: of two
 * requests with the same response, one wins). Throws invalid_token otherwise.
 */
export async function spendChallenge(challenge: string, binding: ChallengeBinding): Promise<void> {
  const spent = await db().webauthnChallenge.updateMany({
    where: {
      challengeHash: sha256(challenge),
      consumedAt: null,
      expiresAt: { gt: new Date() },
      purpose: binding.purpose,
      userId: binding.purpose === "registration" ? binding.userId : null,
      mfaChallengeId: binding.purpose === "authentication" ? binding.mfaChallengeId : null,
      sessionId: binding.purpose === "authentication" ? (binding.sessionId ?? null) : null,
    },
    data: { consumedAt: new Date() },
  });
  if (spent.count === 0) throw staleChallenge();
}
