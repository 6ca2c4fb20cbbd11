import "server-only";
import { sign, verify, type KeyObject } from "node:crypto";
import type { Algorithm } from "./material";

// JWS signatures (RFC 7515/7518/8037) with node:crypto, synchronously: ES256 as the raw r‖s pair
// (IEEE P1363), EdDSA (Ed25519) over the input itself, RS256 as PKCS #1 v1.5 with SHA-256.

const digestOf = (algorithm: Algorithm) => (algorithm === "EdDSA" ? null : "sha256");
const ES256_SIGNATURE_BYTES = 64;

/** The base64url signature of `input` (the JWS signing input, `header.payload`). */
export function signJws(algorithm: Algorithm, key: KeyObject, input: string): string {
  const data = Buffer.from(input);
  const signature = algorithm === "ES256" ? sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }) : sign(digestOf(algorithm), data, key);
  return signature.toString("base64url");
}

/**
 * Whether `signature` (base64url, in exactly the form it was issued: Node's decoder is lenient)
 * is `key`'s signature of `input` under `algorithm`.
 */
export function verifyJws(algorithm: Algorithm, key: KeyObject, input: string, signature: string): boolean {
  const bytes = Buffer.from(signature, "base64url");
  if (bytes.toString("base64url") !== signature) return false;
  try {
    if (algorithm === "ES256") {
      return bytes.length === ES256_SIGNATURE_BYTES && verify("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }, bytes);
    }
    return verify(digestOf(algorithm), Buffer.from(input), key, bytes);
  } catch {
    return false; // a key of another type than the algorithm names
  }
}
