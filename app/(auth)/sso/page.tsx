import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { ssoStartUrl } from "@/lib/sso/sign-in";
import { ssoStartSchema } from "@/lib/validation/sso";
import { ContinueToIdp } from "./continue-to-idp";

export const metadata: Metadata = { title: "Sign in with SSO" };

// "Sign in with SSO": an address or an organization's slug, then the browser goes to that
// organization's identity provider. A GET form, so it works without JavaScript, and the link in
// an sso_required answer (`/sso?organization=<slug>`) starts it straight away. Unknown addresses,
// domains and organizations all get the same answer: the page does not tell who our customers are.
//
// The address comes from this page's own form, and the Content-Security-Policy's
// `form-action 'self'` stops a form submission from being redirected to another site (browsers
// apply it to the redirects that follow the submission): for an address the page answers with a
// link to the identity provider, followed at once when scripts run. An `organization` comes from
// a link (sso_required's ssoUrl, "Test sign-in"), which may be redirected straight away.

export default async function SsoPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const typed = params.email ?? params.organization;
  let failure: string | null = null;
  if (typed) {
    const parsed = ssoStartSchema.safeParse(
      params.email
        ? { email: params.email, returnTo: params.returnTo }
        : { organizationSlug: params.organization, returnTo: params.returnTo },
    );
    let url: string | null = null;
    if (!parsed.success) failure = "Enter your work email address, or your organization's short name.";
    else {
      try {
        url = (await ssoStartUrl(parsed.data, clientInfo(new Request("http://localhost/", { headers: new Headers(await headers()) })))).url;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failure =
          error.code === "not_found"
            ? "Single sign-on is not set up for that address or organization. Sign in with your password instead."
            : error.message;
      }
    }
    if (url && !params.email) redirect(url);
    if (url) {
      const host = new URL(url).host;
      return (
        <section className="card">
          <h1>Sign in with SSO</h1>
          <ContinueToIdp url={url} />
          <p role="status">Taking you to your organization&apos;s identity provider ({host})…</p>
          <p>
            <a className="btn btn-primary" href={url}>
              Continue to your identity provider
            </a>
          </p>
          <p className="auth-footer">
            <Link href="/login">Sign in with a password instead</Link>
          </p>
        </section>
      );
    }
  }
  return (
    <section className="card">
      <h1>Sign in with SSO</h1>
      <p className="muted">Your organization signs you in through its identity provider (Okta, Entra ID, Google Workspace…).</p>
      {failure && (
        <div className="alert alert-error" role="alert" style={{ marginBottom: "1rem" }}>
          {failure}
        </div>
      )}
      <form className="form" method="get" action="/sso" aria-label="Sign in with SSO">
        <div className="field">
          <label htmlFor="sso-email">Work email</label>
          <input id="sso-email" name="email" type="email" autoComplete="email" required defaultValue={params.email ?? ""} />
        </div>
        {params.returnTo && <input type="hidden" name="returnTo" value={params.returnTo} />}
        <div>
          <button type="submit" className="btn btn-primary">
            Continue
          </button>
        </div>
      </form>
      <p className="auth-footer">
        <Link href="/login">Sign in with a password instead</Link>
      </p>
    </section>
  );
}
