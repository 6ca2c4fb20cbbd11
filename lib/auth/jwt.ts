import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT, decodeProtectedHeader } from "jose";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";

// Access tokens: HS256 only (the algorithm is pinned on verify, so alg=none or an RS/HS swap is
// refused), issuer and audience checked. Each key has an id (kid) derived from the secret;
// JWT_PREVIOUS_SECRETS keeps verifying tokens signed before a rotation until they expire.
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
    const all = [...config().jwtPreviousSecrets.map((p) => keyOf(p.secret, p.rotatedAt)).reverse(), current];
    keys = { from: config(), current, byKid: new Map(all.map((k) => [k.kid, k])) };
  }
  return keys;
}

/** What a new access token says; the registered claims (iat, exp, jti, iss, aud) are added here. */
export type AccessTokenInput = Omit<AccessClaims, "jti" | "iat" | "exp">;

export async function signAccessToken(claims: AccessTokenInput) {
  const { current } = signingKeys();
  const ttl = config().ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({
    sid: claims.sid,
    org: claims.org,
    role: claims.role,
    email: claims.email,
    amr: claims.amr,
    aal: claims.aal,
    // Aliases for clients written against older APIs.
    user_id: claims.sub,
    tenant_id: claims.org,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: current.kid })
    .setSubject(claims.sub)
    .setIssuer(config().jwtIssuer)
    .setAudience(config().JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .setJti(randomUUID())
    .sign(current.secret);
  return { token, expiresIn: ttl };
}

export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new ApiError("unauthorized", "The access token is malformed.");
  }
  const key = kid ? signingKeys().byKid.get(kid) : signingKeys().current;
  if (!key) throw new ApiError("unauthorized", "The access token was signed with an unknown key.");
  let claims: AccessClaims;
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: ["HS256"],
      issuer: config().jwtIssuer,
      audience: config().JWT_AUDIENCE,
      requiredClaims: ["sub", "sid", "exp", "iat"],
    });
    claims = payload as unknown as AccessClaims;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ApiError("token_expired", "The access token has expired; refresh it.");
    throw new ApiError("unauthorized", "The access token is invalid.");
  }
  checkIssuedAt(claims.iat, key);
  return claims;
}

function checkIssuedAt(iat: number, key: Key) {
  const now = Math.floor(Date.now() / 1000);
  if (iat > now + CLOCK_SKEW_SECONDS) throw new ApiError("unauthorized", "The access token is invalid.");
  if (key.retiredAt !== undefined && iat > key.retiredAt) {
    throw new ApiError("unauthorized", "The access token was signed with a retired key.");
  }
  if (now - iat > config().ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) {
    throw new ApiError("token_expired", "The access token has expired; refresh it.");
  }
}
