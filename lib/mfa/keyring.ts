import "server-only";
import { createHash, hkdfSync } from "node:crypto";
import { config, type Env } from "@/lib/config/env";

// The keys that seal authenticator-app secrets and recovery-code digests (lib/mfa/secret-box.ts).
// One key seals: MFA_ENCRYPTION_KEY, or when it is unset the key every release before it derived
// from AUTH_SECRET (so a deployment that never set it changes nothing). Every other key only
// opens: MFA_ENCRYPTION_PREVIOUS_KEYS, and the keys derived from AUTH_SECRET and from each
// AUTH_PREVIOUS_SECRETS entry. The AUTH-derived ones stay in the ring whether or not
// MFA_ENCRYPTION_KEY is set: boxes sealed before the key was set, or before AUTH_SECRET was
// rotated, keep opening until `npm run secrets:reseal` moves them to the current key.

export interface MfaKey {
  /** Short public name of the key: a hash of it, written into every box it seals. */
  kid: string;
  key: Buffer;
  /** Where it comes from, for an operator's log line (never the key itself). */
  source: "MFA_ENCRYPTION_KEY" | "MFA_ENCRYPTION_PREVIOUS_KEYS" | "AUTH_SECRET" | "AUTH_PREVIOUS_SECRETS";
}

export interface Keyring {
  /** Seals every new box. */
  current: MfaKey;
  /** Every key that may open a box, the current one first, without duplicates. */
  all: MfaKey[];
}

/** Exactly the derivation of the v1 boxes, so they and their key keep working unchanged. */
const fromAuthSecret = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "keystone-auth", "totp-secret-v1", 32));
const fromMfaKey = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "keystone-auth", "mfa-encryption-v2", 32));

/** 48 bits of SHA-256 of the key: enough to tell a handful of keys apart, nothing to attack. */
export const kidOf = (key: Buffer) => createHash("sha256").update("keystone-auth mfa kid\0").update(key).digest("base64url").slice(0, 8);

const named = (key: Buffer, source: MfaKey["source"]): MfaKey => ({ kid: kidOf(key), key, source });

function buildKeyring(env: Env): Keyring {
  const [authSecret, ...previousAuthSecrets] = env.authSecrets;
  const candidates = [
    ...(env.MFA_ENCRYPTION_KEY ? [named(fromMfaKey(env.MFA_ENCRYPTION_KEY), "MFA_ENCRYPTION_KEY")] : []),
    ...env.MFA_ENCRYPTION_PREVIOUS_KEYS.map((k) => named(fromMfaKey(k), "MFA_ENCRYPTION_PREVIOUS_KEYS")),
    named(fromAuthSecret(authSecret!), "AUTH_SECRET"),
    ...previousAuthSecrets.map((s) => named(fromAuthSecret(s), "AUTH_PREVIOUS_SECRETS")),
  ];
  const all = candidates.filter((k, i) => candidates.findIndex((other) => other.kid === k.kid) === i);
  return { current: all[0]!, all };
}

// HKDF per box would be wasted work: the ring is built once per configuration (tests that reset
// the configuration get a new object, hence a new ring).
const rings = new WeakMap<Env, Keyring>();

export function keyring(): Keyring {
  const env = config();
  let ring = rings.get(env);
  if (!ring) rings.set(env, (ring = buildKeyring(env)));
  return ring;
}
