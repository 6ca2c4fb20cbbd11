import "server-only";
import { createHash } from "node:crypto";
import { freshKeys, stateOf, type PublicJwk, type StoredKey } from "./store";

// The public JWKS (GET /.well-known/jwks.json): every published key (pending, active, retiring),
// each with kid, alg and use. Members are copied by name from a list of public ones, so a private
// member could never be rendered even if one reached the stored public JWK.

const PUBLIC_MEMBERS: Record<string, readonly string[]> = { EC: ["crv", "x", "y"], OKP: ["crv", "x"], RSA: ["n", "e"] };

export interface PublishedJwk {
  kty: string;
  kid: string;
  alg: string;
  use: "sig";
  [member: string]: string;
}

export function publicJwkOf(key: StoredKey): PublishedJwk {
  const jwk = key.publicJwk as PublicJwk & Record<string, unknown>;
  const kty = String(jwk.kty);
  const members = Object.fromEntries((PUBLIC_MEMBERS[kty] ?? []).map((name) => [name, String(jwk[name])]));
  return { kty, ...members, kid: key.kid, alg: key.algorithm, use: "sig" };
}

/** The JWKS document and its entity tag (a digest of the body: equal bodies, equal tags). */
export async function publicJwks(): Promise<{ body: string; etag: string }> {
  const now = Date.now();
  const { keys } = await freshKeys();
  const body = JSON.stringify({ keys: keys.filter((k) => stateOf(k, now) !== "expired").map(publicJwkOf) });
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}
