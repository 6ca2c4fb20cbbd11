import "server-only";
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config/env";

// Secrets handed to clients are long random strings; the database keeps only their SHA-256.
// (A fast hash is right here: 256 random bits cannot be guessed, unlike a password.)

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

/** 6-digit codes have only 10^6 values: keyed with a server secret so a leaked table cannot be reversed. */
export const codeDigest = (purposeAndOwner: string, code: string, secret = config().AUTH_SECRET) =>
  createHmac("sha256", secret).update(`${purposeAndOwner}:${code}`).digest("base64url");

/**
 * The same digest under AUTH_SECRET and each of AUTH_PREVIOUS_SECRETS: a code mailed (or a
 * recovery code issued) before a rotation still verifies. New digests use AUTH_SECRET only.
 */
export const codeDigestCandidates = (purposeAndOwner: string, code: string) =>
  config().authSecrets.map((secret) => codeDigest(purposeAndOwner, code, secret));

/** True when `digest` is the code's digest under any accepted AUTH secret (constant time each). */
export const codeDigestMatches = (purposeAndOwner: string, code: string, digest: string) =>
  codeDigestCandidates(purposeAndOwner, code).some((candidate) => constantTimeEqual(candidate, digest));

export const sixDigitCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
