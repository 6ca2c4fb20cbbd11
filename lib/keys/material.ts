import "server-only";
import { generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { SigningKeyInsert } from "@/lib/db/statements/signing-keys";
import { seal } from "@/lib/mfa/secret-box";

// New key pairs, from node:crypto: the public half as a JWK, the private half as a JWK sealed with
// the secret box (bound to its kid, so a box copied to another row does not open). The kid is the
// public JWK's RFC 7638 thumbprint.

/** Every algorithm a key is kept for: ES256 and EdDSA (access tokens), RS256 and ES256 (ID tokens). */
export const ALGORITHMS = ["ES256", "EdDSA", "RS256"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const isAlgorithm = (value: unknown): value is Algorithm => (ALGORITHMS as readonly unknown[]).includes(value);

/** What the secret box binds a private key to. */
export const boxContext = (kid: string) => `signing-key:${kid}`;

const generate = promisify(generateKeyPair);

function keyPair(algorithm: Algorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (algorithm) {
    case "ES256":
      return generate("ec", { namedCurve: "P-256" });
    case "EdDSA":
      return generate("ed25519", {});
    case "RS256":
      return generate("rsa", { modulusLength: 2048 });
  }
}

/** A new key of `algorithm`, ready for insertSigningKey. */
export async function newKeyMaterial(algorithm: Algorithm): Promise<SigningKeyInsert> {
  const { publicKey, privateKey } = await keyPair(algorithm);
  const publicJwk = publicKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const privateJwk = privateKey.export({ format: "jwk" });
  return { id: kid, algorithm, publicJwk: publicJwk as object, privateKeyBox: seal(JSON.stringify(privateJwk), boxContext(kid)) };
}
