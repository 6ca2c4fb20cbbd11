import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { clientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { ssoDestinationHost } from "@/lib/sso/sign-in";
import { ssoStartQuerySchema, ssoStartQueryString, startInputOfQuery } from "@/lib/validation/sso";
import { ContinueToIdp } from "./continue-to-idp";

export const metadata: Metadata = { title: "Sign in with SSO" };

// "Sign in with SSO": an address or an organization's slug, then the browser goes to that
// organization's identity provider through GET /api/auth/sso/start, which opens the request and
// binds it to this browser (a cookie this page cannot set). A GET form, so it works without
// JavaScript. Unknown addresses, domains and organizations all get the same answer: the page does
// not tell who our customers are.
//
// The page goes on by itself only when it was reached from our own pages (its form, the sign-in
// page's link) or typed: a link from another site could otherwise sign a visitor in at an IdP of
// that site's choosing (login CSRF); such a visitor sees the button and decides. And the address
// comes from this page's own form, whose submission may not be redirected to another site (CSP
// `form-action 'self'`), so for it the page answers with a link, followed at once when scripts run.

export default async function SsoPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const typed = params.email ?? params.organization;
  let failure: string | null = null;
  if (typed) {
    const parsed = ssoStartQuerySchema.safeParse(
      params.email ? { email: params.email, returnTo: params.returnTo } : { organization: params.organization, returnTo: params.returnTo },
    );
    let host: string | null = null;
    const requestHeaders = await headers();
    if (!parsed.success) failure = "Enter your work email address, or your organization's short name.";
    else {
      try {
        host = await ssoDestinationHost(
          startInputOfQuery(parsed.data),
          clientInfo(new Request("http://localhost/", { headers: new Headers(requestHeaders) })),
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failure =
          error.code === "not_found"
            ? "Single sign-on is not set up for that address or organization. Sign in with your password instead."
            : error.message;
      }
    }
    if (host && parsed.success) {
      const startUrl = `/api/auth/sso/start?${ssoStartQueryString(parsed.data)}`;
      const site = requestHeaders.get("sec-fetch-site");
      const fromUs = !site || site === "same-origin" || site === "none";
      if (fromUs && !params.email) redirect(startUrl);
      return (
        <section className="card">
          <h1>Sign in with SSO</h1>
          {fromUs && <ContinueToIdp url={startUrl} />}
          <p role="status">
            {fromUs ? `Taking you to your organization's identity provider (${host})…` : `Your organization signs you in at ${host}.`}
          </p>
          <p>
            <a className="btn btn-primary" href={startUrl}>
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
