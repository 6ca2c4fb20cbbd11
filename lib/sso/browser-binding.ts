import "server-only";
import { randomToken, sha256 } from "@/lib/auth/crypto";
import { serializeCookie } from "@/lib/auth/browser-cookie";
import { config } from "@/lib/config/env";
import { SSO_REQUEST_SECONDS } from "./saml";

// Login CSRF: an attacker starts a sign-in at their own organization's IdP, then hands the IdP's
// answer (the auto-posting SAML form, the OIDC callback URL) to a victim's browser, which would be
// signed in as the attacker and type its secrets into the attacker's account. So every start binds
// its request to the browser that made it: a random value in an HttpOnly cookie, its SHA-256 in
// the request row, and the answer is accepted only from a browser that sends the value back.
// One value per browser, reused by every start while it lives, so two tabs can sign in at once.
//
// The SAML answer arrives as a cross-site POST from the IdP's page, which carries only a
// SameSite=None cookie, and browsers keep None only with Secure: on https (named __Host-), and on
// http://localhost, which browsers count as a secure context (development, the e2e tests, whose
// IdP stand-in is another site: 127.0.0.1). Elsewhere on plain http the cookie is Lax, and only
// an IdP on the same site can answer over POST.

const onHttps = () => config().appUrl.startsWith("https://");
const onLoopback = () => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(config().appUrl).hostname);
export const bindingCookieName = () => (onHttps() ? "__Host-ks-sso-binding" : "ks_sso_binding");

/** The binding value a request carries, if any (a plausible one: our own format). */
export function bindingFrom(request: Request): string | null {
  const name = bindingCookieName();
  const value = request.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return value && /^[\w-]{43}$/.test(value) ? value : null;
}

/** The browser's binding: the one it has, or a new one; the cookie to (re)set either way. */
export function browserBinding(request: Request): { value: string; hash: string; cookie: string } {
  const value = bindingFrom(request) ?? randomToken();
  const cookie = serializeCookie(bindingCookieName(), value, {
    httpOnly: true,
    sameSite: onHttps() || onLoopback() ? "none" : "lax",
    secure: onHttps() || onLoopback(),
    path: "/",
    maxAge: SSO_REQUEST_SECONDS,
  });
  return { value, hash: bindingHash(value), cookie };
}

export const bindingHash = (value: string) => sha256(`sso-binding:${value}`);

/** The hash an answer's request must carry: of the binding this browser sent, or null (none sent). */
export function requestBindingHash(request: Request): string | null {
  const value = bindingFrom(request);
  return value ? bindingHash(value) : null;
}
