import "server-only";
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { signJws, verifyJws } from "@/lib/keys/jws";
import { activeKey, publishedKey } from "@/lib/keys/store";

// Access tokens: HS256 with JWT_SECRET by default, or (JWT_ALGORITHM=ES256 or EdDSA) the active
// asymmetric key of lib/keys, published at /.well-known/jwks.json. The algorithm is pinned by the
// key the kid names, never taken from the header: alg=none, an HS256 token naming a public key, or
// an asymmetric token naming an HMAC secret are refused. Issuer and audience are checked. Each
// HMAC key has an id (kid) derived from the secret; JWT_PREVIOUS_SECRETS keeps verifying tokens
// signed before a rotation until they expire. Asymmetric tokens are typed `at+jwt` (RFC 9068), and
// only such tokens are taken from those keys, so an ID token signed with one is not an access token.
// Whoever holds a secret can write any iat and exp, so neither is taken on trust: a token is
// refused once its iat is older than one access lifetime (plus skew) or lies in the future, and
// a previous secret only vouches for tokens issued before its rotation.

/** Clock difference between instances we tolerate on iat (exp is checked without tolerance). */
export const CLOCK_SKEW_SECONDS = 30;

export interface AccessClaims {
  sub: string;
  sid: string;
  org: string | null;
  role: string | null;
  email: string;
  amr: string[];
  aal: "aal1" | "aal2";
  /** RFC 8693 actor: the instance admin acting as `sub` in an impersonation session. */
  act?: { sub: string };
  jti: string;
  iat: number;
  exp: number;
}

interface Key {
  kid: string;
  secret: Uint8Array;
  /** Set for a previous secret: its rotation (Unix seconds; iat has one-second resolution, so that second still counts). */
  retiredAt?: number;
}

const keyOf = (secret: string, rotatedAt?: Date): Key => ({
  kid: createHash("sha256").update(secret).digest("base64url").slice(0, 12),
  secret: new TextEncoder().encode(secret),
  retiredAt: rotatedAt ? Math.floor(rotatedAt.getTime() / 1000) : undefined,
});

let keys: { from: object; current: Key; byKid: Map<string, Key> } | undefined;
function signingKeys() {
  // Derived once per configuration object (tests swap the configuration to rotate keys).
  if (keys?.from !== config()) {
    const current = keyOf(config().JWT_SECRET);
    // The current key first, so a previous entry repeating the current secret cannot shadow it.
    const all = [
      ...config()
        .jwtPreviousSecrets.map((p) => keyOf(p.secret, p.rotatedAt))
        .reverse(),
      current,
    ];
    keys = { from: config(), current, byKid: new Map(all.map((k) => [k.kid, k])) };
  }
  return keys;
}

/** What a new access token says; the registered claims (iat, exp, jti, iss, aud) are added here. */
export type AccessTokenInput = Omit<AccessClaims, "jti" | "iat" | "exp"> & {
  /** The token expires no later than this (an impersonation session's end). */
  notAfter?: Date;
};

/** The `typ` of access tokens signed with an asymmetric key (RFC 9068): never an ID token's. */
const ASYMMETRIC_TYP = "at+jwt";

/** The header and signer of a new access token: JWT_SECRET, or the active key of JWT_ALGORITHM. */
async function currentSigner(): Promise<{ header: object; sign: (input: string) => string }> {
  const algorithm = config().JWT_ALGORITHM;
  if (algorithm === "HS256") {
    const { current } = signingKeys();
    return { header: { alg: "HS256", typ: "JWT", kid: current.kid }, sign: (input) => hmac(current, input) };
  }
  const { key, privateKey } = await activeKey(algorithm);
  return { header: { alg: algorithm, typ: ASYMMETRIC_TYP, kid: key.kid }, sign: (input) => signJws(algorithm, privateKey, input) };
}

export async function signAccessToken(claims: AccessTokenInput) {
  const signer = await currentSigner();
  const iat = Math.floor(Date.now() / 1000);
  const ttl = Math.max(
    0,
    Math.min(config().ACCESS_TOKEN_TTL_SECONDS, claims.notAfter ? Math.floor(claims.notAfter.getTime() / 1000) - iat : Infinity),
  );
  // Signed here with node:crypto, like verification below (jose's WebCrypto path costs a key import
  // and a thread-pool round trip per token); jose.jwtVerify accepts these tokens (jwt.test.ts).
  const header = encodeSegment(signer.header);
  const payload = encodeSegment({
    sid: claims.sid,
    org: claims.org,
    role: claims.role,
    email: claims.email,
    amr: claims.amr,
    aal: claims.aal,
    ...(claims.act ? { act: { sub: claims.act.sub } } : {}),
    // Aliases for clients written against older APIs.
    user_id: claims.sub,
    tenant_id: claims.org,
    sub: claims.sub,
    iss: config().jwtIssuer,
    aud: config().JWT_AUDIENCE,
    iat,
    exp: iat + ttl,
    jti: randomUUID(),
  });
  const token = `${header}.${payload}.${signer.sign(`${header}.${payload}`)}`;
  return { token, expiresIn: ttl };
}

