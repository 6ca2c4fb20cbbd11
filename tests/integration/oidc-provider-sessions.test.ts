// The OpenID Provider's sessions, prompts, tokens and consents through openid-client (a real
// relying party) against the real routes: the provider's session never outlives ours, prompt /
// max_age / acr_values ask for what they say, refresh tokens rotate and a replay ends the grant,
// revocation and introspection answer at once, end-session signs the browser out of this app,
// and a consent is asked once, listed, and withdrawn with everything it issued. (ID tokens across
// a key rotation: tests/integration/signing-keys.test.ts.)
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listConsents, withdrawConsent } from "@/lib/oauth/consents";
import { signUp, type SignedIn } from "../support/accounts";
import { api } from "../support/api";
import { enrolTotp } from "../support/mfa";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { authorize, decideConsent, follow, redeem, registerClient, relyingParty, useProviderServer } from "../support/oidc-provider";

const { issuer } = useProviderServer();

/** The browser session a Jar signed in with (the person's other session is their API token's). */
async function browserSessionOf(person: SignedIn) {
  const sid = JSON.parse(Buffer.from(person.access.split(".")[1]!, "base64url").toString("utf8")).sid as string;
  return db().authSession.findFirstOrThrow({
    where: { userId: person.userId, id: { not: sid }, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
}

async function signOutBrowser(person: SignedIn) {
  const session = await browserSessionOf(person);
  expect((await api("DELETE", `/api/auth/sessions/${session.id}`, { token: person.access })).status).toBe(204);
}

async function firstPartySignedIn(extra: { scopes?: string[]; confidential?: boolean } = {}) {
  const registered = await registerClient({ type: extra.confidential ? "confidential" : "public", firstParty: true, scopes: extra.scopes });
  const configuration = await relyingParty(registered);
  const person = await signUp();
  const jar = await passwordSignIn(new Jar(), person.email, person.password);
  return { registered, configuration, person, jar };
}

const errorOf = (at: string) => new URL(at).searchParams.get("error");

describe("the provider's session mirrors ours", () => {
  it("forgets the person once our browser session ends: prompt=none answers login_required, a plain request goes to /login", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    const first = await authorize(configuration, registered, jar);
    expect((await redeem(configuration, first)).claims()?.sub).toBe(person.userId);

    await signOutBrowser(person);
    const silent = await authorize(configuration, registered, jar, { prompt: "none" });
    expect(silent.at.startsWith(registered.redirectUri)).toBe(true);
    expect(errorOf(silent.at)).toBe("login_required");
    const plain = await authorize(configuration, registered, jar);
    expect(new URL(plain.at).pathname).toBe("/login");
  });

  it("signs in whoever our session now is, never the person the provider remembered", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    await redeem(configuration, await authorize(configuration, registered, jar));
    await signOutBrowser(person);
    const other = await signUp();
    await passwordSignIn(jar, other.email, other.password);
    const tokens = await redeem(configuration, await authorize(configuration, registered, jar, { prompt: "none" }));
    expect(tokens.claims()?.sub).toBe(other.userId);
  });

  it("prompt=login and an exceeded max_age ask for a fresh sign-in, and a fresh one is accepted", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    const again = await authorize(configuration, registered, jar, { prompt: "login" });
    const login = new URL(again.at);
    expect(login.pathname).toBe("/login");
    expect(login.searchParams.get("reauth")).toBe("1");
    // The session is an hour old: max_age=60 is not met by it.
    const session = await browserSessionOf(person);
    await db().authSession.update({ where: { id: session.id }, data: { createdAt: new Date(Date.now() - 3600_000) } });
    const aged = await authorize(configuration, registered, jar, { max_age: "60" });
    expect(new URL(aged.at).searchParams.get("reauth")).toBe("1");
    // Signing in again (the form the reauth link shows) lets the request go on.
    await passwordSignIn(jar, person.email, person.password);
    const fresh = await follow(jar, `${issuer()}${new URL(aged.at).searchParams.get("callbackUrl")}`);
    expect(fresh.startsWith(registered.redirectUri)).toBe(true);
    const tokens = await redeem(configuration, { ...aged, at: fresh });
    expect(Date.now() / 1000 - Number(tokens.claims()?.auth_time)).toBeLessThan(30);
    // What was issued after the fresh sign-in lives with the new browser session, not the earlier
    // one (still live, without a cookie): signing out ends it.
    await signOutBrowser(person);
    await expect(client.fetchUserInfo(configuration, tokens.access_token, person.userId)).rejects.toThrow();
  });

  it("someone else signing in at the re-authentication is who the client gets, and stays signed in here", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    await redeem(configuration, await authorize(configuration, registered, jar));
    const asked = await authorize(configuration, registered, jar, { prompt: "login" });
    const other = await signUp();
    await passwordSignIn(jar, other.email, other.password);
    const back = await follow(jar, `${issuer()}${new URL(asked.at).searchParams.get("callbackUrl")}`);
    expect(back.startsWith(registered.redirectUri)).toBe(true);
    expect((await redeem(configuration, { ...asked, at: back })).claims()?.sub).toBe(other.userId);
    expect(await db().authSession.count({ where: { userId: other.userId, revokedAt: null } })).toBe(2);
    void person;
  });

  it("acr_values=aal2 asks a person with a factor to use it, and tells the client when the account has none", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    const without = await authorize(configuration, registered, jar, { acr_values: "aal2" });
    expect(errorOf(without.at)).toBe("unmet_authentication_requirements");
    // A factor enrolled through the API raises that session only: the browser's stays at aal1.
    await enrolTotp(person);
    const asked = await authorize(configuration, registered, jar, { acr_values: "aal2" });
    expect(new URL(asked.at).pathname).toBe("/profile/two-factor");
    // Raised (the page's code): the request goes on, and the ID token says aal2.
    const session = await browserSessionOf(person);
    await db().authSession.update({ where: { id: session.id }, data: { aal: "aal2" } });
    const back = `${issuer()}${new URL(asked.at).searchParams.get("callbackUrl")}`;
    const tokens = await redeem(configuration, { ...asked, at: await follow(jar, back) });
    expect(tokens.claims()?.acr).toBe("aal2");
  });
});

