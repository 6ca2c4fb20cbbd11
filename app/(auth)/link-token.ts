import "server-only";
import { cookies } from "next/headers";
import { config } from "@/lib/config/env";

// Emailed links carry their token in the path (/reset-password/<token>, /invitations/<token>).
// Left there, it would stay in the address bar and the history, be sent as the Referer of the
// next requests, and land in the access log of every POST a form makes to its own page and in
// every sign-in callbackUrl that leads back to it. The link's target moves it into a short-lived
// HttpOnly cookie and redirects to the bare page, so only that first request carries it in a URL.

export interface LinkToken {
  cookie: string;
  /** The cookie is sent to these pages only. */
  path: string;
  maxAgeSeconds: number;
  /** Where the link lands, without its token. */
  page: string;
}

/** A reset token lives an hour; only the reset page needs it. */
export const RESET_LINK: LinkToken = { cookie: "reset_token", path: "/reset-password", maxAgeSeconds: 60 * 60, page: "/reset-password" };

/** An invitation lives 7 days; the invitation page and the sign-up it leads to need it. */
export const INVITATION_LINK: LinkToken = { cookie: "invitation_token", path: "/", maxAgeSeconds: 7 * 24 * 60 * 60, page: "/invitations" };

/** An email change's undo link lives 7 days; only its page needs it. */
export const UNDO_EMAIL_CHANGE_LINK: LinkToken = {
  cookie: "undo_email_token",
  path: "/undo-email-change",
  maxAgeSeconds: 7 * 24 * 60 * 60,
  page: "/undo-email-change",
};

/** The link's answer: 303 to the bare page, the token in the cookie. */
export function linkTokenRedirect(link: LinkToken, token: string): Response {
  const headers = new Headers({ location: link.page, "cache-control": "no-store", "referrer-policy": "no-referrer" });
  // Anything not shaped like one of our tokens is dropped: the page then says the link is invalid.
  if (/^[A-Za-z0-9_-]{16,256}$/.test(token)) {
    const secure = config().appUrl.startsWith("https:") ? "; Secure" : "";
    // Lax, so the click from a mail client (a top-level navigation) keeps it.
    headers.append(
      "set-cookie",
      `${link.cookie}=${token}; Path=${link.path}; Max-Age=${link.maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`,
    );
  }
  return new Response(null, { status: 303, headers });
}

export async function linkTokenFromCookie(link: LinkToken): Promise<string> {
  return (await cookies()).get(link.cookie)?.value ?? "";
}

/** Once the token is spent (a reset, an accepted invitation). */
export async function forgetLinkToken(link: LinkToken) {
  (await cookies()).delete({ name: link.cookie, path: link.path });
}
