// Where to send a user after sign-in. Only paths on this site: an absolute or protocol-relative
// URL ("//evil.example") would make the sign-in page an open redirect.

export const DEFAULT_AFTER_SIGN_IN = "/profile";

export function safeCallbackUrl(value: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Never bounce back to the pages a signed-in user is sent away from.
  if (/^\/(login|signup)(\/|\?|$)/.test(value)) return fallback;
  return value;
}
