// The OpenID Provider through a real relying party (openid-client) over HTTP: the pages route
// (pages/api/oidc/[...path].ts) behind a Node server, our JWKS route beside it. First slice:
// discovery, client_credentials for a confidential client, introspection of its own token.
import * as client from "openid-client";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signUp } from "../support/accounts";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { adminAtAal2 } from "../support/admin";
import { api } from "../support/api";
import { useProviderServer } from "../support/oidc-provider";

const { issuer: currentIssuer } = useProviderServer();
let issuer = "";
beforeAll(() => {
  issuer = currentIssuer();
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

describe("consent for a third-party client", () => {
  async function startFlow(scope: string) {
    const { id, clientSecret } = await confidentialClient();
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const configuration = await client.discovery(new URL(issuer), id, clientSecret, client.ClientSecretBasic(clientSecret), {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    let next = client
      .buildAuthorizationUrl(configuration, {
        redirect_uri: "https://rp.example.com/cb",
        scope,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
      })
      .toString();
    const follow = async () => {
      for (let hops = 0; hops < 10 && next.startsWith(issuer) && !next.includes("/oauth/consent"); hops++) {
        const res = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
        jar.take(res);
        next = new URL(res.headers.get("location")!, next).toString();
      }
    };
    await follow();
    return { person, jar, configuration, verifier, state, clientId: id, next: () => next, set: (url: string) => (next = url), follow };
  }

  const decide = async (flow: Awaited<ReturnType<typeof startFlow>>, decision: string) => {
    const uid = new URL(flow.next()).searchParams.get("uid")!;
    const res = await fetch(`${issuer}/api/oidc/interaction/${uid}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: flow.jar.header(), origin: issuer, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ decision }).toString(),
    });
    flow.jar.take(res);
    // The form's answer is our own page, which the browser leaves for the resume endpoint.
    const page = new URL(res.headers.get("location")!, issuer);
    expect(page.pathname).toBe("/oauth/continue");
    flow.set(page.searchParams.get("to")!);
    await flow.follow();
  };

  it("asks, and signs in with what was allowed; the consent is an event in the person's organizations", async () => {
    const flow = await startFlow("openid email");
    expect(flow.next()).toContain(`${issuer}/oauth/consent?uid=`);
    await decide(flow, "allow");
    expect(flow.next()).toMatch(/^https:\/\/rp\.example\.com\/cb\?code=/);
    const tokens = await client.authorizationCodeGrant(flow.configuration, new URL(flow.next()), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
    });
    expect(tokens.claims()?.sub).toBe(flow.person.userId);
    const event = await db().auditEvent.findFirstOrThrow({ where: { actorId: flow.person.userId, type: "oauth.consent_granted" } });
    expect(event.metadata).toMatchObject({ clientId: flow.clientId, scopes: ["openid", "email"] });
  });

  it("a denial sends the browser back with access_denied and issues nothing", async () => {
    const flow = await startFlow("openid email");
    await decide(flow, "deny");
    const back = new URL(flow.next());
    expect(back.origin + back.pathname).toBe("https://rp.example.com/cb");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("refuses a decision posted from another origin", async () => {
    const flow = await startFlow("openid");
    const uid = new URL(flow.next()).searchParams.get("uid")!;
    const res = await fetch(`${issuer}/api/oidc/interaction/${uid}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: flow.jar.header(), origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "decision=allow",
    });
    expect(res.headers.get("location")).toBe("/oauth/continue");
    expect(await db().auditEvent.count({ where: { actorId: flow.person.userId, type: "oauth.consent_granted" } })).toBe(0);
  });
});
