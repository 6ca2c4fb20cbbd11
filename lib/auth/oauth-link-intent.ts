import "server-only";
import { createHmac } from "node:crypto";
import { config } from "@/lib/config/env";
import { constantTimeEqual } from "./crypto";

// "Connect GitHub" on the profile page leaves this short-lived cookie for the OAuth callback:
// it says that THIS server-side session (sid + uid) asked to link THIS provider. Without it an
// OAuth callback never links anything to the signed-in account. It is an HMAC-signed statement,
// not a credential: the callback still checks that the session is alive and inside its step-up
// window, so the cookie dies with the session (logout, revocation, password change or reset).

export const LINK_INTENT_COOKIE = "keystone.oauth-link";
/** Long enough to get through the provider's consent screen; the step-up window is checked too. */
export const LINK_INTENT_MAX_AGE_SECONDS = 10 * 60;

export interface LinkIntent {
  sid: string;
  uid: string;
  provider: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const sign = (payload: string, secret = config().AUTH_SECRET) =>
  createHmac("sha256", secret).update(`oauth-link-intent:${payload}`).digest("base64url");

/** Signed with AUTH_SECRET, or one of AUTH_PREVIOUS_SECRETS: an intent made just before a rotation still works. */
const signedWithAnyAuthSecret = (payload: string, signature: string) =>
  config().authSecrets.some((secret) => constantTimeEqual(signature, sign(payload, secret)));

export function encodeLinkIntent(intent: Omit<LinkIntent, "exp">, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...intent, exp: Math.floor(now / 1000) + LINK_INTENT_MAX_AGE_SECONDS })).toString(
    "base64url",
  );
  return `${payload}.${sign(payload)}`;
}

/** The intent in `value` when its signature holds and it has not expired; null otherwise. */
export function decodeLinkIntent(value: string | undefined | null, now = Date.now()): LinkIntent | null {
  const [payload, signature, extra] = (value ?? "").split(".");
  if (!payload || !signature || extra !== undefined || !signedWithAnyAuthSecret(payload, signature)) return null;
  try {
    const intent = JSON.parse(Buffer.from(payload, "base64url").toString()) as LinkIntent;
    if (typeof intent.sid !== "string" || typeof intent.uid !== "string" || typeof intent.provider !== "string") return null;
    return typeof intent.exp === "number" && intent.exp * 1000 > now ? intent : null;
  } catch {
    return null;
  }
}

/** The intent cookie carried by a request (the OAuth callback), if any. */
export function linkIntentFrom(request: Request): LinkIntent | null {
  const cookie = request.headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${LINK_INTENT_COOKIE}=`));
  return decodeLinkIntent(cookie?.slice(LINK_INTENT_COOKIE.length + 1));
}

export const linkIntentCookieOptions = () => ({
  httpOnly: true,
  // The provider sends the browser back with a top-level GET: Lax cookies go along.
  sameSite: "lax" as const,
  secure: config().appUrl.startsWith("https://"),
  path: "/",
  maxAge: LINK_INTENT_MAX_AGE_SECONDS,
});
