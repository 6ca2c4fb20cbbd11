// The OpenID Provider attacked the ways issue 28 lists, each through the real routes: a code for
// another client or redirect URI, PKCE missing or plain, redirect_uri tricks, mix-up, a public
// client using client_credentials, prompt=none as a sign-in oracle, consent skipped for a
// third-party client, another client's token introspected or revoked, the provider's tokens
// presented to the first-party API.
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { signUp } from "../support/accounts";
import { api } from "../support/api";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import {
  authorize,
  decideConsent,
  redeem,
  registerClient,
  relyingParty,
  useProviderServer,
  type RegisteredClient,
} from "../support/oidc-provider";

const { issuer } = useProviderServer();

async function signedInBrowser() {
  const person = await signUp();
  return { person, jar: await passwordSignIn(new Jar(), person.email, person.password) };
}

/** A raw authorization request (no openid-client guard rails) in a signed-in browser: the first answer. */
async function rawAuthorize(jar: Jar, params: Record<string, string>) {
  const res = await fetch(`${issuer()}/api/oidc/auth?${new URLSearchParams(params)}`, {
    redirect: "manual",
    headers: { cookie: jar.header() },
  });
  jar.take(res);
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const S256_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 appendix B

describe("codes", () => {
  it("are bound to their client and redirect URI", async () => {
    const victim = await registerClient({ type: "confidential", firstParty: true });
    const attacker = await registerClient({ type: "confidential", firstParty: true });
    const { jar } = await signedInBrowser();
    const victimRp = await relyingParty(victim);
    const authorization = await authorize(victimRp, victim, jar);
    const code = new URL(authorization.at).searchParams.get("code")!;
    // The code redeemed at the token endpoint by `by`, naming `redirectUri`, with the right verifier.
    const redeemAs = (by: RegisteredClient, redirectUri: string) =>
      fetch(`${issuer()}/api/oidc/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${by.id}:${by.clientSecret}`).toString("base64")}`,
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          code_verifier: authorization.verifier,
        }).toString(),
      });
    // The attacker's client redeems the victim's code.
    const stolen = await redeemAs(attacker, victim.redirectUri);
    expect(stolen.status).toBe(400);
    expect((await stolen.json()).error).toBe("invalid_grant");
    // The victim's own client, naming a redirect URI the code was not issued for: refused too.
    expect((await (await redeemAs(victim, "https://elsewhere.example.com/cb")).json()).error).toBe("invalid_grant");
  });

  it("need PKCE with S256 from every client, and the verifier that matches", async () => {
    const registered = await registerClient({ type: "confidential", firstParty: true });
    const { jar } = await signedInBrowser();
    const base = { client_id: registered.id, response_type: "code", scope: "openid", redirect_uri: registered.redirectUri, state: "s" };
    for (const params of [base, { ...base, code_challenge: "x".repeat(43), code_challenge_method: "plain" }]) {
      const answer = await rawAuthorize(jar, params);
      const back = new URL(answer.location!);
      expect(back.origin + back.pathname).toBe(registered.redirectUri);
      expect(back.searchParams.get("error")).toBe("invalid_request");
      expect(back.searchParams.get("code")).toBeNull();
    }
    const rp = await relyingParty(registered);
    const authorization = await authorize(rp, registered, jar);
    await expect(redeem(rp, { ...authorization, verifier: client.randomPKCECodeVerifier() })).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});

describe("redirect URIs", () => {
  it("match exactly: no prefix, userinfo, fragment, case, encoding or extra query trick sends the browser elsewhere", async () => {
    const registered = await registerClient({ type: "public", firstParty: true, redirectUri: "https://rp.example.com/cb" });
    const { jar } = await signedInBrowser();
    const tricks = [
      "https://rp.example.com/cb/evil",
      "https://rp.example.com/cbx",
      "https://rp.example.com@evil.example/cb",
      "https://evil.example#https://rp.example.com/cb",
      "https://rp.example.com/cb#fragment",
      "https://RP.example.com/CB",
      "https://rp.example.com/cb%2F..%2Fevil",
      "https://rp.example.com/cb?next=https://evil.example",
      "https://rp.example.com.evil.example/cb",
      "http://rp.example.com/cb",
    ];
    for (const redirectUri of tricks) {
      const answer = await rawAuthorize(jar, {
        client_id: registered.id,
        response_type: "code",
        scope: "openid",
        redirect_uri: redirectUri,
        code_challenge: S256_CHALLENGE,
        code_challenge_method: "S256",
        state: "s",
      });
      // An error page of ours, never a redirect anywhere.
      expect(answer.location, redirectUri).toBeNull();
      expect(answer.status, redirectUri).toBe(400);
    }
  });
});

describe("mix-up", () => {
  it("names the issuer in every authorization response (RFC 9207), which the relying party checks", async () => {
    const registered = await registerClient({ type: "public", firstParty: true });
    const { jar } = await signedInBrowser();
    const rp = await relyingParty(registered);
    const authorization = await authorize(rp, registered, jar);
    expect(new URL(authorization.at).searchParams.get("iss")).toBe(issuer());
    // The same response claimed to come from another issuer: the relying party refuses it.
    const forged = new URL(authorization.at);
    forged.searchParams.set("iss", "https://other-issuer.example");
    await expect(redeem(rp, { ...authorization, at: forged.toString() })).rejects.toThrow();
  });
});

describe("discovery", () => {
  it("names APP_URL's endpoints whatever Host or X-Forwarded-* headers a request carries", async () => {
    const res = await fetch(`${issuer()}/.well-known/openid-configuration`, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    const document = (await res.json()) as Record<string, unknown>;
    for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "jwks_uri"]) {
      expect(String(document[key]).startsWith(`${issuer()}/`), key).toBe(true);
    }
    expect(document.pushed_authorization_request_endpoint).toBeUndefined();
    expect(document.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post", "none"]);
  });
});

describe("client authentication", () => {
  it("refuses client_credentials to a public client", async () => {
    const registered = await registerClient({ type: "public", firstParty: true });
    const res = await fetch(`${issuer()}/api/oidc/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: registered.id }).toString(),
    });
    expect(res.status).toBe(400);
    // oidc-provider's answer for a grant type the client may not use (no token in it).
    expect(await res.json()).toEqual({
      error: "invalid_request",
      error_description: "requested grant type is not allowed for this client",
    });
  });

  it("lets a client introspect and revoke its own tokens only", async () => {
    const owner = await registerClient({ type: "confidential", firstParty: true });
    const other = await registerClient({ type: "confidential", firstParty: true });
    const { jar } = await signedInBrowser();
    const ownerRp = await relyingParty(owner);
    const otherRp = await relyingParty(other);
    const tokens = await redeem(ownerRp, await authorize(ownerRp, owner, jar));
    expect((await client.tokenIntrospection(otherRp, tokens.access_token)).active).toBe(false);
    await client.tokenRevocation(otherRp, tokens.access_token).catch(() => undefined);
    expect((await client.tokenIntrospection(ownerRp, tokens.access_token)).active).toBe(true);
  });

  it("introspects for confidential clients only (a public client learns nothing, even of its own tokens)", async () => {
    const registered = await registerClient({ type: "public", firstParty: true });
    const { jar } = await signedInBrowser();
    const rp = await relyingParty(registered);
    const tokens = await redeem(rp, await authorize(rp, registered, jar));
    expect((await client.tokenIntrospection(rp, tokens.access_token)).active).toBe(false);
  });
});