/**
 * Verifies an access token. Signatures are checked here, synchronously, with node:crypto and key
 * objects held in memory: jose's WebCrypto path imports the key and round-trips through the thread
 * pool on every call, which was the largest cost of ours per authenticated request
 * (docs/performance.md); signing is done the same way. An asymmetric kid is looked up in lib/keys'
 * copy in memory (a query only for a kid it does not know, throttled). The checks are jose's: the
 * algorithm pinned, no `crit` extensions, issuer, audience, the required claims and their types,
 * exp (no tolerance) and nbf.
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const parts = token.split(".");
  const header = parts.length === 3 ? decodeSegment(parts[0]!) : null;
  if (!header) throw new ApiError("unauthorized", "The access token is malformed.");
  const kid = header.kid;
  const invalid = () => new ApiError("unauthorized", "The access token is invalid.");
  const unknownKey = () => new ApiError("unauthorized", "The access token was signed with an unknown key.");
  if (kid !== undefined && typeof kid !== "string") throw unknownKey();
  const hmacKey = kid === undefined ? signingKeys().current : signingKeys().byKid.get(kid);
  let retiredAt: number | undefined;
  if (hmacKey) {
    if (header.alg !== "HS256" || header.crit !== undefined || header.b64 !== undefined) throw invalid();
    if (!signatureMatches(hmacKey, parts[0]!, parts[1]!, parts[2]!)) throw invalid();
    retiredAt = hmacKey.retiredAt;
  } else {
    const key = await publishedKey(kid!);
    if (!key) throw unknownKey();
    // Pinned to the key's algorithm: an HS256 token naming this kid is not checked as an HMAC with its public key.
    if (header.alg !== key.algorithm || header.typ !== ASYMMETRIC_TYP || header.crit !== undefined || header.b64 !== undefined) {
      throw invalid();
    }
    if (!verifyJws(key.algorithm, key.publicKey, `${parts[0]}.${parts[1]}`, parts[2]!)) throw invalid();
    // A retired key vouches only for tokens issued before its successor took over (instances' clocks may differ a little).
    if (key.retiresAt) retiredAt = Math.floor(key.retiresAt.getTime() / 1000) + CLOCK_SKEW_SECONDS;
  }

  const claims = decodeSegment(parts[1]!) as unknown as AccessClaims | null;
  if (!claims || !claimsAreValid(claims as unknown as Record<string, unknown>)) throw invalid();
  if (claims.exp <= Math.floor(Date.now() / 1000)) throw new ApiError("token_expired", "The access token has expired; refresh it.");
  checkIssuedAt(claims.iat, retiredAt);
  return claims;
}

const encodeSegment = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const hmac = (key: Key, input: string) => createHmac("sha256", key.secret).update(input).digest("base64url");

/** A JSON object in base64url, or null for anything else. */
function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Compares the encoded signature text, not decoded bytes: Node's base64url decoder is lenient, and
 * a token must verify in exactly the form it was issued.
 */
function signatureMatches(key: Key, header: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(hmac(key, `${header}.${payload}`));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function claimsAreValid(claims: Record<string, unknown>): boolean {
  const audience = config().JWT_AUDIENCE;
  const audienceOk = Array.isArray(claims.aud) ? claims.aud.includes(audience) : claims.aud === audience;
  const now = Math.floor(Date.now() / 1000);
  return (
    claims.iss === config().jwtIssuer &&
    audienceOk &&
    typeof claims.sub === "string" &&
    typeof claims.sid === "string" &&
    Number.isFinite(claims.exp) &&
    Number.isFinite(claims.iat) &&
    (claims.nbf === undefined || (Number.isFinite(claims.nbf) && (claims.nbf as number) <= now))
  );
}

/** `retiredAt`: when the key stopped signing (Unix seconds), for a key that has. */
function checkIssuedAt(iat: number, retiredAt: number | undefined) {
  const now = Math.floor(Date.now() / 1000);
  if (iat > now + CLOCK_SKEW_SECONDS) throw new ApiError("unauthorized", "The access token is invalid.");
  if (retiredAt !== undefined && iat > retiredAt) {
    throw new ApiError("unauthorized", "The access token was signed with a retired key.");
  }
  if (now - iat > config().ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) {
    throw new ApiError("token_expired", "The access token has expired; refresh it.");
  }
}
