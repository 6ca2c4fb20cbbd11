// The OpenID Provider behind a real Node HTTP server, for a real relying party (openid-client):
// the pages routes (pages/api/oidc/[...path].ts and the interaction route) and our JWKS route, at
// an APP_URL of their own. A browser is a cookie Jar that follows redirects by hand, so a test sees
// every stop: /login, the consent page, the client's redirect URI.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { NextApiRequest, NextApiResponse } from "next";
import * as client from "openid-client";
import { afterAll, beforeAll, expect } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import handler from "@/pages/api/oidc/[...path]";
import interaction from "@/pages/api/oidc/interaction/[uid]";
import { adminAtAal2 } from "./admin";
import { api } from "./api";
import type { Jar } from "./oauth-flow";

let issuer = "";

/** Starts the provider's server for this file; `issuer()` is its APP_URL. */
export function useProviderServer(): { issuer: () => string } {
  let server: http.Server;
  const previousAppUrl = process.env.APP_URL;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/.well-known/jwks.json") {
        const answer = await jwksRoute(new Request(`${issuer}${url.pathname}`) as never, { params: Promise.resolve({}) } as never);
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        return res.end(await answer.text());
      }
      const interactionUid = /^\/api\/oidc\/interaction\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (interactionUid) {
        (req as NextApiRequest).query = { uid: interactionUid };
        return interaction(req as NextApiRequest, res as NextApiResponse);
      }
      const path =
        url.pathname === "/.well-known/openid-configuration" ? ["discovery"] : url.pathname.replace(/^\/api\/oidc\//, "").split("/");
      (req as NextApiRequest).query = { ...Object.fromEntries(url.searchParams), path };
      await handler(req as NextApiRequest, res as NextApiResponse);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.APP_URL = issuer;
    resetConfigForTests();
  });
  afterAll(async () => {
    process.env.APP_URL = previousAppUrl;
    resetConfigForTests();
    await new Promise((resolve) => server.close(resolve));
  });
  return { issuer: () => issuer };
}

export interface RegisteredClient {
  id: string;
  clientSecret?: string;
  redirectUri: string;
  /** What the relying party expects its ID tokens signed with (openid-client refuses any other). */
  idTokenSigningAlg?: "RS256" | "ES256";
}

/** An OAuth client registered through the admin API (a confidential one gets its secret once). */
export async function registerClient(input: {
  type: "confidential" | "public";
  firstParty?: boolean;
  scopes?: string[];
  redirectUri?: string;
  postLogoutRedirectUris?: string[];
  /** Omitted: the API's default (RS256). */
  idTokenSigningAlg?: "RS256" | "ES256";
}): Promise<RegisteredClient> {
  const admin = await adminAtAal2();
  const redirectUri = input.redirectUri ?? `https://rp-${Math.random().toString(36).slice(2, 8)}.example.com/cb`;
  const created = await api("POST", "/api/admin/oauth-clients", {
    token: admin.access,
    json: {
      name: "Relying party",
      type: input.type,
      redirectUris: [redirectUri],
      scopes: input.scopes ?? ["openid", "profile", "email", "offline_access", "organization"],
      firstParty: input.firstParty ?? false,
      ...(input.postLogoutRedirectUris ? { postLogoutRedirectUris: input.postLogoutRedirectUris } : {}),
      ...(input.idTokenSigningAlg ? { idTokenSigningAlg: input.idTokenSigningAlg } : {}),
    },
  });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.id, clientSecret: created.body.clientSecret, redirectUri, idTokenSigningAlg: created.body.idTokenSigningAlg };
}

/**
 * openid-client's view of the provider for one client (discovery, then its authentication). With
 * `idTokenSigningAlg` the relying party is configured as a real one would be for that client
 * (`id_token_signed_response_alg`): an ID token signed otherwise is refused.
 */
export async function relyingParty(registered: RegisteredClient) {
  const auth = registered.clientSecret ? client.ClientSecretBasic(registered.clientSecret) : client.None();
  const metadata = {
    ...(registered.clientSecret ? { client_secret: registered.clientSecret } : {}),
    ...(registered.idTokenSigningAlg ? { id_token_signed_response_alg: registered.idTokenSigningAlg } : {}),
  };
  return client.discovery(new URL(issuer), registered.id, metadata, auth, { execute: [client.allowInsecureRequests] });
}

/** The browser follows redirects until it leaves the provider's endpoints (or gives up after 10). */
export async function follow(jar: Jar, start: string): Promise<string> {
  let next = start;
  for (let hops = 0; hops < 10 && (next.startsWith(`${issuer}/api/oidc/`) || next.startsWith(`${issuer}/oauth/continue`)); hops++) {
    if (next.startsWith(`${issuer}/oauth/continue`)) {
      next = new URL(new URL(next).searchParams.get("to")!, issuer).toString();
      continue;
    }
    const res = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(res);
    if (![302, 303].includes(res.status)) return `${res.status} ${next}`;
    next = new URL(res.headers.get("location")!, next).toString();
  }
  return next;
}

export interface Authorization {
  /** Where the browser stopped: the client's redirect URI with a code or an error, or a page of ours. */
  at: string;
  verifier: string;
  state: string;
  nonce: string;
}

/** Starts an authorization request (code + PKCE S256, state, nonce) in this browser. */
export async function authorize(
  configuration: client.Configuration,
  registered: RegisteredClient,
  jar: Jar,
  params: Record<string, string> = {},
): Promise<Authorization> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: registered.redirectUri,
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  return { at: await follow(jar, url.toString()), verifier, state, nonce };
}

/** Posts the consent page's decision for the interaction the browser stopped at, then follows on. */
export async function decideConsent(jar: Jar, consentPage: string, decision: "allow" | "deny", origin = issuer): Promise<string> {
  const uid = new URL(consentPage).searchParams.get("uid")!;
  const res = await fetch(`${issuer}/api/oidc/interaction/${uid}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ decision }).toString(),
  });
  jar.take(res);
  // Every answer to the form is our own page: /oauth/continue, which the browser leaves for the
  // resume endpoint, or (refused, expired) the same page without a `to`.
  const answer = new URL(res.headers.get("location")!, issuer);
  expect(answer.pathname).toBe("/oauth/continue");
  // Our expired-request page (no `to`) or another page of ours: where the browser stops.
  if (answer.pathname !== "/oauth/continue" || !answer.searchParams.has("to")) return answer.toString();
  return follow(jar, answer.toString());
}

/** Redeems the code the browser brought back. */
export function redeem(configuration: client.Configuration, authorization: Authorization) {
  return client.authorizationCodeGrant(configuration, new URL(authorization.at), {
    pkceCodeVerifier: authorization.verifier,
    expectedState: authorization.state,
    expectedNonce: authorization.nonce,
    idTokenExpected: true,
  });
}
