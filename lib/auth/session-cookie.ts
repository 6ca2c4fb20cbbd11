// The Auth.js session cookie's names (the __Secure- one on https). Client-safe and free of any
// database access, so proxy.ts can use it.

export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** True when the request carries an Auth.js session cookie (possibly chunked), valid or not. */
export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const name = part.split("=")[0]!.trim();
    return SESSION_COOKIE_NAMES.some((n) => name === n || name.startsWith(`${n}.`));
  });
}
