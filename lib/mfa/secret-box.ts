import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { keyring, type MfaKey } from "./keyring";

// TOTP secrets must be readable by the server (it computes the codes), so they cannot be hashed:
// they are sealed with AES-256-GCM under the MFA key (lib/mfa/keyring.ts). Recovery-code digests
// are sealed the same way, so that they too can be moved to a new key without their plaintext. A
// stolen database alone yields nothing; a stolen database plus the key does (see SECURITY.md).
//
// v2.<kid>.<iv>.<ciphertext>.<tag>: kid names the key that sealed it, so opening goes straight
// to that key, and the box is bound to its `context` (e.g. "totp:<userId>") as associated data,
// so a box copied to another row or purpose does not open.
// v1.<iv>.<ciphertext>.<tag>: the format before keys were named; sealed under AUTH_SECRET's key,
// without context. Still opened (every key is tried); never written.

/** Why a box did not open. The server's configuration or data is at fault, never the caller. */
export type UnopenableReason = "unknown_key" | "corrupt";

/** A box no configured key opens: the key was dropped too early, or the row is damaged. */
export class UnopenableSecretError extends Error {
  constructor(
    readonly reason: UnopenableReason,
    /** The key id written in the box (v2), for the operator; null for v1 or an unreadable box. */
    readonly kid: string | null,
  ) {
    super(
      reason === "unknown_key"
        ? `No configured MFA key${kid ? ` (kid ${kid})` : ""} opens this sealed secret: a key it needs was removed from MFA_ENCRYPTION_KEY / MFA_ENCRYPTION_PREVIOUS_KEYS / AUTH_SECRET / AUTH_PREVIOUS_SECRETS`
        : `A sealed secret is damaged or sealed for another row${kid ? ` (kid ${kid})` : ""}: no configured key opens it`,
    );
    this.name = "UnopenableSecretError";
  }
}

const b64 = (buffer: Buffer) => buffer.toString("base64url");

export function seal(plaintext: string, context: string): string {
  const { current } = keyring();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v2", current.kid, b64(iv), b64(sealed), b64(cipher.getAuthTag())].join(".");
}

/** The key id a box was sealed with (null for v1 boxes and anything else). */
export function sealedKid(box: string): string | null {
  const parts = box.split(".");
  return parts[0] === "v2" && parts.length === 5 ? parts[1]! : null;
}

/** True when the box is already sealed with the current key: re-sealing it changes nothing. */
export const sealedWithCurrentKey = (box: string) => sealedKid(box) === keyring().current.kid;

function tryOpen(key: MfaKey, iv: string, sealed: string, tag: string, context: string | null): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    if (context !== null) decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null; // wrong key, damaged box, or a tag of the wrong length
  }
}

/** Opens a box with the key it names (v2) or any configured key (v1); throws UnopenableSecretError. */
export function open(box: string, context: string): string {
  const parts = box.split(".");
  const { all } = keyring();
  if (parts[0] === "v2" && parts.length === 5) {
    const [, kid, iv, sealed, tag] = parts as [string, string, string, string, string];
    const keys = all.filter((k) => k.kid === kid);
    if (keys.length === 0) throw new UnopenableSecretError("unknown_key", kid);
    for (const key of keys) {
      const plaintext = tryOpen(key, iv, sealed, tag, context);
      if (plaintext !== null) return plaintext;
    }
    throw new UnopenableSecretError("corrupt", kid);
  }
  if (parts[0] === "v1" && parts.length === 4) {
    const [, iv, sealed, tag] = parts as [string, string, string, string];
    for (const key of all) {
      const plaintext = tryOpen(key, iv, sealed, tag, null);
      if (plaintext !== null) return plaintext;
    }
    // A v1 box names no key: a missing key and a damaged box cannot be told apart.
    throw new UnopenableSecretError("unknown_key", null);
  }
  throw new UnopenableSecretError("corrupt", null);
}
