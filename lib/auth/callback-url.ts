// Where to send a browser after sign-in, and the check behind every redirect whose target comes
// from the request (the proxy, /session-ended, the sign-in page and form, OAuth, Auth.js's own
// redirects). Client-safe: the sign-in form runs it too.
//
// A prefix check on the raw text is not enough: URL parsers drop tabs and newlines and read "\"
// as "/", so "/\t/evil.example" or "/\n/evil.example" becomes "//evil.example", another host.
// So the target is resolved the way a browser resolves it, against the app's own origin, kept only
// if it stays there, and rebuilt from the parsed URL instead of passing the raw text on.

export const DEFAULT_AFTER_SIGN_IN = "/profile";

/** C0 controls (tab, LF, CR among them), DEL and C1 controls: never part of a link we produced. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * `value` as a path on `base`'s origin (`/path?query#hash`), or null when it is empty, holds a
 * control character, or resolves to any other origin. `base` is the app's origin (APP_URL on the
 * server). The result never starts with "//", which a browser would read as a host name.
 */
export function sameOriginPath(value: string | null | undefined, base: string): string | null {
  if (!value || CONTROL_CHARACTERS.test(value)) return null;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(base).origin;
    url = new URL(value, `${origin}/`);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  // "/.//evil.example" resolves to the path "//evil.example": same origin here, another host once
  // it is sent on as a relative URL.
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where to go after signing in: a same-origin path, never back to the sign-in pages themselves. */
export function safeCallbackUrl(value: string | null | undefined, base: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  const path = sameOriginPath(value, base);
  if (!path || /^\/(login|signup)(\/|\?|#|$)/.test(path)) return fallback;
  return path;
}
