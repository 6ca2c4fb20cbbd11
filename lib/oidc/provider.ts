import "server-only";
import { createHmac } from "node:crypto";
import Provider, { type Configuration } from "oidc-provider";
import { constantTimeEqual, sha256 } from "@/lib/auth/crypto";
import { config } from "@/lib/config/env";
import { log } from "@/lib/log";
import { privateSigningJwks } from "@/lib/keys/private-jwks";
import { ID_TOKEN_MAX_TTL_SECONDS } from "@/lib/keys/store";
import { DEFAULT_ID_TOKEN_SIGNING_ALG, ID_TOKEN_SIGNING_ALGORITHMS, OAUTH_SCOPES } from "@/lib/validation/oauth-clients";
import { PostgresAdapter } from "./adapter";
import { ClientStore } from "./clients";
import { findAccount } from "./accounts";
import { renderError } from "./html-page";
import { interactionPolicyMirroringOurSession, mirrorOurSession } from "./browser-session";
import { loadExistingGrant } from "./grants";
import { ThreadPoolSigningKey } from "./signing-keys";
import { completeTokenRequest } from "./token-request";
import { endOurSessionToo, logoutSource, noteEndedSession, postLogoutSuccessSource } from "./logout";

// The OpenID Provider (docs/openid-provider.md): panva's oidc-provider, configured once here.
// Built per signing-key version (oidc-provider takes its keys at construction): the accessor is
// served from memory, so asking it on every request costs nothing, and a rotation that activates
// a key on any instance reaches this one within the key store's reload.

export const OIDC_ROUTES = {
  authorization: "/api/oidc/auth",
  token: "/api/oidc/token",
  userinfo: "/api/oidc/me",
  introspection: "/api/oidc/token/introspection",
  revocation: "/api/oidc/token/revocation",
  end_session: "/api/oidc/session/end",
  // Served by our own route from lib/keys (it also lists keys published before they sign).
  jwks: "/.well-known/jwks.json",
} as const;

function configuration(jwks: Configuration["jwks"]): Configuration {
  const secrets = config().authSecrets;
  return {
    adapter: (name: string) => (name === "Client" ? new ClientStore() : new PostgresAdapter(name)),
    jwks,
    routes: OIDC_ROUTES,
    scopes: [...OAUTH_SCOPES],
    claims: {
      openid: ["sub"],
      profile: ["name", "given_name", "family_name", "updated_at"],
      email: ["email", "email_verified"],
      organization: ["org_id", "org_role"],
    },
    findAccount,
    renderError,
    loadExistingGrant,
    // Not a parameter clients send: the one awaited hook before the provider reads its session
    // (lib/oidc/browser-session.ts). Its value is ignored.
    extraParams: { keystone_session: mirrorOurSession },
    extraClientMetadata: { properties: ["urn:keystone:first_party"] },
    // ID tokens: each client's choice (lib/oidc/clients.ts), RS256 unless told (OpenID Connect's default).
    clientDefaults: {
      id_token_signed_response_alg: DEFAULT_ID_TOKEN_SIGNING_ALG,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
    enabledJWA: { idTokenSigningAlgValues: [...ID_TOKEN_SIGNING_ALGORITHMS] },
    responseTypes: ["code"],
    // Secrets are kept hashed: only methods that present the secret itself (or none, for public
    // clients) can be checked; client_secret_jwt would need the clear secret.
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        // For confidential clients (the contract), about their own tokens only.
        allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== "none" && token.clientId === client.clientId,
      },
      // A client revokes its own tokens only (RFC 7009 §2.1).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      clientCredentials: { enabled: true },
      // ID tokens signed by signing-keys.ts (node:crypto on the thread pool): the library's hook
      // for keys it does not hold, an experiment whose version we acknowledge (checked on upgrade).
      externalSigningSupport: { enabled: true, ack: "experimental-01" },
      userinfo: { enabled: true },
      // Not offered (discovery advertised an endpoint we do not route).
      pushedAuthorizationRequests: { enabled: false },
      // No resource servers of their own yet: access tokens stay opaque (checked by introspection
      // or userinfo), so none can pass for a first-party at+jwt whose audience is JWT_AUDIENCE.
      resourceIndicators: { enabled: false },
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    ttl: {
      AuthorizationCode: 60,
      AccessToken: config().ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: 600,
      IdToken: Math.min(3600, ID_TOKEN_MAX_TTL_SECONDS),
      RefreshToken: config().REFRESH_TOKEN_TTL_SECONDS,
      Interaction: 600,
      Session: config().REFRESH_TOKEN_TTL_SECONDS,
      Grant: config().REFRESH_TOKEN_TTL_SECONDS,
    },
    interactions: {
      url: (_ctx, interaction) => `/api/oidc/interaction/${interaction.uid}`,
      policy: interactionPolicyMirroringOurSession(),
    },
    // The assurance levels our sessions have (lib/sessions/assurance.ts): acr_values=aal2 asks for a second factor.
    acrValues: ["aal1", "aal2"],
    // The provider's own cookies (its session and interaction ids), signed with keys derived from
    // AUTH_SECRET (and the previous ones, so a rotation signs nobody out of a pending interaction).
    cookies: { keys: secrets.map((secret) => createHmac("sha256", secret).update("oidc-provider-cookies").digest("base64url")) },
  };
}

type RequestHandler = ReturnType<Provider["callback"]>;
let built: { version: string; provider: Provider; handle: RequestHandler } | undefined;

/** The Node request handler of the provider's endpoints (Koa composes it once per build, not per request). */
export async function oidcRequestHandler(): Promise<RequestHandler> {
  await oidcProvider();
  return built!.handle;
}

export async function oidcProvider(): Promise<Provider> {
  const { keys, version } = await privateSigningJwks(ID_TOKEN_SIGNING_ALGORITHMS);
  if (built?.version === version) return built.provider;
  const provider = new Provider(config().appUrl, configuration({ keys: keys.map((key) => new ThreadPoolSigningKey(key)) }));
  // Behind Vercel's edge or our launcher: the forwarded scheme and host are the request's.
  provider.proxy = true;
  // Hashed secrets: the stored client_secret is the SHA-256 of the one shown once.
  provider.Client.prototype.compareClientSecret = function (this: { clientSecret?: string }, presented: string) {
    return Boolean(this.clientSecret) && constantTimeEqual(sha256(presented), this.clientSecret!);
  };
  provider.on("end_session.success", noteEndedSession);
  // The library answers its own 500s (server_error) without a word in our log.
  provider.on("server_error", (ctx, error) => log.error("openid provider: server error", { route: ctx.oidc?.route, error }));
  provider.use(endOurSessionToo);
  provider.use(completeTokenRequest);
  built = { version, provider, handle: provider.callback() };
  return provider;
}
