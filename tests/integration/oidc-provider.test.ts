// The OpenID Provider through a real relying party (openid-client) over HTTP: the pages route
// (pages/api/oidc/[...path].ts) behind a Node server, our JWKS route beside it (the harness is
// tests/support/oidc-provider.ts). Discovery, client_credentials for a confidential client and
// introspection of its own token; the code flow with PKCE; consent for a third-party client; each
// client's ID token algorithm.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ClientStore } from "@/lib/oidc/clients";
import { signUp } from "../support/accounts";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { adminAtAal2 } from "../support/admin";
import { api } from "../support/api";
import { authorize, decideConsent, redeem, registerClient, relyingParty, useProviderServer } from "../support/oidc-provider";

const { issuer } = useProviderServer();

describe("the OpenID Provider", () => {
  it("is discovered, issues client_credentials tokens to a confidential client, and introspects them for that client", async () => {
    const registered = await registerClient({ type: "confidential", scopes: ["openid", "email"] });
    const configuration = await relyingParty(registered);
    const metadata = configuration.serverMetadata();
    expect(metadata.issuer).toBe(issuer());
    expect(metadata.jwks_uri).toBe(`${issuer()}/.well-known/jwks.json`);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(["RS256", "ES256"]);

    const tokens = await client.clientCredentialsGrant(configuration, {});
    expect(tokens.access_token).toBeTruthy();
    const introspected = await client.tokenIntrospection(configuration, tokens.access_token);
    expect(introspected.active).toBe(true);

    // A wrong secret is refused.
    const wrong = await relyingParty({ ...registered, clientSecret: "ocs_wrong" });
    await expect(client.clientCredentialsGrant(wrong, {})).rejects.toThrow();
  });
});

describe("the authorization code flow", () => {
  it("signs a browser's person in to a first-party public client with PKCE: a code once, an ID token, userinfo", async () => {
    const registered = await registerClient({ type: "public", firstParty: true, scopes: ["openid", "profile", "email"] });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);

    // The browser follows redirects with its cookies until it reaches the client's redirect URI.
    const authorization = await authorize(configuration, registered, jar, { scope: "openid email profile" });
    expect(authorization.at.startsWith(registered.redirectUri)).toBe(true);
    const tokens = await redeem(configuration, authorization);
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
    await expect(redeem(configuration, authorization)).rejects.toThrow();
  });
});

describe("consent for a third-party client", () => {
  async function startFlow(scope: string) {
    const registered = await registerClient({ type: "confidential", scopes: ["openid", "email"] });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const authorization = await authorize(configuration, registered, jar, { scope });
    return { person, jar, configuration, registered, authorization };
  }

  it("asks, and signs in with what was allowed; the consent is an event in the person's organizations", async () => {
    const flow = await startFlow("openid email");
    expect(flow.authorization.at).toContain(`${issuer()}/oauth/consent?uid=`);
    const back = await decideConsent(flow.jar, flow.authorization.at, "allow");
    expect(back.startsWith(`${flow.registered.redirectUri}?code=`)).toBe(true);
    const tokens = await redeem(flow.configuration, { ...flow.authorization, at: back });
    expect(tokens.claims()?.sub).toBe(flow.person.userId);
    const event = await db().auditEvent.findFirstOrThrow({ where: { actorId: flow.person.userId, type: "oauth.consent_granted" } });
    expect(event.metadata).toMatchObject({ clientId: flow.registered.id, scopes: ["openid", "email"] });
  });

  it("a denial sends the browser back with access_denied and issues nothing", async () => {
    const flow = await startFlow("openid email");
    const back = new URL(await decideConsent(flow.jar, flow.authorization.at, "deny"));
    expect(back.origin + back.pathname).toBe(flow.registered.redirectUri);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("refuses a decision posted from another origin", async () => {
    const flow = await startFlow("openid");
    expect(await decideConsent(flow.jar, flow.authorization.at, "allow", "https://evil.example")).toBe(`${issuer()}/oauth/continue`);
    expect(await db().auditEvent.count({ where: { actorId: flow.person.userId, type: "oauth.consent_granted" } })).toBe(0);
  });
});

describe("the ID token's algorithm, chosen per client", () => {
  // A client whose person signed in and allowed offline_access (first-party: no consent page).
  async function signedIn(idTokenSigningAlg?: "RS256" | "ES256") {
    const registered = await registerClient({ type: "confidential", firstParty: true, idTokenSigningAlg });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const authorization = await authorize(configuration, registered, jar, { scope: "openid email offline_access", prompt: "consent" });
    return { registered, configuration, person, tokens: await redeem(configuration, authorization) };
  }

  // As a relying party verifies it with nothing but the provider's published key set.
  async function verified(idToken: string | undefined, audience: string, alg: "RS256" | "ES256") {
    expect(decodeProtectedHeader(idToken!).alg).toBe(alg);
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(idToken!, jwks, { issuer: issuer(), audience, algorithms: [alg] });
    return { payload, protectedHeader };
  }

  it("ES256: the code exchange's and the refresh's ID tokens are ES256 and verify against the published JWKS", async () => {
    const { registered, configuration, person, tokens } = await signedIn("ES256");
    expect(registered.idTokenSigningAlg).toBe("ES256");
    const first = await verified(tokens.id_token, registered.id, "ES256");
    expect(first.payload.sub).toBe(person.userId);
    const published = (await (await fetch(`${issuer()}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; kty: string; alg: string }[];
    };
    expect(published.keys.find((key) => key.kid === first.protectedHeader.kid)).toMatchObject({ kty: "EC", alg: "ES256" });

    const refreshed = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    expect((await verified(refreshed.id_token, registered.id, "ES256")).payload.sub).toBe(person.userId);

    // The token endpoint reads the client with its code or token (clientWithGrantSource); every
    // other endpoint reads it alone (providerClient): both carry the choice.
    expect(await new ClientStore().find(registered.id)).toMatchObject({ id_token_signed_response_alg: "ES256" });
  });

  it("a client registered without a choice gets RS256, OpenID Connect's default", async () => {
    const { registered, configuration, person, tokens } = await signedIn();
    expect(registered.idTokenSigningAlg).toBe("RS256");
    expect((await verified(tokens.id_token, registered.id, "RS256")).payload.sub).toBe(person.userId);
    const refreshed = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    await verified(refreshed.id_token, registered.id, "RS256");
  });

  it("a change through the admin API signs the client's next ID token with the new algorithm (a refresh of an earlier grant too)", async () => {
    const { registered, tokens } = await signedIn("ES256");
    await verified(tokens.id_token, registered.id, "ES256");
    const admin = await adminAtAal2();
    const changed = await api("PATCH", `/api/admin/oauth-clients/${registered.id}`, {
      token: admin.access,
      json: { idTokenSigningAlg: "RS256" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.idTokenSigningAlg).toBe("RS256");

    // A relying party still expecting ES256 refuses what it gets now.
    const stale = await relyingParty(registered);
    const refreshed = await client.refreshTokenGrant(
      await relyingParty({ ...registered, idTokenSigningAlg: "RS256" }),
      tokens.refresh_token!,
    );
    await verified(refreshed.id_token, registered.id, "RS256");
    const refused = await client.refreshTokenGrant(stale, refreshed.refresh_token!).catch((error: Error) => error);
    expect((refused as Error).cause).toMatchObject({ message: 'unexpected JWT "alg" header parameter' });
  });
});