describe("sign-in state and consent", () => {
  it("prompt=none answers a third-party client login_required whether or not its visitor is signed in", async () => {
    const thirdParty = await registerClient({ type: "confidential" });
    const rp = await relyingParty(thirdParty);
    const { jar } = await signedInBrowser();
    const signedIn = await authorize(rp, thirdParty, jar, { prompt: "none" });
    const signedOut = await authorize(rp, thirdParty, new Jar(), { prompt: "none" });
    const aal2 = await authorize(rp, thirdParty, jar, { prompt: "none", acr_values: "aal2" });
    const answers = [signedIn, signedOut, aal2].map((a) => {
      const params = new URL(a.at).searchParams;
      return { error: params.get("error"), description: params.get("error_description") };
    });
    // One answer, description included, whatever the visitor's state here.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.error).toBe("login_required");
  });

  it("never issues a third-party client a code without the person's own allow", async () => {
    const thirdParty = await registerClient({ type: "confidential" });
    const rp = await relyingParty(thirdParty);
    const victim = await signedInBrowser();
    const attacker = await signedInBrowser();
    const pending = await authorize(rp, thirdParty, victim.jar);
    expect(pending.at).toContain("/oauth/consent?uid=");
    // Another signed-in person posts "allow" for the victim's pending request: refused.
    const hijack = await decideConsent(attacker.jar, pending.at, "allow");
    expect(hijack).toMatch(/\/oauth\/continue$/);
    // The victim's own browser, but the decision posted from another site: refused.
    expect(await decideConsent(victim.jar, pending.at, "allow", "https://evil.example")).toMatch(/\/oauth\/continue$/);
    // And the authorization endpoint alone never skips the page.
    expect((await authorize(rp, thirdParty, victim.jar)).at).toContain("/oauth/consent?uid=");
  });
});

