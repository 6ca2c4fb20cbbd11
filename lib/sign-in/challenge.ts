import "server-only";
import { db } from "@/lib/db/client";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { ApiError } from "@/lib/http/errors";

// The mfaToken of a sign-in waiting for its second step: opaque, single use, 5 minutes, bound to
// one user and one first step, dead after 5 wrong codes. Only its SHA-256 is stored.

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const MAX_CHALLENGE_ATTEMPTS = 5;

export interface PendingSignIn {
  id: string;
  userId: string;
  organizationId: string | null;
  via: string;
  amr: string[];
  /** The account's credentialEpoch when the first step was checked (lib/accounts/login.ts). */
  credentialEpoch: number | null;
}

export async function createChallenge(input: Omit<PendingSignIn, "id">): Promise<string> {
  const token = `mfa_${randomToken(32)}`;
  await db().mfaChallenge.create({
    data: { ...input, tokenHash: sha256(token), expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
  });
  return token;
}

export const deadChallenge = () => new ApiError("invalid_token", "This sign-in has expired or had too many wrong codes: sign in again.");

/** The live pending sign-in of a token, without taking a try (to prepare a passkey's options). */
export async function livePendingSignIn(token: string): Promise<PendingSignIn> {
  const row = await db().mfaChallenge.findFirst({
    where: { tokenHash: sha256(token), consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: MAX_CHALLENGE_ATTEMPTS } },
    select: { id: true, userId: true, organizationId: true, via: true, amr: true, credentialEpoch: true },
  });
  if (!row) throw deadChallenge();
  return row;
}

/**
 * Takes one of the token's 5 tries BEFORE the code is checked (one conditional UPDATE), so codes
 * sent at the same moment cannot all be checked against a limit none of them has counted yet.
 * Returns the pending sign-in, or throws invalid_token for a dead, spent or unknown token.
 */
export async function takeAttempt(token: string): Promise<PendingSignIn> {
  const [row] = await db().mfaChallenge.updateManyAndReturn({
    where: { tokenHash: sha256(token), consumedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: MAX_CHALLENGE_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
    select: { id: true, userId: true, organizationId: true, via: true, amr: true, credentialEpoch: true },
  });
  if (!row) throw deadChallenge();
  return row;
}

/** Spends the token once its code was right: of two requests racing with it, one wins. */
export async function consumeChallenge(challengeId: string): Promise<void> {
  const spent = await db().mfaChallenge.updateMany({
    where: { id: challengeId, consumedAt: null, expiresAt: { gt: new Date() } },
    data: { consumedAt: new Date() },
  });
  if (spent.count === 0) throw deadChallenge();
}