describe("the organization scope", () => {
  it("adds the active organization's id and the person's role, from the membership", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    const created = await api("POST", "/api/organizations", { token: person.access, json: { name: "Acme" } });
    expect(created.status, created.text).toBe(201);
    const orgId = created.body.id as string;
    const session = await browserSessionOf(person);
    await db().authSession.update({ where: { id: session.id }, data: { organizationId: orgId } });
    const tokens = await redeem(configuration, await authorize(configuration, registered, jar, { scope: "openid organization" }));
    const info = await client.fetchUserInfo(configuration, tokens.access_token, person.userId);
    expect(info).toMatchObject({ org_id: orgId, org_role: "owner" });
    // The organization starts requiring a second factor this session has not used: the claims
    // say nothing about it any more (as its own API refuses the session).
    await db().organization.update({ where: { id: orgId }, data: { requireMfa: true } });
    const after = await client.fetchUserInfo(configuration, tokens.access_token, person.userId);
    expect(after.org_id).toBeUndefined();
    expect(after.org_role).toBeUndefined();
  });

  it("sends a session at aal1 to raise itself when the organization requires a second factor", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn();
    const created = await api("POST", "/api/organizations", { token: person.access, json: { name: "Strict" } });
    const orgId = created.body.id as string;
    await db().organization.update({ where: { id: orgId }, data: { requireMfa: true } });
    const session = await browserSessionOf(person);
    await db().authSession.update({ where: { id: session.id }, data: { organizationId: orgId } });
    const stopped = await authorize(configuration, registered, jar, { scope: "openid organization" });
    // No factor yet: to the profile's security section, naming the organization.
    expect(new URL(stopped.at).pathname).toBe("/profile");
    expect(new URL(stopped.at).searchParams.get("mfaRequiredBy")).toBe(orgId);
  });
});

