// The SSO stand-ins as the integration setup starts them, checked with the very libraries the
// product uses: a SAML SP from @node-saml/node-saml signs in through the SAML stand-in, an
// openid-client 6 relying party through the OpenID Connect stand-in, and node:dns resolves TXT
// records through the DNS stand-in at DNS_SERVERS. If these pass, a product test that fails
// against the stand-ins has found a product bug.
import { Resolver } from "node:dns/promises";
import { SAML, ValidateInResponseTo, type SamlConfig } from "@node-saml/node-saml";
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { certificateBody, samlCertificate } from "../../scripts/lib/saml-idp";
import type { OidcIdpMode } from "../../scripts/lib/oidc-idp-standin";
import type { SamlIdpMode } from "../../scripts/lib/saml-idp-standin";
import { clearTxt, setTxt, uniqueDomain, verificationRecordName } from "../support/dns";
import {
  oidcIdp,
  oidcIdpSignIn,
  queueOidcMode,
  queueSamlMode,
  registerOidcClient,
  samlIdp,
  samlIdpMetadata,
  samlIdpSignIn,
  samlResponseFor,
} from "../support/sso";

const APP = "http://localhost:3000";

describe("the integration environment", () => {
  it("hands the stand-ins' addresses to the tests and to the app", () => {
    expect(process.env.SAML_IDP_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.OIDC_IDP_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.OIDC_ISSUER).toBe(`${process.env.OIDC_IDP_URL}/oidc`);
    expect(process.env.DNS_SERVERS).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(process.env.DNS_CONTROL_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("SAML identity provider stand-in", () => {
  const connection = `conn_${Math.random().toString(36).slice(2, 8)}`;
  const spEntityId = `${APP}/api/auth/sso/saml/${connection}/metadata`;
  const acs = `${APP}/api/auth/sso/saml/${connection}/acs`;

  /** The product's SP as the brief configures it, trusting the certificate the metadata publishes. */
  async function sp(overrides: Partial<SamlConfig> = {}) {
    const metadata = await samlIdpMetadata();
    const cert = /<ds:X509Certificate>([^<]+)</.exec(metadata)![1]!;
    return new SAML({
      idpCert: cert,
      issuer: spEntityId,
      callbackUrl: acs,
      audience: spEntityId,
      entryPoint: samlIdp().ssoUrl,
      idpIssuer: samlIdp().entityId,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      ...overrides,
    });
  }

  it("publishes metadata with its entity id, SSO URL and the trusted certificate", async () => {
    const metadata = await samlIdpMetadata();
    expect(metadata).toContain(`entityID="${samlIdp().entityId}"`);
    expect(metadata).toContain(`Location="${samlIdp().ssoUrl}"`);
    expect(metadata).toContain(certificateBody(samlCertificate("idp")));
    const rollover = await samlIdpMetadata(["idp", "idp-next"]);
    expect(rollover).toContain(certificateBody(samlCertificate("idp-next")));
  });

  it("answers an AuthnRequest with a response node-saml accepts, bound to that request", async () => {
    const saml = await sp();
    const redirect = await saml.getAuthorizeUrlAsync("relay-abc", undefined, {});
    expect(redirect.startsWith(`${samlIdp().ssoUrl}?`)).toBe(true);
    const answer = await samlIdpSignIn(redirect, "ada@acme.test");
    expect(answer.acsUrl).toBe(acs);
    expect(answer.RelayState).toBe("relay-abc");
    expect(new URLSearchParams(answer.form).get("SAMLResponse")).toBe(answer.SAMLResponse);
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse });
    expect(profile).toMatchObject({ nameID: "ada@acme.test", email: "ada@acme.test", issuer: samlIdp().entityId });
    expect(profile?.inResponseTo).toBe(answer.requestId);
    // The request id is single use at node-saml: the same response again is refused.
    await expect(saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse })).rejects.toThrow(/InResponseTo/);
  });

  it("misbehaves per request: unsigned, foreign key, wrong audience, replayed request id, wrapping", async () => {
    const saml = await sp();
    const refusals: [SamlIdpMode, RegExp][] = [
      ["unsigned", /Invalid signature/],
      ["other-idp", /Invalid signature/],
      ["wrong-audience", /audience/i],
      ["wrong-in-response-to", /InResponseTo is not valid/],
      ["expired", /expired|No valid subject confirmation/i],
      ["xsw-evil-first", /multiple assertions/],
      ["xsw-evil-wraps-original", /Invalid signature/],
      ["failure-status", /Responder error/],
    ];
    for (const [mode, error] of refusals) {
      const redirect = await saml.getAuthorizeUrlAsync("", undefined, {});
      const answer = await samlIdpSignIn(redirect, "victim@acme.test", { mode });
      await expect(saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse }), String(mode)).rejects.toThrow(error);
    }
  });

  it("wrong-issuer: node-saml does not compare a login response's Issuer (idpIssuer is for logout), so the product must", async () => {
    const saml = await sp();
    const answer = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "a@acme.test", { mode: "wrong-issuer" });
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse });
    expect(profile?.issuer).toBe("https://wrong-issuer.invalid/saml");
  });

  it("wrong-recipient and wrong-destination: node-saml checks neither, so the product must", async () => {
    const saml = await sp();
    for (const mode of ["wrong-recipient", "wrong-destination"] as const) {
      const answer = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "a@acme.test", { mode });
      const xml = Buffer.from(answer.SAMLResponse, "base64").toString();
      expect(xml).toContain(
        mode === "wrong-recipient"
          ? 'Recipient="https://wrong-recipient.invalid/acs"'
          : 'Destination="https://wrong-destination.invalid/acs"',
      );
      await expect(saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse })).resolves.toBeTruthy();
    }
  });

  it("comment injection through the stand-in: node-saml reads the whole NameID", async () => {
    const saml = await sp();
    const answer = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "user@evil.com.acme.test", {
      mode: "comment-injection",
    });
    expect(Buffer.from(answer.SAMLResponse, "base64").toString()).toContain(">user@evil.com<!---->.acme.test</saml:NameID>");
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: answer.SAMLResponse });
    expect(profile?.nameID).toBe("user@evil.com.acme.test");
  });

  it("a queued mode applies once, to the named person's next response only", async () => {
    const saml = await sp();
    await queueSamlMode("unsigned", "queued@acme.test");
    const other = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "someone-else@acme.test");
    await expect(saml.validatePostResponseAsync({ SAMLResponse: other.SAMLResponse })).resolves.toBeTruthy();
    const first = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "queued@acme.test");
    await expect(saml.validatePostResponseAsync({ SAMLResponse: first.SAMLResponse })).rejects.toThrow(/Invalid signature/);
    const second = await samlIdpSignIn(await saml.getAuthorizeUrlAsync("", undefined, {}), "queued@acme.test");
    await expect(saml.validatePostResponseAsync({ SAMLResponse: second.SAMLResponse })).resolves.toBeTruthy();
  });

  it("builds in process for the request too (samlResponseFor), with any field overridden", async () => {
    const saml = await sp();
    const redirect = await saml.getAuthorizeUrlAsync("r", undefined, {});
    const built = samlResponseFor(redirect, { nameId: "grace@acme.test", attributes: { email: "grace@acme.test", firstName: "Grace" } });
    expect(built).toMatchObject({ acsUrl: acs, RelayState: "r" });
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: built.base64 });
    expect(profile).toMatchObject({ nameID: "grace@acme.test", firstName: "Grace" });
  });

  it("takes the AuthnRequest by HTTP-POST too", async () => {
    const saml = await sp();
    const redirect = new URL(await saml.getAuthorizeUrlAsync("relay-post", undefined, {}));
    const res = await fetch(samlIdp().ssoUrl, { method: "POST", body: redirect.searchParams });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<input type="hidden" name="RelayState" value="relay-post">');
  });

  it("serves the browser pages: a labelled email field, then a form that posts to the ACS with or without JavaScript", async () => {
    const saml = await sp();
    const redirect = await saml.getAuthorizeUrlAsync("relay-browser", undefined, {});
    const pageRes = await fetch(redirect);
    const html = await pageRes.text();
    expect(pageRes.headers.get("content-type")).toContain("text/html");
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="email">Email<\/label><input id="email" name="email" type="email"/);
    expect(html).toContain('<button type="submit">Sign in</button>');
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(hidden.RelayState).toBe("relay-browser");

    const login = await fetch(`${samlIdp().url}/saml/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "browser@acme.test", SAMLRequest: hidden.SAMLRequest!, RelayState: hidden.RelayState! }),
    });
    const posting = await login.text();
    expect(posting).toContain(`<form id="saml-post" method="post" action="${acs}">`);
    expect(posting).toContain('<button type="submit">Continue</button>');
    expect(posting).toContain('document.getElementById("saml-post").submit()');
    const response = /name="SAMLResponse" value="([^"]+)"/.exec(posting)![1]!;
    expect(/name="RelayState" value="([^"]+)"/.exec(posting)![1]).toBe("relay-browser");
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: response });
    expect(profile?.email).toBe("browser@acme.test");
  });
});

describe("OpenID Connect identity provider stand-in", () => {
  const redirectUri = `${APP}/api/auth/sso/oidc/conn_${Math.random().toString(36).slice(2, 8)}/callback`;

  /**
   * The product's relying party. enableNonRepudiationChecks is what makes openid-client check the
   * ID token's signature against the JWKS: without it, it trusts the token endpoint's TLS
   * instead (OIDC Core 3.1.3.7) and accepts a token signed by any key (see the test below).
   */
  async function relyingParty(
    auth: "basic" | "post" = "basic",
    registered?: { id: string; secret: string },
    execute = [client.allowInsecureRequests, client.enableNonRepudiationChecks],
  ) {
    const registration = registered ?? (await registerOidcClient({ redirectUris: [redirectUri] }));
    const config = await client.discovery(
      new URL(oidcIdp().issuer),
      registration.id,
      undefined,
      auth === "basic" ? client.ClientSecretBasic(registration.secret) : client.ClientSecretPost(registration.secret),
      { execute },
    );
    return { config, registration };
  }

  async function authorization(config: client.Configuration) {
    const verifier = client.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid email profile",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    });
    return { url, checks };
  }

  it("signs in end to end with openid-client: discovery, PKCE, code exchange (basic and post), ID token, userinfo", async () => {
    for (const auth of ["basic", "post"] as const) {
      const { config } = await relyingParty(auth);
      expect(config.serverMetadata().issuer).toBe(oidcIdp().issuer);
      const { url, checks } = await authorization(config);
      const callback = await oidcIdpSignIn(url.href, "ada@acme.test", { name: "Ada" });
      expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
      const tokens = await client.authorizationCodeGrant(config, callback, checks);
      const claims = tokens.claims()!;
      expect(claims).toMatchObject({
        iss: oidcIdp().issuer,
        email: "ada@acme.test",
        email_verified: true,
        nonce: checks.expectedNonce,
        name: "Ada",
      });
      expect(claims.aud).toBe(config.clientMetadata().client_id);
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(userinfo).toMatchObject({ sub: claims.sub, email: "ada@acme.test", email_verified: true });
    }
  });

  it("says when the address is not verified, and keeps one subject per address", async () => {
    const { config } = await relyingParty();
    const first = await authorization(config);
    const unverified = await client.authorizationCodeGrant(
      config,
      await oidcIdpSignIn(first.url.href, "Bob@acme.test", { emailVerified: false }),
      first.checks,
    );
    expect(unverified.claims()).toMatchObject({ email: "Bob@acme.test", email_verified: false });
    const second = await authorization(config);
    const again = await client.authorizationCodeGrant(config, await oidcIdpSignIn(second.url.href, "bob@acme.test"), second.checks);
    expect(again.claims()!.sub).toBe(unverified.claims()!.sub);
  });

  it("requires PKCE S256 and the right verifier, uses a code once, and checks the client", async () => {
    const { config, registration } = await relyingParty();
    const noPkce = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: "openid", state: "s" });
    const refused = await oidcIdpSignIn(noPkce.href, "a@acme.test");
    expect(refused.searchParams.get("error")).toBe("invalid_request");
    expect(refused.searchParams.get("state")).toBe("s");

    const { url, checks } = await authorization(config);
    const callback = await oidcIdpSignIn(url.href, "a@acme.test");
    await expect(
      client.authorizationCodeGrant(config, callback, { ...checks, pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: "invalid_grant", error_description: "code_verifier does not match the code_challenge" });
    // The failed attempt spent the code, as a real IdP does.
    await expect(client.authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({ error: "invalid_grant" });

    const wrongSecret = await relyingParty("basic", { id: registration.id, secret: "not-the-secret" });
    const attempt = await authorization(wrongSecret.config);
    await expect(
      client.authorizationCodeGrant(wrongSecret.config, await oidcIdpSignIn(attempt.url.href, "a@acme.test"), attempt.checks),
    ).rejects.toMatchObject({ status: 401 });

    const unregistered = await fetch(url.href.replace(encodeURIComponent(redirectUri), encodeURIComponent(`${APP}/elsewhere`)));
    expect(unregistered.status).toBe(400);
  });

  it("misbehaves per request in every way an ID token can be wrong, and openid-client refuses each for that reason", async () => {
    const { config } = await relyingParty();
    const reasons = {
      "wrong-issuer": /"iss"/,
      "wrong-audience": /"aud"/,
      "wrong-nonce": /"nonce" claim value/,
      "no-nonce": /"nonce".*missing/,
      expired: /"exp"/,
      "unknown-key": /no applicable keys/,
      hs256: /"alg"/,
    } satisfies Record<OidcIdpMode, RegExp>;
    for (const [mode, reason] of Object.entries(reasons) as [OidcIdpMode, RegExp][]) {
      const { url, checks } = await authorization(config);
      const callback = await oidcIdpSignIn(url.href, "a@acme.test", { mode });
      const error = await client.authorizationCodeGrant(config, callback, checks).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(`${error?.message} / ${(error?.cause as Error | undefined)?.message}`, mode).toMatch(reason);
    }
    // Without enableNonRepudiationChecks, openid-client takes an ID token signed by a stranger's key.
    const trusting = await relyingParty("basic", undefined, [client.allowInsecureRequests]);
    const forged = await authorization(trusting.config);
    await expect(
      client.authorizationCodeGrant(
        trusting.config,
        await oidcIdpSignIn(forged.url.href, "a@acme.test", { mode: "unknown-key" }),
        forged.checks,
      ),
    ).resolves.toBeTruthy();
    // A queued mode for one address only.
    await queueOidcMode("wrong-nonce", "queued@acme.test");
    const fine = await authorization(config);
    await expect(
      client.authorizationCodeGrant(config, await oidcIdpSignIn(fine.url.href, "other@acme.test"), fine.checks),
    ).resolves.toBeTruthy();
    const spoiled = await authorization(config);
    await expect(
      client.authorizationCodeGrant(config, await oidcIdpSignIn(spoiled.url.href, "queued@acme.test"), spoiled.checks),
    ).rejects.toMatchObject({
      cause: { message: 'unexpected ID Token "nonce" claim value' },
    });
  });

  it("serves the browser page: a labelled email field and an 'Email verified' checkbox on by default", async () => {
    const { config } = await relyingParty();
    const { url, checks } = await authorization(config);
    const html = await (await fetch(url)).text();
    expect(html).toMatch(/<label for="email">Email<\/label><input id="email" name="email" type="email"/);
    expect(html).toContain('<label class="check"><input type="checkbox" name="email_verified" checked>Email verified</label>');
    expect(html).toContain('<button type="submit">Sign in</button>');
    const form = new URLSearchParams(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]),
    );
    form.set("email", "form@acme.test");
    form.set("email_verified", "on");
    const submitted = await fetch(`${oidcIdp().issuer}/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    expect(submitted.status).toBe(303);
    const tokens = await client.authorizationCodeGrant(config, new URL(submitted.headers.get("location")!), checks);
    expect(tokens.claims()).toMatchObject({ email: "form@acme.test", email_verified: true });
  });
});

