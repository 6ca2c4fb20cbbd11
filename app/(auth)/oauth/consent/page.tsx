import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { consentRequest, SCOPE_DESCRIPTIONS } from "@/lib/oidc/consent";

import { ExpiredRequest } from "../expired-request";

export const metadata: Metadata = { title: "Allow access" };

// An application registered with this app's OpenID Provider asks to sign the person in. The
// decision posts to the interaction route (pages/api/oidc/interaction/[uid].ts), which records it;
// a plain form, so it works without JavaScript.
export default async function ConsentPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const uid = (await searchParams).uid ?? "";
  const session = await liveBrowserSession(new Request("http://localhost/", { headers: new Headers(await headers()) }));
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(`/oauth/consent?uid=${uid}`)}`);
  const asked = await consentRequest(uid, session.userId);
  if (!asked) return <ExpiredRequest />;
  return (
    <section className="card">
      <h1>Allow {asked.clientName}?</h1>
      <p>
        <strong>{asked.clientName}</strong> would like to:
      </p>
      <ul>
        {asked.scopes.map((scope) => (
          <li key={scope}>{SCOPE_DESCRIPTIONS[scope] ?? scope}</li>
        ))}
      </ul>
      <p className="muted small">You can withdraw this later from your profile.</p>
      <form method="post" action={`/api/oidc/interaction/${encodeURIComponent(asked.uid)}`} aria-label="Allow or deny access">
        <div className="actions">
          <button type="submit" name="decision" value="allow" className="btn btn-primary">
            Allow
          </button>{" "}
          <button type="submit" name="decision" value="deny" className="btn btn-secondary">
            Deny
          </button>
        </div>
      </form>
    </section>
  );
}
