import "server-only";
import { getToken } from "next-auth/jwt";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import type { Principal } from "./principal";
import { hasSessionCookie, SESSION_COOKIE_NAMES } from "./session-cookie";
import { checkSession } from "@/lib/sessions/check";
import type { ProfileRow } from "@/lib/db/statements/users";

// The browser's Auth.js session cookie carries our session id (sid) and user id. The cookie
// alone proves nothing more: every request checks the sid against the server-side session, so
// signing out, a password change or reset, or a revocation from another device ends the
// browser session on its very next request.

async function readClaims(request: Request): Promise<{ sid: string; uid: string } | null> {
  for (const name of SESSION_COOKIE_NAMES) {
    const token = await getToken({
      req: { headers: request.headers },
      // Every accepted secret, as Auth.js itself decodes (auth.ts): a cookie from before a rotation still reads.
      secret: config().authSecrets,
      secureCookie: name.startsWith("__Secure-"),
      cookieName: name,
      salt: name,
    });
    if (token && typeof token.sid === "string" && typeof token.uid === "string") return { sid: token.sid, uid: token.uid };
  }
  return null;
}

/** Resolves the browser's Auth.js session cookie to a user principal (null when absent). */
export async function authenticateBrowserSession(request: Request): Promise<Extract<Principal, { kind: "user" }> | null> {
  return (await browserSessionAndProfile(request)).principal;
}

/** The same, with the caller's profile read in the session check's statement (resolvePrincipal). */
export async function browserSessionAndProfile(
  request: Request,
  withProfile = false,
): Promise<{ principal: Extract<Principal, { kind: "user" }> | null; profile: ProfileRow | undefined }> {
  if (!hasSessionCookie(request.headers.get("cookie"))) return { principal: null, profile: undefined };
  const claims = await readClaims(request);
  // A cookie that does not decode (another secret, tampering) is no credential at all.
  if (!claims) return { principal: null, profile: undefined };
  const { session, profile } = await checkSession(claims.sid, claims.uid, withProfile);
  return {
    principal: {
      kind: "user",
      userId: session.userId,
      sessionId: session.id,
      organizationId: session.organizationId,
      stepUpUntil: session.stepUpUntil,
      aal: session.aal,
      via: "cookie",
      impersonatorId: session.impersonatorId,
      ssoOrganizationId: session.ssoOrganizationId,
      signedInAt: session.signedInAt,
    },
    profile,
  };
}

/** The browser's session when its cookie names a live one; null when absent, forged or ended. */
export async function liveBrowserSession(request: Request): Promise<Extract<Principal, { kind: "user" }> | null> {
  try {
    return await authenticateBrowserSession(request);
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") return null;
    throw error;
  }
}
