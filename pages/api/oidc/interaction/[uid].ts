import type { NextApiRequest, NextApiResponse } from "next";
import type Provider from "oidc-provider";
import { liveBrowserSession } from "@/lib/auth/browser-session";
import { config as appConfig } from "@/lib/config/env";
import { clientInfo } from "@/lib/http/client-info";
import { secondFactorMethods } from "@/lib/mfa/factors";
import { rememberConsent } from "@/lib/oauth/consents";
import { policyDetour } from "@/lib/organizations/policy-detour";
import { fetchRequestOf, loginOf, pinToAppUrl, organizationPolicyRefusal, type BrowserPrincipal } from "@/lib/oidc/browser-session";
import { consentRequest } from "@/lib/oidc/consent";
import { isFirstParty, saveBoundGrant } from "@/lib/oidc/grants";
import { hasWord, wordsOf } from "@/lib/oidc/params";
import { consentDecisionSchema } from "@/lib/validation/oauth-clients";
import { OIDC_ROUTES, oidcProvider } from "@/lib/oidc/provider";

// Where the OpenID Provider sends the browser when it needs a person (docs/openid-provider.md):
// our own sign-in, so every door, the MFA gate, organization policies, SSO enforcement and
// account_disabled apply. Not signed in: /login, back here after. Signed in: the login prompt is
// answered with this browser session, once it is what the client asked for (signed in after the
// request began for prompt=login, recently enough for max_age, with a second factor for
// acr_values=aal2, within the active organization's rules for the `organization` scope); each
// missing piece is a detour through our own pages that comes back here. A first-party client, or
// one the person already allowed, gets its grant without coming here (lib/oidc/grants.ts); any
// other is asked on /oauth/consent, whose form posts back here.
export const config = { api: { bodyParser: false } };

/** The page for a request that is gone or not this browser's (expired, spent, someone else's, forged). */
const EXPIRED = "/oauth/continue";

