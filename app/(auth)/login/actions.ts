"use server";
import { AuthError } from "next-auth";
import { config } from "@/lib/config/env";
import { redirect } from "next/navigation";
import { LoginRefused, signIn } from "@/auth";
import { publicAction } from "@/lib/actions/safe-action";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { ACCOUNT_DISABLED_MESSAGE } from "@/lib/http/errors";
import { SECOND_STEP_PAGE } from "@/lib/mfa/enrol-redirect";
import { setPendingSignIn } from "@/lib/sign-in/pending-cookie";
import { loginFormSchema } from "@/lib/validation/forms";

const REFUSALS: Record<string, string> = {
  invalid_credentials: "The email or password is incorrect.",
  email_not_verified: "Confirm your email address first: enter the code we sent you.",
  account_disabled: ACCOUNT_DISABLED_MESSAGE,
  sso_required: "Your organization signs you in through its identity provider.",
};

/**
 * Home-realm discovery: a person whose organization enforces single sign-on is sent on to its
 * /sso start, as a path on this site, carrying where sign-in would have ended.
 */
function ssoLink(ssoUrl: string, callbackUrl: string | undefined): string {
  const url = new URL(ssoUrl, config().appUrl);
  if (callbackUrl) url.searchParams.set("returnTo", safeCallbackUrl(callbackUrl, config().appUrl));
  return `${url.pathname}${url.search}`;
}

// Auth.js signs in here, on the server, and sets its cookie on this response; the redirect is
// ours, so it works the same with and without JavaScript and can only lead to a path on this site.
export const signInAction = publicAction(loginFormSchema, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    // A second factor is owed: authorize checked the password once and opened no session. The
    // mfaToken goes into an HttpOnly cookie (never a URL) and the browser to the second step.
    if (error instanceof LoginRefused && error.apiCode === "mfa_required" && error.mfaToken) {
      await setPendingSignIn(error.mfaToken);
      // Only a checked path on this site goes along, so the second step can end where sign-in would have.
      redirect(`${SECOND_STEP_PAGE}?callbackUrl=${encodeURIComponent(safeCallbackUrl(input.callbackUrl, config().appUrl))}`);
    }
    if (error instanceof LoginRefused && error.apiCode === "sso_required" && error.ssoUrl) {
      return {
        ok: false as const,
        code: error.apiCode,
        formError: REFUSALS.sso_required,
        extensions: { ssoUrl: ssoLink(error.ssoUrl, input.callbackUrl) },
      };
    }
    if (error instanceof LoginRefused) {
      return { ok: false as const, code: error.apiCode, formError: REFUSALS[error.apiCode] ?? error.detail };
    }
    if (error instanceof AuthError) return { ok: false as const, code: "invalid_credentials", formError: REFUSALS.invalid_credentials };
    throw error;
  }
  redirect(safeCallbackUrl(input.callbackUrl, config().appUrl));
});
