import type { Metadata } from "next";
import Link from "next/link";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { config } from "@/lib/config/env";
import { ACCOUNT_DISABLED_MESSAGE } from "@/lib/http/errors";
import { OrPasskey } from "@/components/passkeys/passkey-sign-in";
import { LoginForm } from "./login-form";
import { passkeySignInAction, passkeySignInOptionsAction } from "./passkey-actions";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, { tone: "success" | "info" | "error"; text: string }> = {
  verified: { tone: "success", text: "Your email address is confirmed. Sign in to continue." },
  registered: { tone: "success", text: "Your account is ready. Sign in to continue." },
  reset: { tone: "success", text: "Your password was changed. Sign in with your new password." },
  signed_out: { tone: "info", text: "You are signed out." },
  session_ended: { tone: "info", text: "Your session has ended. Please sign in again." },
  // An application asked for a fresh sign-in (pages/api/oidc/interaction/[uid].ts).
  reauth: { tone: "info", text: "The application you are signing in to asks you to sign in again." },
  invalid_token: {
    tone: "error",
    text: "That confirmation link is invalid or has expired. Sign in to get a new code, or request one below.",
  },
  invalid_code: { tone: "error", text: "That confirmation link has already been used or has expired." },
  conflict: { tone: "error", text: "Another account now uses that email address." },
  // Auth.js's own redirects (a sign-in posted straight to /api/auth/callback/credentials).
  email_not_verified: { tone: "error", text: "Confirm your email address first: enter the code we sent you." },
  // Also the confirmation link's and OAuth's answer (lib/sign-in/doors/oauth.ts) for a disabled account.
  account_disabled: { tone: "error", text: ACCOUNT_DISABLED_MESSAGE },
  CredentialsSignin: { tone: "error", text: "The email or password is incorrect." },
  Configuration: { tone: "error", text: "Sign-in is not available right now. Please try again in a moment." },
  // OAuth outcomes (lib/auth/oauth.ts and Auth.js).
  oauth_unverified_email: {
    tone: "error",
    text: "That account's email address is not verified with the provider. Verify it there, or sign in with your password.",
  },
  OAuthAccountNotLinked: { tone: "error", text: "This email already has an account. Sign in with your password." },
  OAuthSignin: { tone: "error", text: "We could not reach the sign-in provider. Please try again." },
  OAuthCallbackError: { tone: "error", text: "The sign-in provider did not complete the sign-in. Please try again." },
  AccessDenied: { tone: "error", text: "Sign-in was refused." },
  // Single sign-on's refusals, when the identity provider's answer comes back (lib/sso/browser-answer.ts).
  invalid_credentials: { tone: "error", text: "Your identity provider's answer was not accepted. Please sign in again." },
  sso_domain_not_verified: {
    tone: "error",
    text: "Your identity provider vouched for an address outside your organization's verified domains, so the sign-in was refused. Ask your organization's owner.",
  },
  not_found: { tone: "error", text: "That single sign-on connection no longer exists. Sign in with SSO again." },
  rate_limited: { tone: "error", text: "Too many sign-in attempts. Please wait a moment and try again." },
  service_unavailable: { tone: "error", text: "Sign-in is not available right now. Please try again in a moment." },
};

/** Refusals of Auth.js's Credentials sign-in (`?error=CredentialsSignin&code=…`) with a notice of their own. */
const CREDENTIALS_CODES = new Set(["email_not_verified", "account_disabled"]);

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const key =
    (params.verified && "verified") ||
    (params.registered && "registered") ||
    (params.reset && "reset") ||
    (params.signedOut && "signed_out") ||
    (params.reauth === "1" && "reauth") ||
    params.reason ||
    (params.error === "CredentialsSignin" && params.code && CREDENTIALS_CODES.has(params.code) ? params.code : params.error);
  const notice = key ? NOTICES[key] : undefined;
  // Checked once here, against APP_URL; nothing below sees the raw parameter.
  const callbackUrl = params.callbackUrl ? safeCallbackUrl(params.callbackUrl, config().appUrl) : undefined;
  return (
    <section className="card">
      <h1>Sign in</h1>
      <p className="muted">Welcome back. Sign in to manage your account and organizations.</p>
      {notice && (
        <div className={`alert alert-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"} style={{ marginBottom: "1rem" }}>
          {notice.text}
          {key === "invalid_token" && (
            <>
              {" "}
              <Link href="/confirm">Enter a code instead</Link>.
            </>
          )}
        </div>
      )}
      <LoginForm callbackUrl={callbackUrl} email={params.email} />
      <OrPasskey autofill callbackUrl={callbackUrl} options={passkeySignInOptionsAction} verify={passkeySignInAction} />
      <OAuthButtons callbackUrl={callbackUrl} />
      <p className="sso-link">
        <Link className="btn btn-secondary oauth-button" href={callbackUrl ? `/sso?returnTo=${encodeURIComponent(callbackUrl)}` : "/sso"}>
          Sign in with SSO
        </Link>
      </p>
      <p className="auth-footer">
        New here? <Link href={callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signup"}>Create an account</Link>
      </p>
    </section>
  );
}
