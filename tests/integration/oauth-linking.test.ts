// OAuth account linking, driven through the real Auth.js routes against the GitHub stand-in: every
// door that could attach someone else's GitHub account to an account (issue 12, item 2).
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newApiKeySecret } from "@/lib/api-keys/format";
import { setUpOAuthUser } from "@/lib/sign-in/doors/oauth";
import { unlinkProvider } from "@/lib/auth/linked-accounts";
import { encodeLinkIntent, LINK_INTENT_COOKIE } from "@/lib/auth/oauth-link-intent";
import { db } from "@/lib/db/client";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { startGoogleStandIn } from "../../scripts/lib/google-standin";
import { startOAuthStandIn } from "../../scripts/lib/oauth-standin";
import { api } from "../support/api";
import { PASSWORD, registerUser, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { emailsTo, latestEmailTo } from "../support/mail";
import { enrolTotp } from "../support/mfa";
import { continueWith, Jar, passwordSignIn, whoAmI } from "../support/oauth-flow";
import { setTxt, uniqueDomain, verificationRecordName } from "../support/dns";
import { samlIdpMetadata } from "../support/sso";
import { stepUp } from "./organizations-fixtures";

const CLIENT = { id: "it-github-client", secret: "it-github-secret" };
const GOOGLE_CLIENT = { id: "it-google-client", secret: "it-google-secret" };
let standIn: Awaited<ReturnType<typeof startOAuthStandIn>>;
let google: Awaited<ReturnType<typeof startGoogleStandIn>>;
const PROVIDER_ENV = [
  "AUTH_GITHUB_ID",
  "AUTH_GITHUB_SECRET",
  "AUTH_GITHUB_ENTERPRISE_URL",
  "AUTH_GOOGLE_ID",
  "AUTH_GOOGLE_SECRET",
  "AUTH_GOOGLE_ISSUER",
];

beforeAll(async () => {
  standIn = await startOAuthStandIn(await freePort(4700 + randomInt(0, 200)), CLIENT);
  google = await startGoogleStandIn(await freePort(4900 + randomInt(0, 200)), GOOGLE_CLIENT);
  Object.assign(process.env, {
    AUTH_GITHUB_ID: CLIENT.id,
    AUTH_GITHUB_SECRET: CLIENT.secret,
    AUTH_GITHUB_ENTERPRISE_URL: standIn.url,
    AUTH_GOOGLE_ID: GOOGLE_CLIENT.id,
    AUTH_GOOGLE_SECRET: GOOGLE_CLIENT.secret,
    AUTH_GOOGLE_ISSUER: google.url,
  });
});
afterAll(async () => {
  for (const name of PROVIDER_ENV) delete process.env[name];
  await Promise.all([standIn.close(), google.close()]);
});

interface GitHubIdentity {
  id: number;
  email: string;
  verified: boolean;
}
const gitHubAccount = (label: string, verified = true): GitHubIdentity => ({
  id: randomInt(1, 2 ** 31),
  email: uniqueEmail(label),
  verified,
});

/** Who the GitHub stand-in says the next person to authorize is. */
async function gitHubSays(who: GitHubIdentity) {
  const res = await fetch(`${standIn.url}/__identity`, {
    method: "POST",
    body: JSON.stringify({ ...who, login: `gh-${who.id}`, name: "GitHub Person" }),
  });
  expect(res.ok).toBe(true);
}

const linksOf = (userId: string) => db().account.findMany({ where: { userId }, select: { provider: true, providerAccountId: true } });
const origin = { origin: "http://localhost:3000" };

async function cookieSessionId(jar: Jar): Promise<string> {
  const res = await api("GET", "/api/auth/sessions", { headers: { cookie: jar.header() } });
  expect(res.status).toBe(200);
  return res.body.items.find((s: { current: boolean }) => s.current).id;
}

/** The profile's "Connect GitHub": a password re-check on this session, then the link intent. */
async function startLinking(jar: Jar, owner: SignedIn, options: { stepUp: boolean } = { stepUp: true }) {
  if (options.stepUp) {
    const check = await api("POST", "/api/auth/check-password", {
      headers: { cookie: jar.header(), ...origin },
      json: { password: PASSWORD },
    });
    expect(check.status, check.text).toBe(200);
  }
  jar.set(LINK_INTENT_COOKIE, encodeLinkIntent({ sid: await cookieSessionId(jar), uid: owner.userId, provider: "github" }));
}

describe("a browser cookie whose session has ended links nothing", () => {
  const endings: [string, (owner: SignedIn, jar: Jar) => Promise<void>][] = [
    [
      "log out everywhere",
      async (owner) => {
        expect((await api("POST", "/api/auth/logout", { token: owner.access, json: { allSessions: true } })).status).toBe(204);
      },
    ],
    [
      "a password change elsewhere",
      async (owner) => {
        const res = await api("POST", "/api/auth/change-password", {
          token: owner.access,
          json: { currentPassword: PASSWORD, newPassword: "Another-Horse-77-Lamp" },
        });
        expect(res.status, res.text).toBe(200);
      },
    ],
    [
      "a revocation from another device",
      async (owner, jar) => {
        expect((await api("DELETE", `/api/auth/sessions/${await cookieSessionId(jar)}`, { token: owner.access })).status).toBe(204);
      },
    ],
  ];

  it.each(endings)("after %s, the attacker's GitHub on the laptop does not get the owner's account", async (_, end) => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    await end(owner, laptop);
    expect(await whoAmI(laptop)).toBeNull();

    const attacker = gitHubAccount("attacker");
    await gitHubSays(attacker);
    await continueWith("github", laptop);
    expect((await whoAmI(laptop))?.id).not.toBe(owner.userId);
    expect(await linksOf(owner.userId)).toEqual([]);

    // And the attacker's GitHub, in a fresh browser, reaches only the attacker's own account.
    const fresh = new Jar();
    await continueWith("github", fresh);
    expect(await whoAmI(fresh)).toMatchObject({ email: attacker.email });
  });

  it("a link started before log-out-everywhere is refused at the callback", async () => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    await startLinking(laptop, owner);
    expect((await api("POST", "/api/auth/logout", { token: owner.access, json: { allSessions: true } })).status).toBe(204);

    await gitHubSays(gitHubAccount("late-link"));
    const { location } = await continueWith("github", laptop);
    expect(location).toContain("/session-ended");
    expect(await linksOf(owner.userId)).toEqual([]);
  });
});