describe("the provider's tokens and the first-party API", () => {
  it("an ID token or access token of the provider is no Bearer token of ours", async () => {
    const registered = await registerClient({ type: "public", firstParty: true });
    const { jar } = await signedInBrowser();
    const rp = await relyingParty(registered);
    const tokens = await redeem(rp, await authorize(rp, registered, jar, { scope: "openid email" }));
    for (const token of [tokens.id_token!, tokens.access_token]) {
      expect((await api("GET", "/api/auth/profile", { token })).status).toBe(401);
    }
    // A resource indicator naming anything is not supported: tokens stay opaque.
    const withResource = await authorize(rp, registered, jar, { resource: "https://api.example.com" });
    expect(new URL(withResource.at).searchParams.get("code")).toBeTruthy();
    const opaque = await redeem(rp, withResource);
    expect(opaque.access_token.split(".").length).toBeLessThan(3);
  });
});

describe("a NUL character, which PostgreSQL cannot store", () => {
  it("in a token, a code or a nonce is the client's error, never a 500", async () => {
    const registered = await registerClient({ type: "confidential", firstParty: true });
    const basic = `Basic ${Buffer.from(`${registered.id}:${registered.clientSecret}`).toString("base64")}`;
    const post = (path: string, body: Record<string, string>, authorization?: string) =>
      fetch(`${issuer()}/api/oidc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    // Before client authentication (the token endpoint reads ahead with the client): still the client's answer.
    const unknownClient = await post("token", { grant_type: "refresh_token", refresh_token: "\u0000", client_id: "nope_client" });
    expect(unknownClient.status).toBe(401);
    const grants: Record<string, string>[] = [
      { grant_type: "refresh_token", refresh_token: "ab\u0000cd" },
      { grant_type: "authorization_code", code: "ab\u0000cd", redirect_uri: registered.redirectUri, code_verifier: "v".repeat(43) },
    ];
    for (const body of grants) {
      const res = await post("token", body, basic);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error).toBe("invalid_grant");
    }
    const introspected = await post("token/introspection", { token: "ab\u0000cd" }, basic);
    expect([introspected.status, await introspected.json()]).toEqual([200, { active: false }]);
    expect((await post("token/revocation", { token: "ab\u0000cd" }, basic)).status).toBe(200);

    const { jar } = await signedInBrowser();
    const withNul = await rawAuthorize(jar, {
      client_id: registered.id,
      redirect_uri: registered.redirectUri,
      response_type: "code",
      scope: "openid",
      code_challenge: S256_CHALLENGE,
      code_challenge_method: "S256",
      nonce: "n\u0000n",
    });
    expect(withNul.status).toBeLessThan(500);
    expect(withNul.location ?? "").not.toContain("server_error");
  });
});
