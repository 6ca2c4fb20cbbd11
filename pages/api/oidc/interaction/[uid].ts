import type { NextApiRequest, NextApiResponse } from "next";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { config as appConfig } from "@/lib/config/env";
import { bindOidcGrantToSession } from "@/lib/db/statements/oidc";
import { oidcProvider } from "@/lib/oidc/provider";

// Where the OpenID Provider sends the browser when it needs a person (docs/openid-provider.md):
// our own sign-in, so every door, the MFA gate, organization policies, SSO enforcement and
// account_disabled apply. Not signed in: /login, back here after. Signed in: the provider's login
// prompt is answered with this browser session's account; consent is given at once for a
// first-party client (a third-party one goes to the consent page: next step).
export const config = { api: { bodyParser: false } };

const seeOther = (res: NextApiResponse, location: string) => {
  res.statusCode = 303;
  res.setHeader("location", location);
  res.setHeader("cache-control", "no-store");
  res.end();
};

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const provider = await oidcProvider();
  const uid = String(req.query.uid ?? "");
  req.url = `/api/oidc/interaction/${uid}`;
  const details = await provider.interactionDetails(req, res).catch(() => null);
  if (!details || details.uid !== uid) return seeOther(res, "/login?error=invalid_token");

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const session = await liveBrowserSession(new Request(new URL(req.url, appConfig().appUrl), { headers }));
  if (!session) return seeOther(res, `/login?callbackUrl=${encodeURIComponent(`/api/oidc/interaction/${uid}`)}`);

  if (details.prompt.name === "login") {
    // A different account than the one the provider remembers, or none: this session's.
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: session.userId, acr: session.aal, amr: [] } },
      { mergeWithLastSubmission: false },
    );
  }
  if (details.prompt.name === "consent") {
    const client = await provider.Client.find(String(details.params.client_id));
    if (!client) return seeOther(res, "/login?error=invalid_token");
    const firstParty = Boolean((client as unknown as Record<string, unknown>)["urn:keystone:first_party"]);
    if (!firstParty) return seeOther(res, `/oauth/consent?uid=${encodeURIComponent(uid)}`);
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.userId, clientId: client.clientId });
    if (!grant) return seeOther(res, "/login?error=invalid_token");
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    // What the grant issues lives only as long as this browser session (0 s revocation).
    await bindOidcGrantToSession(grantId, session.sessionId);
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return seeOther(res, "/login?error=invalid_token");
}