describe("linking to a signed-in account", () => {
  it("never happens from a live session that did not ask (an unlocked laptop)", async () => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    const attacker = gitHubAccount("passer-by");
    await gitHubSays(attacker);
    await continueWith("github", laptop);
    expect(await linksOf(owner.userId)).toEqual([]);
    expect(await whoAmI(laptop)).toMatchObject({ email: attacker.email });
  });

  it("needs a step-up window: the intent alone is refused", async () => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    await startLinking(laptop, owner, { stepUp: false });
    await gitHubSays(gitHubAccount("no-step-up"));
    const { location } = await continueWith("github", laptop);
    expect(location).toContain("/profile?linkError=reauthentication_required");
    expect(await linksOf(owner.userId)).toEqual([]);
  });

  it("refuses an intent made for another session of the same person", async () => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    await api("POST", "/api/auth/check-password", { headers: { cookie: laptop.header(), ...origin }, json: { password: PASSWORD } });
    const otherSession = (await api("GET", "/api/auth/sessions", { token: owner.access })).body.items.find(
      (s: { current: boolean }) => s.current,
    ).id;
    laptop.set(LINK_INTENT_COOKIE, encodeLinkIntent({ sid: otherSession, uid: owner.userId, provider: "github" }));
    await gitHubSays(gitHubAccount("other-session"));
    expect((await continueWith("github", laptop)).location).toContain("linkError=reauthentication_required");
    expect(await linksOf(owner.userId)).toEqual([]);
  });

  it("with a fresh password check links, keeps the session, tells the owner and then signs in", async () => {
    const owner = await signUp();
    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    const sid = await cookieSessionId(laptop);
    await startLinking(laptop, owner);
    const mine = gitHubAccount("own-github");
    await gitHubSays(mine);

    const { location } = await continueWith("github", laptop);
    expect(location).toContain("/profile");
    expect(await linksOf(owner.userId)).toEqual([{ provider: "github", providerAccountId: String(mine.id) }]);
    // Still the same server-side session, not a second one.
    expect(await cookieSessionId(laptop)).toBe(sid);
    const notice = await latestEmailTo(owner.email, { subject: /GitHub was connected/ });
    expect(notice.text).toContain(mine.email);
    const audit = await api("GET", "/api/organizations/current/audit-log", { token: owner.access });
    expect(audit.body.items.map((e: { type: string }) => e.type)).toContain("oauth.linked");

    const fresh = new Jar();
    await continueWith("github", fresh);
    expect((await whoAmI(fresh))?.id).toBe(owner.userId);
  });

  it("refuses a GitHub account already connected to someone else", async () => {
    const first = await signUp();
    const shared = gitHubAccount("taken");
    await gitHubSays(shared);
    const firstLaptop = await passwordSignIn(new Jar(), first.email, PASSWORD);
    await startLinking(firstLaptop, first);
    await continueWith("github", firstLaptop);
    expect(await linksOf(first.userId)).toHaveLength(1);

    const second = await signUp();
    const secondLaptop = await passwordSignIn(new Jar(), second.email, PASSWORD);
    await startLinking(secondLaptop, second);
    expect((await continueWith("github", secondLaptop)).location).toContain("linkError=oauth_account_in_use");
    expect(await linksOf(second.userId)).toEqual([]);
    expect(await linksOf(first.userId)).toHaveLength(1);
  });
});

