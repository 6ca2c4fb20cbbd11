import "server-only";
import * as client from "openid-client";
import { config } from "@/lib/config/env";
import { consumeSsoRequest, insertSsoRequest } from "@/lib/db/statements/sso";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { open, seal } from "@/lib/mfa/secret-box";
import { clientSecretContext } from "./connections";
import { guardedFetch } from "./guarded-fetch";
import { SSO_REQUEST_SECONDS, SsoRefusal, type OpenedRequest, type SsoIdentity } from "./saml";
import { oidcRedirectUri } from "./urls";

// OpenID Connect connections, on openid-client (certified; no OAuth flow written by hand): the
// authorization code flow with PKCE (S256), `state` (our single-use request) and `nonce`, the ID
// token checked against the issuer's JWKS, and `email_verified: false` refused. Every request to
// the IdP goes through the address rule (guarded-fetch.ts).

const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const discovered = new Map<string, { at: number; configuration: Promise<client.Configuration> }>();
const verifierContext = (state: string) => `sso-request:${state}`;

async function configurationOf(connection: SsoConnection): Promise<client.Configuration> {
  const key = `${connection.id}:${connection.updatedAt.getTime()}`;
  const cached = discovered.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
  const secret = open(connection.clientSecretBox!, clientSecretContext(connection.id));
  const configuration = client.discovery(new URL(connection.issuer!), connection.clientId!, secret, client.ClientSecretPost(secret), {
    [client.customFetch]: guardedFetch as never,
    // http:// issuers only where the address rule allows private addresses (development, tests).
    // The ID token's signature is checked against the issuer's JWKS only with this (openid-client 6
    // trusts the TLS channel of the token endpoint otherwise): an IdP's keys are the point here.
    execute: [client.enableNonRepudiationChecks, ...(config().webhookAddressRule.requireHttps ? [] : [client.allowInsecureRequests])],
  });
  configuration.catch(() => discovered.delete(key));
  discovered.set(key, { at: Date.now(), configuration });
  return configuration;
}

/** The IdP's authorization URL for a fresh request (state, nonce and PKCE verifier kept 10 minutes). */
export async function oidcSignInUrl(connection: SsoConnection, opened: OpenedRequest): Promise<string> {
  let configuration: client.Configuration;
  try {
    configuration = await configurationOf(connection);
  } catch {
    throw new SsoRefusal("discovery_failed");
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  await insertSsoRequest({
    id: state,
    connectionId: connection.id,
    ...opened,
    ttlSeconds: SSO_REQUEST_SECONDS,
    nonce,
    codeVerifierBox: seal(verifier, verifierContext(state)),
  });
  return client
    .buildAuthorizationUrl(configuration, {
      redirect_uri: oidcRedirectUri(connection.id),
      scope: "openid email profile",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    })
    .toString();
}

/** The callback: the request spent once, the code exchanged with its verifier, the ID token checked. */
export async function readOidcCallback(connection: SsoConnection, callbackUrl: URL, browserBindingHash: string | null): Promise<SsoIdentity> {
  const state = callbackUrl.searchParams.get("state");
  if (!state || !/^[\w-]{1,256}$/.test(state)) throw new SsoRefusal("unsolicited");
  if (!browserBindingHash) throw new SsoRefusal("no_browser_binding");
  const request = await consumeSsoRequest(state, connection.id, browserBindingHash);
  if (!request?.codeVerifierBox || !request.nonce) throw new SsoRefusal("unknown_request_or_other_browser");
  if (callbackUrl.searchParams.has("error")) throw new SsoRefusal("idp_refused");
  let claims: client.IDToken | undefined;
  try {
    const configuration = await configurationOf(connection);
    // The URL the IdP redirected to, as registered: our own origin, whatever the proxy in front said.
    const current = new URL(oidcRedirectUri(connection.id));
    current.search = callbackUrl.search;
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: open(request.codeVerifierBox, verifierContext(state)),
      expectedState: state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch {
    throw new SsoRefusal("invalid_id_token");
  }
  if (!claims) throw new SsoRefusal("invalid_id_token");
  if (claims.email_verified === false) throw new SsoRefusal("email_not_verified");
  if (typeof claims.email !== "string") throw new SsoRefusal("no_email");
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    email: claims.email.trim().toLowerCase(),
    firstName: text(claims.given_name),
    lastName: text(claims.family_name),
    returnTo: request.returnTo,
  };
}