describe("DNS stand-in", () => {
  const resolver = () => {
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers(process.env.DNS_SERVERS!.split(","));
    return r;
  };

  it("answers TXT through node:dns as the app resolves it, and NXDOMAIN once cleared", async () => {
    const name = verificationRecordName(uniqueDomain());
    await expect(resolver().resolveTxt(name)).rejects.toMatchObject({ code: "ENOTFOUND" });
    await setTxt(name, ["keystone-verification=abc123", "v=spf1 -all"]);
    expect((await resolver().resolveTxt(name.toUpperCase())).map((chunks) => chunks.join("")).sort()).toEqual([
      "keystone-verification=abc123",
      "v=spf1 -all",
    ]);
    await setTxt(name, ["keystone-verification=changed"]);
    expect(await resolver().resolveTxt(name)).toEqual([["keystone-verification=changed"]]);
    await clearTxt(name);
    await expect(resolver().resolveTxt(name)).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("splits long values into 255-byte strings and answers many records (over TCP when UDP is too small)", async () => {
    const name = verificationRecordName(uniqueDomain());
    const long = `keystone-verification=${"x".repeat(600)}`;
    const many = Array.from({ length: 30 }, (_, i) => `record-${i}-${"y".repeat(80)}`);
    await setTxt(name, [long, ...many]);
    const answers = await resolver().resolveTxt(name);
    const joined = answers.map((chunks) => chunks.join(""));
    expect(joined).toContain(long);
    expect(answers.find((chunks) => chunks.join("") === long)!.map((c) => c.length)).toEqual([255, 255, 112]);
    expect(joined).toHaveLength(31);
    await clearTxt(name);
  });
});