describe("linking by address", () => {
  it("a verified address signs in to its account, and the owner is told", async () => {
    const owner = await signUp();
    await gitHubSays({ id: randomInt(1, 2 ** 31), email: owner.email.toUpperCase(), verified: true });
    const fresh = new Jar();
    await continueWith("github", fresh);
    expect((await whoAmI(fresh))?.id).toBe(owner.userId);
    await latestEmailTo(owner.email, { subject: /GitHub was connected/ });
    // Signing in is not signing up: no second "default" organization.
    expect(await db().membership.count({ where: { userId: owner.userId } })).toBe(1);
  });

  it("an address the provider has not verified signs in nowhere and links nothing, even from a live session's link", async () => {
    const owner = await signUp();
    const unverified = { ...gitHubAccount("unverified", false), email: owner.email };
    await gitHubSays(unverified);
    const fresh = new Jar();
    expect((await continueWith("github", fresh)).location).toContain("error=oauth_unverified_email");
    expect(fresh.hasSession()).toBe(false);

    const laptop = await passwordSignIn(new Jar(), owner.email, PASSWORD);
    await startLinking(laptop, owner);
    expect((await continueWith("github", laptop)).location).toContain("linkError=oauth_unverified_email");
    expect(await linksOf(owner.userId)).toEqual([]);
  });

  it("claiming a never-confirmed account leaves nothing its earlier registrant set", async () => {
    // The attacker registers the victim's address first and, while it is unconfirmed, holds a
    // password, a connected GitHub account and an API key on it.
    const { email } = await registerUser();
    const account = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    const attackersGitHub = gitHubAccount("pre-hijack");
    await db().account.create({
      data: { userId: account.id, type: "oauth", provider: "github", providerAccountId: String(attackersGitHub.id) },
    });
    const apiKey = newApiKeySecret();
    await db().apiKey.create({
      data: {
        organizationId: account.memberships[0]!.organizationId,
        createdById: account.id,
        name: "attacker",
        prefix: apiKey.prefix,
        keyHash: apiKey.keyHash,
        permissions: [{ resource: "organization", action: "read" }],
      },
    });
    expect((await api("GET", "/api/organizations/current", { apiKey: apiKey.key })).status).toBe(200);

    // The real owner signs in with GitHub, which has verified the address.
    await gitHubSays({ id: randomInt(1, 2 ** 31), email, verified: true });
    const owner = new Jar();
    await continueWith("github", owner);
    expect((await whoAmI(owner))?.id).toBe(account.id);

    expect((await api("POST", "/api/auth/login", { json: { email, password: PASSWORD } })).status).toBe(401);
    expect((await api("GET", "/api/organizations/current", { apiKey: apiKey.key })).status).toBe(401);
    await gitHubSays(attackersGitHub);
    const attacker = new Jar();
    await continueWith("github", attacker);
    expect((await whoAmI(attacker))?.id).not.toBe(account.id);
  });
});

