import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT, decodeProtectedHeader } from "jose";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";

// Access tokens: HS256 only (the algorithm is pinned on verify, so alg=none or an RS/HS swap is
// refused), issuer and audience checked. Each key has an id (kid) derived from the secret;
// JWT_PREVIOUS_SECRETS keeps verifying tokens signed before a rotation until they expire.

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
}

const keyOf = (secret: string): Key => ({
  kid: createHash("sha256").update(secret).digest("base64url").slice(0, 12),
  secret: new TextEncoder().encode(secret),
});

let keys: { from: object; current: Key; byKid: Map<string, Key> } | undefined;
function signingKeys() {
  // Derived once per configuration object (tests swap the configuration to rotate keys).
  if (keys?.from !== config()) {
    const current = keyOf(config().JWT_SECRET);
    const all = [current, ...config().jwtPreviousSecrets.map(keyOf)];
    keys = { from: config(), current, byKid: new Map(all.map((k) => [k.kid, k])) };
  }
  return keys;
}

export async function signAccessToken(claims: {
  sub: string;
  sid: string;
  org: string | null;
  role: string | null;
  email: string;
  amr: string[];
  aal: "aal1" | "aal2";
}) {
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
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: ["HS256"],
      issuer: config().jwtIssuer,
      audience: config().JWT_AUDIENCE,
      requiredClaims: ["sub", "sid", "exp", "iat"],
    });
    return payload as unknown as AccessClaims;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ApiError("token_expired", "The access token has expired; refresh it.");
    throw new ApiError("unauthorized", "The access token is invalid.");
  }
}
