import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, { tone: "success" | "info" | "error"; text: string }> = {
  verified: { tone: "success", text: "Your email address is confirmed. Sign in to continue." },
  registered: { tone: "success", text: "Your account is ready. Sign in to continue." },
  reset: { tone: "success", text: "Your password was changed. Sign in with your new password." },
  signed_out: { tone: "info", text: "You are signed out." },
  session_ended: { tone: "info", text: "Your session has ended. Please sign in again." },
  invalid_token: { tone: "error", text: "That confirmation link is invalid or has expired. Sign in to get a new code, or request one below." },
  invalid_code: { tone: "error", text: "That confirmation link has already been used or has expired." },
  conflict: { tone: "error", text: "Another account now uses that email address." },
  // Auth.js's own redirects (a sign-in posted straight to /api/auth/callback/credentials).
  email_not_verified: { tone: "error", text: "Confirm your email address first: enter the code we sent you." },
  CredentialsSignin: { tone: "error", text: "The email or password is incorrect." },
  Configuration: { tone: "error", text: "Sign-in is not available right now. Please try again in a moment." },
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const key =
    (params.verified && "verified") ||
    (params.registered && "registered") ||
    (params.reset && "reset") ||
    (params.signedOut && "signed_out") ||
    params.reason ||
    (params.error === "CredentialsSignin" && params.code === "email_not_verified" ? "email_not_verified" : params.error);
  const notice = key ? NOTICES[key] : undefined;
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
      <LoginForm callbackUrl={params.callbackUrl} email={params.email} />
      <p className="auth-footer">
        New here? <Link href={params.callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(params.callbackUrl)}` : "/signup"}>Create an account</Link>
      </p>
    </section>
  );
}
