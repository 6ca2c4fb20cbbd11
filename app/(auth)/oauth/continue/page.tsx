import type { Metadata } from "next";
import { config } from "@/lib/config/env";
import { OIDC_ROUTES } from "@/lib/oidc/provider";
import { ContinueToIdp } from "../../sso/continue-to-idp";

import { ExpiredRequest } from "../expired-request";

export const metadata: Metadata = { title: "Continue" };

// A full navigation of the browser to one of the provider's own steps, from a page:
// - after the consent form, to the resume endpoint, which sends it to the application. Not a
//   redirect of the form's answer: browsers apply CSP `form-action 'self'` to the whole redirect
//   chain of a submission, and it ends at the application's site;
// - after a sign-in, a second factor or a re-authentication (whose forms are server actions),
//   back to the interaction: a server action's redirect is followed by the client router with
//   fetch, which must not walk the provider's redirect chain in place of the browser.
// Only those two kinds of address are followed (no open redirect).
const PROVIDER_STEPS = [`${OIDC_ROUTES.authorization}/`, "/api/oidc/interaction/"];

export default async function ContinuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const to = (await searchParams).to ?? "";
  const appUrl = config().appUrl;
  const path = to.startsWith(appUrl) ? to.slice(appUrl.length) : to;
  const step = PROVIDER_STEPS.find((prefix) => path.startsWith(prefix));
  const target = step && /^[\w-]+$/.test(path.slice(step.length)) ? `${appUrl}${path}` : null;
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
