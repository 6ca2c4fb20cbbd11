import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { checkResetToken } from "@/lib/accounts/password-reset";
import { toActionError } from "@/lib/actions/safe-action";
import { clientInfo } from "@/lib/http/client-info";
import { ResetPasswordForm } from "./reset-form";
import { linkTokenFromCookie, RESET_LINK } from "../link-token";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage() {
  // Set by the emailed link's redirect (./[token]/route.ts): the token is never in this URL.
  const token = await linkTokenFromCookie(RESET_LINK);
  // The link is checked before the form shows: nobody types a new password into a dead link.
  let problem: string | null = token ? null : "This reset link is invalid, was already used or has expired.";
  if (token) {
    try {
      await checkResetToken(token, clientInfo(new Request("http://localhost/", { headers: new Headers(await headers()) })));
    } catch (error) {
      const mapped = toActionError(error);
      problem =
        mapped.code === "rate_limited" ? (mapped.formError ?? null) : "This reset link is invalid, was already used or has expired.";
    }
  }
  return (
    <section className="card">
      <h1>Choose a new password</h1>
      {problem ? (
        <>
          <div className="alert alert-error" role="alert" style={{ marginBottom: "1rem" }}>
            {problem}
          </div>
          <Link className="btn btn-primary" href="/forgot-password">
            Request a new link
          </Link>
        </>
      ) : (
        <>
          <p className="muted">Your new password signs you out everywhere else.</p>
          <ResetPasswordForm token={token} />
        </>
      )}
    </section>
  );
}
