// The SSO identity-provider stand-ins the integration setup starts, driven from a test without a
// browser. SAML: scripts/lib/saml-idp-standin.ts at SAML_IDP_URL; OpenID Connect:
// scripts/lib/oidc-idp-standin.ts at OIDC_IDP_URL (issuer OIDC_ISSUER). Both are shared by every
// test file of the run: register OIDC clients of your own, and give a queued misbehaviour an
// email so that it cannot land on another file's sign-in (or pass `mode` per request, better).
import { randomBytes } from "node:crypto";
import type { OidcIdpMode } from "../../scripts/lib/oidc-idp-standin";
import {
  buildSamlResponse,
  parseAuthnRequest,
  samlCertificate,
  type BuiltSamlResponse,
  type SamlResponseOptions,
} from "../../scripts/lib/saml-idp";
import type { SamlIdpMode } from "../../scripts/lib/saml-idp-standin";

function env(name: "SAML_IDP_URL" | "OIDC_IDP_URL") {
  // Integration tests get these from their setup; Playwright's config sets E2E_SAML_IDP_URL and E2E_OIDC_IDP_URL.
  const value = process.env[name] ?? process.env[`E2E_${name}`];
  if (!value) throw new Error(`${name} is not set: the integration setup (tests/support/global-setup.ts) starts the SSO stand-ins`);
  return value;
}

async function ok(res: Response, what: string) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

// ---------------------------------------------------------------------------------------------
// SAML

/** Where the SAML stand-in lives and what an owner would enter for it (certificate: the trusted `idp` key). */
export function samlIdp() {
  const url = env("SAML_IDP_URL");
  return {
    url,
    entityId: `${url}/saml`,
    ssoUrl: `${url}/saml/sso`,
    metadataUrl: `${url}/metadata`,
    certificate: samlCertificate("idp"),
  };
}

/** The IdP metadata XML an owner pastes (`certs`: which keys it publishes, for rollover: ["idp", "idp-next"]). */
export async function samlIdpMetadata(certs: ("idp" | "idp-next" | "other-idp")[] = ["idp"]): Promise<string> {
  const res = await ok(await fetch(`${samlIdp().metadataUrl}?certs=${certs.join(",")}`), "SAML stand-in metadata");
  return res.text();
}

export interface SamlIdpAnswer {
  /** Where the browser would post the form: the AuthnRequest's AssertionConsumerServiceURL. */
  acsUrl: string;
  SAMLResponse: string;
  RelayState: string | null;
  requestId: string;
  responseId: string;
  assertionId: string;
  /** The form body the browser would post to acsUrl (application/x-www-form-urlencoded). */
  form: string;
}

/**
 * Signs `email` in at the SAML stand-in for the AuthnRequest in `redirectUrl` (the `url` that
 * POST /api/auth/sso/start answers), as the stand-in's page would, and answers what the browser
 * would then post to the app's ACS. `mode` makes this one response misbehave (SAML_IDP_MODES);
 * `inject` is whose assertion an xsw-* mode slips in.
 */
export async function samlIdpSignIn(redirectUrl: string, email: string, options: { mode?: SamlIdpMode; inject?: string } = {}) {
  const url = new URL(redirectUrl);
  url.searchParams.set("login_hint", email);
  url.searchParams.set("auto", "1");
  if (options.mode) url.searchParams.set("mode", options.mode);
  if (options.inject) url.searchParams.set("inject", options.inject);
  const answer = (await (await ok(await fetch(url), "SAML stand-in sign-in")).json()) as Omit<SamlIdpAnswer, "form">;
  return { ...answer, form: samlAcsForm(answer.SAMLResponse, answer.RelayState) };
}

/** The HTTP-POST binding's form body. */
export function samlAcsForm(SAMLResponse: string, RelayState?: string | null): string {
  const form = new URLSearchParams({ SAMLResponse });
  if (RelayState != null) form.set("RelayState", RelayState);
  return form.toString();
}

/**
 * In process, no stand-in: a response to the AuthnRequest in `redirectUrl` from the stand-in's
 * entity id, with any field overridden (scripts/lib/saml-idp.ts), for cases the modes do not
 * cover (a NotOnOrAfter 59 s in the past, a replayed assertion id…).
 */
export function samlResponseFor(
  redirectUrl: string,
  overrides: Partial<SamlResponseOptions> & { nameId: string },
): BuiltSamlResponse & {
  acsUrl: string;
  RelayState: string | null;
  requestId: string;
} {
  const url = new URL(redirectUrl);
  const request = parseAuthnRequest(url.searchParams.get("SAMLRequest") ?? "");
  const built = buildSamlResponse({
    issuer: samlIdp().entityId,
    destination: request.acsUrl,
    audience: request.issuer,
    inResponseTo: request.id,
    ...overrides,
  });
  return { ...built, acsUrl: request.acsUrl ?? "", RelayState: url.searchParams.get("RelayState"), requestId: request.id };
}

/** The next SAML response (for `email`, or anyone's when omitted) misbehaves: for browser journeys. */
export async function queueSamlMode(mode: SamlIdpMode, email?: string) {
  await ok(
    await fetch(`${samlIdp().url}/control`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode, email }),
    }),
    "SAML stand-in control",
  );
}

// ---------------------------------------------------------------------------------------------
// OpenID Connect

export function oidcIdp() {
  const url = env("OIDC_IDP_URL");
  return { url, issuer: `${url}/oidc` };
}

export interface RegisteredOidcClient {
  id: string;
  secret: string;
  redirectUris: string[];
  issuer: string;
}

/**
 * Registers (or replaces) a client at the OIDC stand-in. Id and secret default to fresh random
 * ones: create the app's connection with them first, then register again with its redirectUri.
 */
export async function registerOidcClient(client: { redirectUris: string[]; id?: string; secret?: string }): Promise<RegisteredOidcClient> {
  const registered = {
    id: client.id ?? `client-${randomBytes(6).toString("hex")}`,
    secret: client.secret ?? randomBytes(24).toString("base64url"),
    redirectUris: client.redirectUris,
  };
  await ok(
    await fetch(`${oidcIdp().url}/clients`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(registered),
    }),
    "OIDC stand-in client registration",
  );
  return { ...registered, issuer: oidcIdp().issuer };
}

/**
 * Signs `email` in at the OIDC stand-in for the authorization URL the app built, and answers
 * the callback URL the browser would be sent to (code, state, iss; or error). `emailVerified`
 * defaults to true; `mode` makes this code's ID token misbehave (OIDC_IDP_MODES).
 */
export async function oidcIdpSignIn(
  authorizationUrl: string,
  email: string,
  options: { emailVerified?: boolean; mode?: OidcIdpMode; sub?: string; name?: string } = {},
): Promise<URL> {
  const url = new URL(authorizationUrl);
  url.searchParams.set("login_hint", email);
  url.searchParams.set("auto", "1");
  if (options.emailVerified === false) url.searchParams.set("email_verified", "false");
  if (options.mode) url.searchParams.set("mode", options.mode);
  if (options.sub) url.searchParams.set("sub", options.sub);
  if (options.name) url.searchParams.set("name", options.name);
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`OIDC stand-in sign-in: ${res.status} ${await res.text()}`);
  return new URL(location);
}

/** The next OIDC authorization (for `email`, or anyone's when omitted) misbehaves: for browser journeys. */
export async function queueOidcMode(mode: OidcIdpMode, email?: string) {
  await ok(
    await fetch(`${oidcIdp().url}/control`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode, email }),
    }),
    "OIDC stand-in control",
  );
}
