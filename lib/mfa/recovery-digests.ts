import "server-only";
import { codeDigestCandidates, constantTimeEqual, sha256 } from "@/lib/auth/crypto";
import { normalizeRecoveryCode } from "./recovery-codes";
import { open, seal, UnopenableSecretError } from "./secret-box";

// What the database keeps of a recovery code. Recovery codes live as long as the authenticator
// app they back up, so they belong to the MFA key family, not to AUTH_SECRET: rotating the
// cookie secret must not strand them. A keyed digest (HMAC) cannot move to a new key without
// the code itself, which the server never keeps; so the code's salted digest is SEALED with the
// MFA key instead, like a TOTP secret, and `npm run secrets:reseal` re-seals it under a new key
// with no plaintext. A stolen table alone yields nothing; the table plus the key yields salted
// SHA-256 digests of ~50-bit codes, as an HMAC under a leaked key would.
//
// Rows written before this (an HMAC under AUTH_SECRET, no dots: base64url has none) still
// verify under AUTH_SECRET and each of AUTH_PREVIOUS_SECRETS; they cannot be re-keyed, and go
// when they are used or the codes are regenerated.

/** What a sealed recovery-code digest is bound to: its owner (lib/mfa/secret-box.ts). */
export const recoveryContext = (userId: string) => `recovery:${userId}`;

const saltedDigest = (userId: string, code: string) => sha256(`recovery:${userId}:${normalizeRecoveryCode(code)}`);

/** The stored form of a new recovery code. */
export const sealRecoveryCode = (userId: string, code: string) => seal(saltedDigest(userId, code), recoveryContext(userId));

/** A digest from before sealed recovery codes: an HMAC under an AUTH secret. */
export const isLegacyRecoveryDigest = (stored: string) => !stored.includes(".");

/**
 * The row among `rows` (one person's unused codes) that holds `code`, or null. When none matched
 * and some row could not be opened, the code may be in that row: throws UnopenableSecretError
 * rather than calling the code wrong.
 */
export function findRecoveryCode<Row extends { codeHash: string }>(userId: string, code: string, rows: Row[]): Row | null {
  const digest = saltedDigest(userId, code);
  let legacy: string[] | undefined;
  let unopenable: UnopenableSecretError | undefined;
  for (const row of rows) {
    if (isLegacyRecoveryDigest(row.codeHash)) {
      legacy ??= codeDigestCandidates(`recovery:${userId}`, normalizeRecoveryCode(code));
      if (legacy.some((candidate) => constantTimeEqual(candidate, row.codeHash))) return row;
      continue;
    }
    try {
      if (constantTimeEqual(open(row.codeHash, recoveryContext(userId)), digest)) return row;
    } catch (error) {
      if (!(error instanceof UnopenableSecretError)) throw error;
      unopenable ??= error;
    }
  }
  if (unopenable) throw unopenable;
  return null;
}