describe("tokens", () => {
  it("rotates refresh tokens, and a replayed one ends the whole grant", async () => {
    const { registered, configuration, jar } = await firstPartySignedIn({ confidential: true });
    const tokens = await redeem(
      configuration,
      await authorize(configuration, registered, jar, { scope: "openid offline_access", prompt: "consent" }),
    );
    expect(tokens.refresh_token).toBeTruthy();
    const rotated = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    // The spent one again: refused, and the newest one dies with the grant.
    await expect(client.refreshTokenGrant(configuration, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(client.refreshTokenGrant(configuration, rotated.refresh_token!)).rejects.toThrow();
    expect((await client.tokenIntrospection(configuration, rotated.access_token)).active).toBe(false);
  });

  it("revokes a token (RFC 7009): inactive at once, with what its grant issued", async () => {
    const { registered, configuration, jar } = await firstPartySignedIn({ confidential: true });
    const tokens = await redeem(
      configuration,
      await authorize(configuration, registered, jar, { scope: "openid offline_access", prompt: "consent" }),
    );
    expect((await client.tokenIntrospection(configuration, tokens.access_token)).active).toBe(true);
    await client.tokenRevocation(configuration, tokens.refresh_token!);
    expect((await client.tokenIntrospection(configuration, tokens.refresh_token!)).active).toBe(false);
    expect((await client.tokenIntrospection(configuration, tokens.access_token)).active).toBe(false);
    await expect(client.fetchUserInfo(configuration, tokens.access_token, client.skipSubjectCheck)).rejects.toThrow();
  });

  it("introspects every token of a signed-out browser session inactive, and refuses its refresh", async () => {
    const { registered, configuration, person, jar } = await firstPartySignedIn({ confidential: true });
    const tokens = await redeem(
      configuration,
      await authorize(configuration, registered, jar, { scope: "openid offline_access", prompt: "consent" }),
    );
    expect((await client.tokenIntrospection(configuration, tokens.refresh_token!)).active).toBe(true);
    await signOutBrowser(person);
    expect((await client.tokenIntrospection(configuration, tokens.access_token)).active).toBe(false);
    expect((await client.tokenIntrospection(configuration, tokens.refresh_token!)).active).toBe(false);
    await expect(client.refreshTokenGrant(configuration, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });
});

describe("end-session", () => {
  it("asks, then signs the browser out of this app too and sends it to the registered address", async () => {
    const postLogout = "https://rp.example.com/signed-out";
    const registered = await registerClient({ type: "public", firstParty: true, postLogoutRedirectUris: [postLogout] });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const tokens = await redeem(configuration, await authorize(configuration, registered, jar));
    const browserSession = await browserSessionOf(person);

    const endUrl = client.buildEndSessionUrl(configuration, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: postLogout,
      state: "s1",
    });
    const asked = await fetch(endUrl, { headers: { cookie: jar.header() } });
    jar.take(asked);
    const page = await asked.text();
    expect(page).toContain("Sign out?");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    expect(xsrf).toBeTruthy();
    const confirmed = await fetch(`${issuer()}/api/oidc/session/end/confirm`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf: xsrf!, logout: "yes" }).toString(),
    });
    jar.take(confirmed);
    // A page that goes on to the application (not the form's redirect: CSP form-action).
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain(`url=${postLogout}?state=s1`);
    expect(jar.hasSession()).toBe(false);
    const ended = await db().authSession.findUniqueOrThrow({ where: { id: browserSession.id } });
    expect(ended.revokedAt).not.toBeNull();
    await expect(client.fetchUserInfo(configuration, tokens.access_token, person.userId)).rejects.toThrow();
  });
});

describe("end-session without an application in this browser", () => {
  it("asks before signing out (never a form that submits itself)", async () => {
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const asked = await fetch(`${issuer()}/api/oidc/session/end`, { headers: { cookie: jar.header() } });
    jar.take(asked);
    const page = await asked.text();
    expect(page).toContain("Sign out?");
    expect(page).not.toContain("<script");
    expect((await browserSessionOf(person)).revokedAt).toBeNull();
  });
});

describe("consents", () => {
  it("are asked once, listed, and withdrawn with every token they issued", async () => {
    const registered = await registerClient({ type: "confidential" });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    const first = await authorize(configuration, registered, jar, { scope: "openid email offline_access", prompt: "consent" });
    expect(first.at).toContain("/oauth/consent?uid=");
    const tokens = await redeem(configuration, { ...first, at: await decideConsent(jar, first.at, "allow") });

    // Another browser session later: not asked again for what was allowed.
    const laterJar = await passwordSignIn(new Jar(), person.email, person.password);
    const again = await authorize(configuration, registered, laterJar, { scope: "openid email" });
    expect(again.at.startsWith(`${registered.redirectUri}?code=`)).toBe(true);
    // More than was allowed: asked.
    expect((await authorize(configuration, registered, laterJar, { scope: "openid email profile" })).at).toContain("/oauth/consent?uid=");

    expect(await listConsents(person.userId)).toMatchObject([{ clientId: registered.id, scopes: ["openid", "email", "offline_access"] }]);
    expect(await withdrawConsent(person.userId, registered.id, { ip: "127.0.0.1", userAgent: null })).toBe(true);
    expect(await listConsents(person.userId)).toEqual([]);
    expect((await client.tokenIntrospection(configuration, tokens.refresh_token!)).active).toBe(false);
    const event = await db().auditEvent.findFirstOrThrow({ where: { actorId: person.userId, type: "oauth.consent_revoked" } });
    expect(event.metadata).toMatchObject({ clientId: registered.id });
    // Asked again next time.
    expect((await authorize(configuration, registered, laterJar, { scope: "openid email" })).at).toContain("/oauth/consent?uid=");
  });
});
