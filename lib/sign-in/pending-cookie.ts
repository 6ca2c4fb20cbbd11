import "server-only";
import { cookies } from "next/headers";
import { serializeCookie } from "@/lib/auth/browser-cookie";
import { config } from "@/lib/config/env";
import { CHALLENGE_TTL_MS } from "./challenge";

// The browser's half of a sign-in waiting for its second step (password form or OAuth): the
// mfaToken travels in this cookie, never in a URL (no history, logs or Referer), HttpOnly (no
// script reads it), SameSite=Lax and as short-lived as the token itself. It proves nothing on
// its own: the second step still needs a code, and the token dies after 5 wrong ones.

export const PENDING_SIGN_IN_COOKIE = "ks_mfa_pending";

export const SIGN_IN_EXPIRED = "This sign-in has expired or had too many wrong codes. Sign in again.";

export async function setPendingSignIn(mfaToken: string): Promise<void> {
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, mfaToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: config().appUrl.startsWith("https://"),
    path: "/",
    maxAge: Math.floor(CHALLENGE_TTL_MS / 1000),
  });
}

/** The same cookie as a Set-Cookie header, for a route handler's own response (the SSO endpoints). */
export function pendingSignInCookieHeader(mfaToken: string): string {
  const secure = config().appUrl.startsWith("https://");
  return serializeCookie(PENDING_SIGN_IN_COOKIE, mfaToken, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: Math.floor(CHALLENGE_TTL_MS / 1000),
  });
}

export async function readPendingSignIn(): Promise<string | null> {
  return (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value ?? null;
}

export async function clearPendingSignIn(): Promise<void> {
  (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
}
