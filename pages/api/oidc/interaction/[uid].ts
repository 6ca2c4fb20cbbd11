import type { NextApiRequest, NextApiResponse } from "next";
import type Provider from "oidc-provider";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { config as appConfig } from "@/lib/config/env";
import { bindOidcGrantToSession } from "@/lib/db/statements/oidc";
import { clientInfo } from "@/lib/http/client-info";
import { consentRequest, recordConsent } from "@/lib/oidc/consent";
import { oidcProvider } from "@/lib/oidc/provider";

// Where the OpenID Provider sends the browser when it needs a person (docs/openid-provider.md):
// our own sign-in, so every door, the MFA gate, organization policies, SSO enforcement and
// account_disabled apply. Not signed in: /login, back here after. Signed in: the provider's login
// prompt is answered with this browser session's account; consent is given at once for a
// first-party client, and asked on /oauth/consent for any other, whose form posts back here.
export const config = { api: { bodyParser: false } };

const seeOther = (res: NextApiResponse, location: string) => {
  res.statusCode = 303;
  res.setHeader("location", location);
  res.setHeader("cache-control", "no-store");
  res.end();
};

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** The scopes and claims the prompt is missing, granted and bound to this browser session. */
async function grantMissing(provider: Provider, details: Details, userId: string, clientId: string, sessionId: string) {
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: userId, clientId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  // What the grant issues lives only as long as this browser session (0 s revocation).
  await bindOidcGrantToSession(grantId, sessionId);
  return grantId;
}

async function formBody(req: NextApiRequest): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const provider = await oidcProvider();
  const uid = String(req.query.uid ?? "");
  req.url = `/api/oidc/interaction/${uid}`;
  const details = await provider.interactionDetails(req, res).catch(() => null);
  if (!details || details.uid !== uid) return seeOther(res, "/login?error=invalid_token");

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = new Request(new URL(req.url, appConfig().appUrl), { headers });
  const session = await liveBrowserSession(request);
  if (!session) return seeOther(res, `/login?callbackUrl=${encodeURIComponent(`/api/oidc/interaction/${uid}`)}`);

  if (details.prompt.name === "login") {
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: session.userId, acr: session.aal, amr: [] } },
      { mergeWithLastSubmission: false },
    );
  }
  if (details.prompt.name !== "consent") return seeOther(res, "/login?error=invalid_token");

  const client = await provider.Client.find(String(details.params.client_id));
  if (!client) return seeOther(res, "/login?error=invalid_token");
  const firstParty = Boolean((client as unknown as Record<string, unknown>)["urn:keystone:first_party"]);
  if (firstParty) {
    const grantId = await grantMissing(provider, details, session.userId, client.clientId, session.sessionId);
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method !== "POST") return seeOther(res, `/oauth/consent?uid=${encodeURIComponent(uid)}`);

  // The consent page's form: from our own origin only (the interaction cookie is SameSite=Lax too).
  if (req.headers.origin !== new URL(appConfig().appUrl).origin) return seeOther(res, "/login?error=invalid_token");
  // The answer to a form goes through a page of ours (/oauth/continue): browsers apply CSP
  // `form-action 'self'` to every redirect after a submission, and this chain ends at the
  // client's redirect URI, another site.
  const continueAt = (to: string) => seeOther(res, `/oauth/continue?to=${encodeURIComponent(to)}`);
  const decision = (await formBody(req)).get("decision");
  if (decision !== "allow") {
    return continueAt(
      await provider.interactionResult(
        req,
        res,
        { error: "access_denied", error_description: "The person did not allow this application." },
        { mergeWithLastSubmission: false },
      ),
    );
  }
  const asked = await consentRequest(uid, session.userId);
  if (!asked) return seeOther(res, "/login?error=invalid_token");
  const grantId = await grantMissing(provider, details, session.userId, client.clientId, session.sessionId);
  await recordConsent(session.userId, asked, clientInfo(request));
  return continueAt(await provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
}
