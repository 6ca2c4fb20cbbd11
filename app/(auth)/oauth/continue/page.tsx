import type { Metadata } from "next";
import { config } from "@/lib/config/env";
import { OIDC_ROUTES } from "@/lib/oidc/provider";
import { ContinueToIdp } from "../../sso/continue-to-idp";

import { ExpiredRequest } from "../expired-request";

export const metadata: Metadata = { title: "Continue" };

// After the consent form: the browser goes on to the provider's resume endpoint, which sends it
// to the application. Not a redirect of the form's answer: browsers apply CSP `form-action 'self'`
// to the whole redirect chain of a submission, and it ends at the application's site. Only our own
// resume endpoint is followed (no open redirect).
export default async function ContinuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const to = (await searchParams).to ?? "";
  const resume = `${config().appUrl}${OIDC_ROUTES.authorization}/`;
  const target = to.startsWith(resume) && /^[\w-]+$/.test(to.slice(resume.length)) ? to : null;
  if (!target) return <ExpiredRequest />;
  return (
    <section className="card">
      <h1>Continue</h1>
      <ContinueToIdp url={target} />
      <p role="status">Taking you back to the application…</p>
      <p>
        <a className="btn btn-primary" href={target}>
          Continue
        </a>
      </p>
    </section>
  );
}