describe("removing a connected provider", () => {
  const client = { ip: "10.0.0.1", userAgent: "vitest" };
  /** A person's session inside its step-up window (what the profile's form checks first). */
  const stepped = (userId: string, overrides: Partial<{ stepUpUntil: Date | null; aal: "aal1" | "aal2" }> = {}) => ({
    kind: "user" as const,
    userId,
    sessionId: randomUUID(),
    organizationId: null,
    stepUpUntil: new Date(Date.now() + 60_000),
    aal: "aal1" as const,
    via: "cookie" as const,
    ...overrides,
  });

  async function oauthOnlyUser(providers: string[]) {
    const user = await db().user.create({ data: { email: uniqueEmail("oauth-only"), name: "Only OAuth" } });
    await setUpOAuthUser(user.id);
    for (const provider of providers) {
      await db().account.create({ data: { userId: user.id, type: "oauth", provider, providerAccountId: String(randomInt(1, 2 ** 31)) } });
    }
    return user;
  }

  it("refuses to remove the last way in of an account without a password", async () => {
    const user = await oauthOnlyUser(["github"]);
    await expect(unlinkProvider(stepped(user.id), "github", client)).rejects.toMatchObject({ code: "conflict" });
    expect(await linksOf(user.id)).toHaveLength(1);
  });

  it("two removals at the same moment cannot both pass", async () => {
    const user = await oauthOnlyUser(["github", "google"]);
    const results = await Promise.allSettled([
      unlinkProvider(stepped(user.id), "github", client),
      unlinkProvider(stepped(user.id), "google", client),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await linksOf(user.id)).toHaveLength(1);
  });

  it("an account with a password may remove its last provider, and is told", async () => {
    const owner = await signUp();
    await db().account.create({
      data: { userId: owner.userId, type: "oauth", provider: "github", providerAccountId: String(randomInt(1, 2 ** 31)) },
    });
    const before = (await emailsTo(owner.email)).length;
    await unlinkProvider(stepped(owner.userId), "github", client);
    expect(await linksOf(owner.userId)).toEqual([]);
    await latestEmailTo(owner.email, { subject: /GitHub was removed/ });
    expect((await emailsTo(owner.email)).length).toBe(before + 1);
  });

  // Issue 23, item 5: connecting needs the step-up window, so removing does too, and aal2 when
  // the account has a factor (a password-only session must not strip the owner's ways in).
  it("needs the step-up window, and a session that used the factor when the account has one", async () => {
    const owner = await signUp();
    await db().account.create({
      data: { userId: owner.userId, type: "oauth", provider: "github", providerAccountId: String(randomInt(1, 2 ** 31)) },
    });
    await expect(unlinkProvider(stepped(owner.userId, { stepUpUntil: null }), "github", client)).rejects.toMatchObject({
      code: "reauthentication_required",
    });
    await expect(
      unlinkProvider(stepped(owner.userId, { stepUpUntil: new Date(Date.now() - 1000) }), "github", client),
    ).rejects.toMatchObject({
      code: "reauthentication_required",
    });
    await enrolTotp(owner);
    await expect(unlinkProvider(stepped(owner.userId), "github", client)).rejects.toMatchObject({ code: "mfa_required" });
    expect(await linksOf(owner.userId)).toHaveLength(1);
    await unlinkProvider(stepped(owner.userId, { aal: "aal2" }), "github", client);
    expect(await linksOf(owner.userId)).toEqual([]);
  });
});

describe("Google (OpenID Connect, through the Google stand-in)", () => {
  async function googleSays(who: { email: string; email_verified: boolean }) {
    const res = await fetch(`${google.url}/__identity`, {
      method: "POST",
      body: JSON.stringify({ sub: String(randomInt(1, 2 ** 31)), name: "Google Person", ...who }),
    });
    expect(res.ok).toBe(true);
  }

  it("a newcomer gets a confirmed account with an organization", async () => {
    const email = uniqueEmail("google-new");
    await googleSays({ email, email_verified: true });
    const browser = new Jar();
    await continueWith("google", browser);
    const me = await whoAmI(browser);
    expect(me?.email).toBe(email);
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true, accounts: true } });
    expect(user.emailVerified).not.toBeNull();
    expect(user.memberships).toHaveLength(1);
    expect(user.accounts.map((a) => a.provider)).toEqual(["google"]);
  });

  it("links to an existing account only through a verified address", async () => {
    const owner = await signUp();
    await googleSays({ email: owner.email, email_verified: false });
    const refused = new Jar();
    expect((await continueWith("google", refused)).location).toContain("error=oauth_unverified_email");
    expect(await linksOf(owner.userId)).toEqual([]);

    await googleSays({ email: owner.email, email_verified: true });
    const verified = new Jar();
    await continueWith("google", verified);
    expect((await whoAmI(verified))?.id).toBe(owner.userId);
    expect((await linksOf(owner.userId)).map((a) => a.provider)).toEqual(["google"]);
  });
});

describe("enforced single sign-on", () => {
  it("sends a person at the domain to their IdP instead: no account created, no link added", async () => {
    const owner = await signUp();
    const domain = uniqueDomain();
    const added = await api("POST", `/api/organizations/${owner.organizationId}/domains`, { token: owner.access, json: { domain } });
    await setTxt(verificationRecordName(domain), [added.body.verification.value]);
    expect(
      (await api("POST", `/api/organizations/${owner.organizationId}/domains/${added.body.id}/verify`, { token: owner.access })).status,
    ).toBe(200);
    await stepUp(owner);
    const connection = await api("POST", `/api/organizations/${owner.organizationId}/sso-connections`, {
      token: owner.access,
      json: { type: "saml", idpMetadataXml: await samlIdpMetadata(), enforced: true },
    });
    expect(connection.status, connection.text).toBe(201);

    const newcomer = { id: randomInt(1, 2 ** 31), email: `new@${domain}`, verified: true };
    await gitHubSays(newcomer);
    const jar = new Jar();
    const { location } = await continueWith("github", jar);
    expect(location).toMatch(/\/sso\?organization=/);
    expect(await whoAmI(jar)).toBeNull();
    expect(await db().user.count({ where: { email: newcomer.email } })).toBe(0);
  });
});
