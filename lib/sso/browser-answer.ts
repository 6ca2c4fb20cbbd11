import "server-only";
import { browserSessionCookieHeader } from "@/lib/auth/browser-cookie";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { SECOND_STEP_PAGE } from "@/lib/mfa/enrol-redirect";
import type { SignInOutcome } from "@/lib/sign-in/gate";
import { pendingSignInCookieHeader } from "@/lib/sign-in/pending-cookie";

// What the browser gets once the IdP's answer went through the door: the session cookie and the
// page it started from, or (a factor owed) the pending sign-in cookie and the second step. A
// refusal is the sign-in page with its reason for a browser, problem+json for anything else.

/** 303 to a path of this app (or an absolute URL), with a cookie to set; never cached. */
export const seeOther = (path: string, cookie?: string) => {
  const headers = new Headers({ location: new URL(path, config().appUrl).toString(), "cache-control": "no-store" });
  if (cookie) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
};

export async function signedInAnswer(outcome: SignInOutcome, returnTo: string): Promise<Response> {
  if (outcome.kind === "second_factor_required") {
    return seeOther(`${SECOND_STEP_PAGE}?callbackUrl=${encodeURIComponent(returnTo)}`, pendingSignInCookieHeader(outcome.mfaToken));
  }
  return seeOther(returnTo, await browserSessionCookieHeader({ userId: outcome.userId, sessionId: outcome.sessionId }));
}

/** A browser is sent to the sign-in page with the error's code; an API client gets the problem. */
export function refusalAnswer(request: Request, error: unknown): Response | null {
  if (!(error instanceof ApiError) || !(request.headers.get("accept") ?? "").includes("text/html")) return null;
  return seeOther(`/login?error=${encodeURIComponent(error.code)}`);
}
