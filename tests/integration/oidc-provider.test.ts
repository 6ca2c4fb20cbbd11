// The OpenID Provider through a real relying party (openid-client) over HTTP: the pages route
// (pages/api/oidc/[...path].ts) behind a Node server, our JWKS route beside it. First slice:
// discovery, client_credentials for a confidential client, introspection of its own token.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { NextApiRequest, NextApiResponse } from "next";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import handler from "@/pages/api/oidc/[...path]";
import interaction from "@/pages/api/oidc/interaction/[uid]";
import { signUp } from "../support/accounts";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { adminAtAal2 } from "../support/admin";
import { api, fetchInProcess } from "../support/api";

let server: http.Server;
let issuer: string;
const previousAppUrl = process.env.APP_URL;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/.well-known/jwks.json") {
      const answer = await fetchInProcess(new Request(`${issuer}${url.pathname}`));
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

async function confidentialClient() {
  const admin = await adminAtAal2();
  const created = await api("POST", "/api/admin/oauth-clients", {
    token: admin.access,
    json: { name: "Backend", type: "confidential", redirectUris: ["https://rp.example.com/cb"], scopes: ["openid", "email"] },
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; clientSecret: string };
}

describe("the OpenID Provider", () => {
  it("is discovered, issues client_credentials tokens to a confidential client, and introspects them for that client", async () => {
    const { id, clientSecret } = await confidentialClient();
    const configuration = await client.discovery(new URL(issuer), id, clientSecret, client.ClientSecretBasic(clientSecret), {
      execute: [client.allowInsecureRequests],
    });
    const metadata = configuration.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);

    const tokens = await client.clientCredentialsGrant(configuration, {});
    expect(tokens.access_token).toBeTruthy();
    const introspected = await client.tokenIntrospection(configuration, tokens.access_token);
    expect(introspected.active).toBe(true);

    // A wrong secret is refused.
    const wrong = await client.discovery(new URL(issuer), id, "ocs_wrong", client.ClientSecretBasic("ocs_wrong"), {
      execute: [client.allowInsecureRequests],
    });
    await expect(client.clientCredentialsGrant(wrong, {})).rejects.toThrow();
  });
});

describe("the authorization code flow", () => {
  it("signs a browser's person in to a first-party public client with PKCE: a code once, an ID token, userinfo", async () => {
    const admin = await adminAtAal2();
    const redirectUri = "https://app.example.com/callback";
    const created = await api("POST", "/api/admin/oauth-clients", {
      token: admin.access,
      json: { name: "Console", type: "public", redirectUris: [redirectUri], firstParty: true },
    });
    expect(created.status, created.text).toBe(201);
    const clientId = created.body.id as string;
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);

    const configuration = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    let next = client
      .buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      })
      .toString();
    // The browser follows redirects with its cookies until it reaches the client's redirect URI.
    for (let hops = 0; hops < 10 && !next.startsWith(redirectUri); hops++) {
      const res = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
      jar.take(res);
      expect([302, 303], `${next}: ${res.status} ${await res.clone().text()}`).toContain(res.status);
      next = new URL(res.headers.get("location")!, next).toString();
    }
    expect(next.startsWith(redirectUri)).toBe(true);
    const tokens = await client.authorizationCodeGrant(configuration, new URL(next), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.sub).toBe(person.userId);
    const info = await client.fetchUserInfo(configuration, tokens.access_token, person.userId);
    expect(info.email).toBe(person.email);
    // The browser session the person consented in ends (revoked from their other device): what
    // the grant issued stops at once.
    const sid = JSON.parse(Buffer.from(person.access.split(".")[1]!, "base64url").toString("utf8")).sid as string;
    const browserSession = await db().authSession.findFirstOrThrow({ where: { userId: person.userId, id: { not: sid }, revokedAt: null } });
    expect((await api("DELETE", `/api/auth/sessions/${browserSession.id}`, { token: person.access })).status).toBe(204);
    await expect(client.fetchUserInfo(configuration, tokens.access_token, person.userId)).rejects.toThrow();
    // The code again: refused.
    await expect(
      client.authorizationCodeGrant(configuration, new URL(next), {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      }),
    ).rejects.toThrow();
  });
});
