import "server-only";
import { cookies } from "next/headers";
import { config } from "@/lib/config/env";

// The emailed reset link carries its token in the path (/reset-password/<token>). Left there, it
// would stay in the address bar and the history, be sent as the Referer of the next requests
// and land in the access log of every POST the form makes to its own page. The link's target
// moves it into a short-lived HttpOnly cookie scoped to the reset page and redirects to the bare
// /reset-password, so only that first request ever carries it in a URL.

export const RESET_TOKEN_COOKIE = "reset_token";
const PATH = "/reset-password";

/** The link's answer: 303 to the bare page, the token in the cookie. */
export function resetLinkResponse(token: string): Response {
  const headers = new Headers({ location: PATH, "cache-control": "no-store", "referrer-policy": "no-referrer" });
  // Anything not shaped like one of our tokens is dropped: the page then says the link is invalid.
  if (/^[A-Za-z0-9_-]{16,256}$/.test(token)) {
    const secure = config().appUrl.startsWith("https:") ? "; Secure" : "";
    // One hour, as long as a reset token lives; Lax so a click from a mail client sends it.
    headers.append("set-cookie", `${RESET_TOKEN_COOKIE}=${token}; Path=${PATH}; Max-Age=3600; HttpOnly; SameSite=Lax${secure}`);
  }
  return new Response(null, { status: 303, headers });
}

export async function resetTokenFromCookie(): Promise<string> {
  return (await cookies()).get(RESET_TOKEN_COOKIE)?.value ?? "";
}

export async function forgetResetToken() {
  (await cookies()).delete({ name: RESET_TOKEN_COOKIE, path: PATH });
}