const seeOther = (res: NextApiResponse, location: string) => {
  res.statusCode = 303;
  res.setHeader("location", location);
  res.setHeader("cache-control", "no-store");
  res.end();
};

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** The scopes and claims the consent prompt is missing, granted and bound to this browser session. */
function grantMissing(provider: Provider, details: Details, live: BrowserPrincipal, clientId: string) {
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  return saveBoundGrant(provider, {
    grantId: details.grantId,
    accountId: live.userId,
    clientId,
    sessionId: live.sessionId,
    scopes: missing.missingOIDCScope,
    claims: missing.missingOIDCClaims,
  });
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

/**
 * What stands between this browser session and the login the client asked for: a path to send
 * the browser to (and come back), an OAuth error to answer the client with, or nothing.
 */
async function loginDetour(details: Details, live: BrowserPrincipal, back: string): Promise<{ to: string } | { error: string } | null> {
  const params = details.params as { prompt?: string; max_age?: number | string; acr_values?: string; scope?: string };
  const signedIn = (live.signedInAt ?? new Date(0)).getTime() / 1000;
  const promptLogin = hasWord(params.prompt, "login");
  const maxAge = params.max_age === undefined ? undefined : Number(params.max_age);
  // prompt=login: a sign-in made after this request began. max_age: one made within it.
  // (The interaction's iat has whole seconds: a sign-in in the same second counts as before it.)
  const stale = (promptLogin && signedIn < details.iat + 1) || (maxAge !== undefined && Date.now() / 1000 - signedIn > maxAge);
  if (stale) return { to: `/login?reauth=1&callbackUrl=${encodeURIComponent(back)}` };
  if (hasWord(params.acr_values, "aal2") && live.aal !== "aal2") {
    // A second factor raises this very session; a person without one cannot give what was asked.
    if ((await secondFactorMethods(live.userId)).length === 0) return { error: "unmet_authentication_requirements" };
    return { to: `/profile/two-factor?callbackUrl=${encodeURIComponent(back)}` };
  }
  if (hasWord(params.scope, "organization") && live.organizationId) {
    const detour = policyDetour(await organizationPolicyRefusal(live), live.organizationId, back);
    if (detour) return { to: detour };
  }
  return null;
}

/** The authorization request of this interaction, to be made again (without prompt=login). */
function restartedAuthorization(details: Details): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(details.params)) {
    if (typeof value === "string" || typeof value === "number") params.set(name, String(value));
  }
  const prompts = wordsOf(params.get("prompt")).filter((prompt) => prompt !== "login");
  if (prompts.length > 0) params.set("prompt", prompts.join(" "));
  else params.delete("prompt");
  return `${OIDC_ROUTES.authorization}?${params}`;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  pinToAppUrl(req);
  const provider = await oidcProvider();
  const uid = String(req.query.uid ?? "");
  req.url = `/api/oidc/interaction/${uid}`;
  // Where a detour (sign-in, re-authentication, second factor, organization rules) comes back
  // to: a page that navigates the whole browser here (see app/(auth)/oauth/continue/page.tsx).
  const back = `/oauth/continue?to=${encodeURIComponent(req.url)}`;
  const details = await provider.interactionDetails(req, res).catch(() => null);
  if (!details || details.uid !== uid) return seeOther(res, EXPIRED);

  const request = fetchRequestOf(req);
  const live = await liveBrowserSession(request);
  if (!live) return seeOther(res, `/login?callbackUrl=${encodeURIComponent(back)}`);

  const finish = (result: Parameters<Provider["interactionFinished"]>[2], merge = false) =>
    provider.interactionFinished(req, res, result, { mergeWithLastSubmission: merge });

  if (details.prompt.name === "login") {
    // Answered once already in this interaction and still asked: something we cannot give
    // (an essential acr of another value, say). The client hears it instead of a loop.
    if (details.lastSubmission?.login) {
      return finish({ error: "unmet_authentication_requirements", error_description: "The sign-in could not meet this request." });
    }
    // Someone else signed in here during the interaction: the provider would first sign the
    // person it remembered out (its own logout form, which would end this new session too). The
    // request starts again instead, and the provider's session mirrors the new person from the
    // start; the sign-in just made is fresh, so prompt=login is not asked twice.
    if (details.session?.accountId && details.session.accountId !== live.userId) return seeOther(res, restartedAuthorization(details));
    const detour = await loginDetour(details, live, back);
    if (detour && "to" in detour) return seeOther(res, detour.to);
    if (detour) return finish({ error: detour.error, error_description: "This account cannot meet the requested authentication." });
    return finish({ login: { ...loginOf(live), remember: true } });
  }
  if (details.prompt.name !== "consent") return seeOther(res, EXPIRED);

  const client = await provider.Client.find(String(details.params.client_id));
  if (!client) return seeOther(res, EXPIRED);
  const asked = await consentRequest(uid, live.userId);
  if (!asked) return seeOther(res, EXPIRED);
  // A first-party client never asks (here: prompt=consent, or scopes its grant lacked).
  if (isFirstParty(client)) return finish({ consent: { grantId: await grantMissing(provider, details, live, client.clientId) } }, true);
  if (req.method !== "POST") return seeOther(res, `/oauth/consent?uid=${encodeURIComponent(uid)}`);

  // The consent page's form: from our own origin only (the interaction cookie is SameSite=Lax too).
  if (req.headers.origin !== new URL(appConfig().appUrl).origin) return seeOther(res, EXPIRED);
  // The answer to a form goes through a page of ours (/oauth/continue): browsers apply CSP
  // `form-action 'self'` to every redirect after a submission, and this chain ends at the
  // client's redirect URI, another site.
  const continueAt = (to: string) => seeOther(res, `/oauth/continue?to=${encodeURIComponent(to)}`);
  const { decision } = consentDecisionSchema.parse(Object.fromEntries(await formBody(req)));
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
  const grantId = await grantMissing(provider, details, live, client.clientId);
  await rememberConsent(live.userId, asked, clientInfo(request));
  return continueAt(await provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
}
