// Every door refuses a disabled account (API.md, "Instance administration": "sign-in on every path
// answers 403 account_disabled"). One row per way in to a session or to a change of the account's
// credentials: the person first gets what that door needs (a password, a code, a link, a cookie,
// a pending sign-in, a linked provider...), an admin disables the account, then the door is tried.
// After every row, whatever it answered: no session of the account is live or was opened after
// the disable, and the address still belongs to the same, still disabled account.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitationAsUser } from "@/lib/invitations/accept";
import { db } from "@/lib/db/client";
import { SINGLE_FACTOR } from "@/lib/sessions/assurance";
import { createChallenge } from "@/lib/sign-in/challenge";
import { beginPasskeySignIn, beginSignIn } from "@/lib/sign-in/gate";
import { openSignedInSession } from "@/lib/sign-in/signed-in";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { startGoogleStandIn } from "../../scripts/lib/google-standin";
import { startOAuthStandIn } from "../../scripts/lib/oauth-standin";
import { adminAtAal2, disableAccount } from "../support/admin";
import { api, expectProblem } from "../support/api";
import { authCallback } from "../support/auth-callback";
import { PASSWORD, registerUser, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { codeIn, emailsTo, latestEmailTo, linkTokenIn } from "../support/mail";
import { enrolTotp, nextCode, passwordStep, stepUp } from "../support/mfa";
import { continueWith, Jar } from "../support/oauth-flow";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/sign-in/pending-cookie";
import { addPasskey, authenticate, newPasskey, requestOptions } from "../support/passkeys";
import { createKey, invite } from "./organizations-fixtures";

const GITHUB = { id: "it-github-client", secret: "it-github-secret" };
const GOOGLE = { id: "it-google-client", secret: "it-google-secret" };
const PROVIDER_ENV = ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET", "AUTH_GITHUB_ENTERPRISE_URL", "AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"];
let github: Awaited<ReturnType<typeof startOAuthStandIn>>;
let google: Awaited<ReturnType<typeof startGoogleStandIn>>;
let admin: SignedIn;
/** Another person's organization, to invite the disabled person into. */
let inviter: SignedIn;

beforeAll(async () => {
  github = await startOAuthStandIn(await freePort(4700 + randomInt(0, 200)), GITHUB);
  google = await startGoogleStandIn(await freePort(4900 + randomInt(0, 200)), GOOGLE);
  Object.assign(process.env, {
    AUTH_GITHUB_ID: GITHUB.id,
    AUTH_GITHUB_SECRET: GITHUB.secret,
    AUTH_GITHUB_ENTERPRISE_URL: github.url,
    AUTH_GOOGLE_ID: GOOGLE.id,
    AUTH_GOOGLE_SECRET: GOOGLE.secret,
    AUTH_GOOGLE_ISSUER: google.url,
  });
  admin = await adminAtAal2();
  inviter = await signUp();
});
afterAll(async () => {
  for (const name of [...PROVIDER_ENV, "AUTH_GOOGLE_ISSUER"]) delete process.env[name];
  await Promise.all([github.close(), google.close()]);
});

const client = { ip: "10.9.9.9", userAgent: "vitest" };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The person a door is tried for, and whatever they held when the account was disabled. */
interface Held {
  userId: string;
  email: string;
}

interface Door<H extends Held> {
  name: string;
  /** Makes the person and what they hold before the disable. */
  before: () => Promise<H>;
  /** Tries the door after the disable, and says what it must answer. */
  after: (held: H) => Promise<void>;
}

const door = <H extends Held>(row: Door<H>) => row as unknown as Door<Held>;

async function withTotp() {
  const person = await signUp();
  const { secret } = await enrolTotp(person);
  return { ...person, totpSecret: secret };
}

async function gitHubSays(who: { id: number; email: string; verified: boolean }) {
  const res = await fetch(`${github.url}/__identity`, {
    method: "POST",
    body: JSON.stringify({ ...who, login: `gh-${who.id}`, name: "GitHub Person" }),
  });
  expect(res.ok).toBe(true);
}

async function linkGitHub(userId: string) {
  const providerAccountId = randomInt(1, 2 ** 31);
  await db().account.create({ data: { userId, type: "oauth", provider: "github", providerAccountId: String(providerAccountId) } });
  return providerAccountId;
}

const passwordOf = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
const linksOf = (userId: string) => db().account.findMany({ where: { userId }, select: { provider: true, providerAccountId: true } });

/** The OAuth callback refused the account: back to sign-in with the code, no session, no pending second step. */
function expectOAuthRefused(location: string, jar: Jar) {
  expect(location).toContain("/login?error=account_disabled");
  expect(jar.hasSession()).toBe(false);
  expect(jar.get(PENDING_SIGN_IN_COOKIE)).toBeUndefined();
}

/** Mail sent after the answer has had time to go. */
async function expectNoNewMail(address: string, before: number) {
  await wait(500);
  expect(await emailsTo(address)).toHaveLength(before);
}

const credentialsRefusal = (res: { headers: Headers }) => new URL(res.headers.get("location") ?? "", "http://localhost:3000");

const DOORS: Door<Held>[] = [
  door({
    name: "API password login",
    before: async () => signUp(),
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/login", { json: { email: p.email, password: PASSWORD } }), 403, "account_disabled");
      // The password is checked first: a wrong one says nothing about the account's state.
      expectProblem(
        await api("POST", "/api/auth/login", { json: { email: p.email, password: "Wrong-Horse-42" } }),
        401,
        "invalid_credentials",
      );
    },
  }),
  door({
    name: "API password login of an account with a second factor (no mfaToken handed out)",
    before: withTotp,
    after: async (p) => {
      const res = await api("POST", "/api/auth/login", { json: { email: p.email, password: PASSWORD } });
      expectProblem(res, 403, "account_disabled");
      expect(res.body.mfaToken).toBeUndefined();
    },
  }),
  door({
    name: "confirm-account with the sign-up code",
    before: async () => {
      const { email } = await registerUser();
      const code = codeIn(await latestEmailTo(email))!;
      return { email, code, userId: (await db().user.findUniqueOrThrow({ where: { email } })).id };
    },
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/confirm-account", { json: { email: p.email, code: p.code } }), 403, "account_disabled");
    },
  }),
  door({
    name: "the sign-up confirmation link (JSON, and a browser sent to the sign-in page with the reason)",
    before: async () => {
      const { email } = await registerUser();
      const token = linkTokenIn(await latestEmailTo(email), "/api/auth/verify-email/")!;
      return { email, token, userId: (await db().user.findUniqueOrThrow({ where: { email } })).id };
    },
    after: async (p) => {
      const json = await api("GET", `/api/auth/verify-email/${p.token}`, { headers: { accept: "application/json" } });
      expectProblem(json, 403, "account_disabled");
      const browser = await api("GET", `/api/auth/verify-email/${p.token}`, { headers: { accept: "text/html" } });
      expect(browser.status).toBe(303);
      expect(browser.headers.get("location")).toContain("/login?error=account_disabled");
    },
  }),
  door({
    name: "asking for a new sign-up code (request-code, resend-email-verification): none is sent",
    before: async () => {
      const { email } = await registerUser();
      await latestEmailTo(email);
      return { email, userId: (await db().user.findUniqueOrThrow({ where: { email } })).id };
    },
    after: async (p) => {
      const before = (await emailsTo(p.email)).length;
      expect((await api("POST", "/api/auth/request-code", { json: { email: p.email } })).status).toBe(202);
      expect((await api("GET", `/api/auth/resend-email-verification?email=${encodeURIComponent(p.email)}`)).status).toBe(202);
      await expectNoNewMail(p.email, before);
    },
  }),
  door({
    name: "refresh of a token issued before the disable",
    before: async () => signUp(),
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/refresh", { json: { refresh_token: p.refresh } }), 403, "account_disabled");
    },
  }),
  door({
    name: "an access token and a browser cookie from before the disable: ended on the next request",
    before: async () => {
      const person = await signUp();
      const browser = await authCallback("credentials", { email: person.email, password: PASSWORD });
      expect(browser.hasSession).toBe(true);
      return { ...person, cookie: browser.cookie };
    },
    after: async (p) => {
      expectProblem(await api("GET", "/api/auth/profile", { token: p.access }), 401, "unauthorized");
      expectProblem(await api("GET", "/api/auth/profile", { headers: { cookie: p.cookie } }), 401, "unauthorized");
      const headers = { cookie: p.cookie, origin: "http://localhost:3000" };
      expectProblem(
        await api("POST", "/api/auth/switch-org", { headers, json: { organizationId: p.organizationId } }),
        401,
        "unauthorized",
      );
    },
  }),
  door({
    name: "the second step (mfa/verify) with an mfaToken obtained before the disable",
    before: async () => {
      const person = await withTotp();
      return { ...person, mfaToken: await passwordStep(person.email) };
    },
    after: async (p) => {
      // The disable cancelled every pending sign-in: the token is dead, whatever code comes with it.
      const res = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: p.mfaToken, code: nextCode(p.totpSecret) } });
      expectProblem(res, 400, "invalid_token");
    },
  }),
  door({
    name: "the second step with a passkey, mfaToken obtained before the disable",
    before: async () => {
      const person = await signUp();
      const { passkey } = await addPasskey(person, newPasskey());
      return { ...person, passkey, mfaToken: await passwordStep(person.email) };
    },
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/passkeys/authenticate/options", { json: { mfaToken: p.mfaToken } }), 400, "invalid_token");
      // An assertion made for a usernameless challenge, offered with the dead token.
      const res = await api("POST", "/api/auth/passkeys/authenticate/verify", {
        json: { response: p.passkey.assert(await requestOptions()), mfaToken: p.mfaToken },
      });
      expectProblem(res, 400, "invalid_token");
    },
  }),
  door({
    name: "a pending sign-in written just after the disable committed (its gate read came first)",
    before: withTotp,
    after: async (p) => {
      const mfaToken = await createChallenge({
        userId: p.userId,
        organizationId: null,
        via: "password",
        amr: ["pwd"],
        credentialEpoch: null,
      });
      const res = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: nextCode(p.totpSecret) } });
      expectProblem(res, 403, "account_disabled");
    },
  }),
  door({
    name: "passkey sign-in (usernameless)",
    before: async () => {
      const person = await signUp();
      const { passkey } = await addPasskey(person, newPasskey());
      return { ...person, passkey };
    },
    after: async (p) => {
      expectProblem(await authenticate(p.passkey), 403, "account_disabled");
    },
  }),
  door({
    name: "the sign-in form through Auth.js Credentials",
    before: async () => signUp(),
    after: async (p) => {
      const browser = await authCallback("credentials", { email: p.email, password: PASSWORD });
      expect(browser.hasSession).toBe(false);
      const location = credentialsRefusal(browser.res);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("code")).toBe("account_disabled");
    },
  }),
  door({
    name: "the browser's second step through Auth.js Credentials, mfaToken obtained before the disable",
    before: async () => {
      const person = await withTotp();
      return { ...person, mfaToken: await passwordStep(person.email) };
    },
    after: async (p) => {
      const browser = await authCallback("credentials", { mfaToken: p.mfaToken, code: nextCode(p.totpSecret) });
      expect(browser.hasSession).toBe(false);
      expect(credentialsRefusal(browser.res).searchParams.get("code")).toBe("invalid_token");
    },
  }),
  door({
    name: "the browser's passkey sign-in through Auth.js",
    before: async () => {
      const person = await signUp();
      const { passkey } = await addPasskey(person, newPasskey());
      return { ...person, passkey };
    },
    after: async (p) => {
      const browser = await authCallback("passkey", { response: JSON.stringify(p.passkey.assert(await requestOptions())) });
      expect(browser.hasSession).toBe(false);
      expect(credentialsRefusal(browser.res).searchParams.get("code")).toBe("account_disabled");
    },
  }),
  door({
    name: "OAuth sign-in with a provider account linked before the disable",
    before: async () => {
      const person = await signUp();
      return { ...person, gitHubId: await linkGitHub(person.userId) };
    },
    after: async (p) => {
      await gitHubSays({ id: p.gitHubId, email: p.email, verified: true });
      const jar = new Jar();
      expectOAuthRefused((await continueWith("github", jar)).location, jar);
      expect(await linksOf(p.userId)).toHaveLength(1);
    },
  }),
  door({
    name: "OAuth sign-in by the verified address (no link is added, no notice sent)",
    before: async () => signUp(),
    after: async (p) => {
      const mails = (await emailsTo(p.email)).length;
      await gitHubSays({ id: randomInt(1, 2 ** 31), email: p.email, verified: true });
      const jar = new Jar();
      expectOAuthRefused((await continueWith("github", jar)).location, jar);
      expect(await linksOf(p.userId)).toEqual([]);
      await expectNoNewMail(p.email, mails);
    },
  }),
  door({
    name: "OAuth sign-in (Google) by the verified address",
    before: async () => signUp(),
    after: async (p) => {
      const res = await fetch(`${google.url}/__identity`, {
        method: "POST",
        body: JSON.stringify({ sub: String(randomInt(1, 2 ** 31)), name: "Google Person", email: p.email, email_verified: true }),
      });
      expect(res.ok).toBe(true);
      const jar = new Jar();
      expectOAuthRefused((await continueWith("google", jar)).location, jar);
      expect(await linksOf(p.userId)).toEqual([]);
    },
  }),
  door({
    name: "OAuth sign-in of an account with a second factor (no pending sign-in cookie)",
    before: async () => {
      const person = await withTotp();
      return { ...person, gitHubId: await linkGitHub(person.userId) };
    },
    after: async (p) => {
      await gitHubSays({ id: p.gitHubId, email: p.email, verified: true });
      const jar = new Jar();
      expectOAuthRefused((await continueWith("github", jar)).location, jar);
      expect(await db().mfaChallenge.count({ where: { userId: p.userId, consumedAt: null } })).toBe(0);
    },
  }),
  door({
    name: "OAuth claim of a never-confirmed address (the account is kept as the admin left it)",
    before: async () => {
      const { email } = await registerUser();
      return { email, userId: (await db().user.findUniqueOrThrow({ where: { email } })).id };
    },
    after: async (p) => {
      await gitHubSays({ id: randomInt(1, 2 ** 31), email: p.email, verified: true });
      const jar = new Jar();
      expectOAuthRefused((await continueWith("github", jar)).location, jar);
      expect(await linksOf(p.userId)).toEqual([]);
      const row = await db().user.findUniqueOrThrow({ where: { id: p.userId }, select: { passwordHash: true, emailVerified: true } });
      expect(row.passwordHash).not.toBeNull();
      expect(row.emailVerified).toBeNull();
    },
  }),
  door({
    name: "asking for a password reset: no email is sent",
    before: async () => signUp(),
    after: async (p) => {
      const before = (await emailsTo(p.email)).length;
      expect((await api("POST", "/api/auth/forgot-password", { json: { email: p.email } })).status).toBe(202);
      await expectNoNewMail(p.email, before);
    },
  }),
  door({
    name: "a password reset link issued before the disable",
    before: async () => {
      const person = await signUp();
      await api("POST", "/api/auth/forgot-password", { json: { email: person.email } });
      const token = linkTokenIn(await latestEmailTo(person.email, { subject: /reset/i }), "/reset-password/")!;
      const { passwordHash } = await passwordOf(person.userId);
      return { ...person, token, passwordHash };
    },
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/validate-token", { json: { token: p.token } }), 403, "account_disabled");
      const password = "Another-Horse-43";
      expectProblem(await api("POST", "/api/auth/reset-password", { json: { token: p.token, password } }), 403, "account_disabled");
      expectProblem(await api("POST", `/api/auth/update-password/${p.token}`, { json: { password } }), 403, "account_disabled");
      expect((await passwordOf(p.userId)).passwordHash).toBe(p.passwordHash);
    },
  }),
  door({
    name: "accepting an invitation with a session from before the disable",
    before: async () => {
      const person = await signUp();
      return { ...person, invitation: await invite(inviter, inviter.organizationId, person.email, "member") };
    },
    after: async (p) => {
      expectProblem(await api("POST", `/api/invitations/${p.invitation.token}/accept`, { token: p.access }), 401, "unauthorized");
      expect(await db().membership.count({ where: { userId: p.userId, organizationId: inviter.organizationId } })).toBe(0);
    },
  }),
  door({
    name: "accepting an invitation in a request whose session was checked just before the disable",
    before: async () => {
      const person = await signUp();
      return { ...person, invitation: await invite(inviter, inviter.organizationId, person.email, "member") };
    },
    after: async (p) => {
      const sessionId = JSON.parse(Buffer.from(p.access.split(".")[1]!, "base64url").toString()).sid as string;
      const principal = {
        kind: "user" as const,
        userId: p.userId,
        sessionId,
        organizationId: p.organizationId,
        stepUpUntil: null,
        aal: "aal1" as const,
        via: "bearer" as const,
      };
      await expect(acceptInvitationAsUser(principal, p.invitation.token, client)).rejects.toMatchObject({ code: "account_disabled" });
      expect(await db().membership.count({ where: { userId: p.userId, organizationId: inviter.organizationId } })).toBe(0);
    },
  }),
  door({
    name: "registering through an invitation to the disabled (confirmed) address",
    before: async () => {
      const person = await signUp();
      return { ...person, invitation: await invite(inviter, inviter.organizationId, person.email, "member") };
    },
    after: async (p) => {
      const res = await api("POST", "/api/auth/register", {
        json: { email: p.email, password: "Other-Horse-44", name: "Someone", invitationToken: p.invitation.token },
      });
      expectProblem(res, 403, "account_disabled");
      expect(await db().membership.count({ where: { organizationId: inviter.organizationId, user: { email: p.email } } })).toBe(0);
    },
  }),
  door({
    name: "registering through an invitation to the disabled, never-confirmed address (it is not replaced)",
    before: async () => {
      const { email } = await registerUser();
      const userId = (await db().user.findUniqueOrThrow({ where: { email } })).id;
      return { email, userId, invitation: await invite(inviter, inviter.organizationId, email, "member") };
    },
    after: async (p) => {
      const res = await api("POST", "/api/auth/register", {
        json: { email: p.email, password: "Other-Horse-44", name: "Someone", invitationToken: p.invitation.token },
      });
      expectProblem(res, 403, "account_disabled");
      expect(await db().membership.count({ where: { organizationId: inviter.organizationId, user: { email: p.email } } })).toBe(0);
    },
  }),
  door({
    name: "an API key the person created",
    before: async () => {
      const person = await signUp();
      return { ...person, key: (await createKey(person, person.organizationId)).key as string };
    },
    after: async (p) => {
      expectProblem(await api("GET", `/api/organizations/${p.organizationId}/members`, { apiKey: p.key }), 401, "unauthorized");
    },
  }),
  door({
    name: "confirming an email change (code and link) asked for before the disable",
    before: async () => {
      const person = await signUp();
      await stepUp(person);
      const to = uniqueEmail("moving");
      expect((await api("PATCH", "/api/auth/profile", { token: person.access, json: { email: to } })).status).toBe(200);
      const mail = await latestEmailTo(to);
      return { ...person, to, code: codeIn(mail)!, token: linkTokenIn(mail, "/api/auth/verify-email/")! };
    },
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/confirm-account", { json: { email: p.to, code: p.code } }), 400, "invalid_code");
      expectProblem(await api("POST", "/api/auth/confirm-account", { json: { token: p.token } }), 400, "invalid_token");
    },
  }),
  door({
    name: "undoing an email change with a link sent before the disable (the link is not spent)",
    before: async () => {
      const person = await signUp();
      await stepUp(person);
      const to = uniqueEmail("moved");
      expect((await api("PATCH", "/api/auth/profile", { token: person.access, json: { email: to } })).status).toBe(200);
      const code = codeIn(await latestEmailTo(to))!;
      expect((await api("POST", "/api/auth/confirm-account", { json: { email: to, code } })).status).toBe(200);
      const undo = linkTokenIn(await latestEmailTo(person.email, { subject: /email address was changed/i }), "/undo-email-change/")!;
      return { ...person, email: to, previousEmail: person.email, undo };
    },
    after: async (p) => {
      expectProblem(await api("POST", "/api/auth/undo-email-change", { json: { token: p.undo } }), 403, "account_disabled");
      expect(await db().oneTimeToken.count({ where: { userId: p.userId, purpose: "email_change_undo", consumedAt: null } })).toBe(1);
    },
  }),
  door({
    name: "the gate and the session insert themselves (a sign-in whose door looked before the disable)",
    before: async () => signUp(),
    after: async (p) => {
      const input = { userId: p.userId, organizationId: p.organizationId, client };
      await expect(beginSignIn({ ...input, via: "password", firstFactor: "pwd" })).rejects.toMatchObject({ code: "account_disabled" });
      await expect(beginPasskeySignIn({ ...input, factor: "hwk", credentialEpoch: null })).rejects.toMatchObject({
        code: "account_disabled",
      });
      // Past the gate (it read the account a moment before the disable), the insert refuses it.
      expect(await openSignedInSession({ ...input, via: "password", assurance: SINGLE_FACTOR("pwd"), credentialEpoch: null })).toBeNull();
    },
  }),
];

describe("every door refuses a disabled account", () => {
  it.each(DOORS)("$name", async ({ before, after }) => {
    const person = await before();
    await disableAccount(admin, person.userId);
    const disabledAt = (await db().user.findUniqueOrThrow({ where: { id: person.userId } })).disabledAt!;

    await after(person);

    const account = await db().user.findUniqueOrThrow({ where: { id: person.userId } });
    expect(account.disabledAt).toEqual(disabledAt);
    expect(account.email).toBe(person.email);
    expect(await db().authSession.count({ where: { userId: person.userId, revokedAt: null } })).toBe(0);
    expect(await db().authSession.count({ where: { userId: person.userId, createdAt: { gt: disabledAt } } })).toBe(0);
  });
});
