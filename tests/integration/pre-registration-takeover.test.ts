// Issue 12 items 1 and 6: whoever registers an address first must not end up holding the account
// of the person who controls the mailbox, and sign-up with an invitation reveals nothing.
import { describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api } from "../support/api";
import { PASSWORD, fromTokenResponse, registerUser, signUp, uniqueEmail } from "../support/accounts";
import { codeIn, emailsTo, latestEmailTo, waitForEmails } from "../support/mail";
import { createKey, invite } from "./organizations-fixtures";

const ATTACKER_PASSWORD = "Attacker-Lantern-77";
const OWNER_PASSWORD = "Owner-Harbor-Violet-5";

const login = (email: string, password: string) => api("POST", "/api/auth/login", { json: { email, password } });
const confirm = (email: string, code: string | null) => api("POST", "/api/auth/confirm-account", { json: { email, code } });

/** Registers and returns the code that THIS registration's email carried. */
async function registerAndReadCode(email: string, body: Record<string, unknown>) {
  const before = (await emailsTo(email)).length;
  await registerUser({ email, ...body });
  const [newest] = await waitForEmails(email, before + 1);
  return codeIn(newest!)!;
}

describe("pre-registration takeover (issue 12 item 1)", () => {
  it("the owner's later sign-up, once confirmed, owns the account: nothing of the earlier registrant survives", async () => {
    const email = uniqueEmail("victim");
    await registerAndReadCode(email, { password: ATTACKER_PASSWORD, name: "Attacker" });
    const ownerCode = await registerAndReadCode(email, { password: OWNER_PASSWORD, name: "Owner", organizationName: "Owner Co" });

    const confirmed = await confirm(email, ownerCode);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.user).toMatchObject({ name: "Owner", emailVerified: true });
    expect(confirmed.body.user.organizations).toEqual([expect.objectContaining({ name: "Owner Co", role: "owner" })]);

    expect((await login(email, OWNER_PASSWORD)).status).toBe(200);
    expect((await login(email, ATTACKER_PASSWORD)).status).toBe(401);
    expect(await db().organization.count({ where: { name: "Attacker's Organization", memberships: { some: { user: { email } } } } })).toBe(
      0,
    );
  });

  it("an attacker's sign-up AFTER the owner's does not change what the owner's code confirms, nor kill it", async () => {
    const email = uniqueEmail("victim");
    const ownerCode = await registerAndReadCode(email, { password: OWNER_PASSWORD, name: "Owner" });
    await registerAndReadCode(email, { password: ATTACKER_PASSWORD, name: "Attacker" });

    expect((await confirm(email, ownerCode)).status).toBe(200);
    expect((await login(email, OWNER_PASSWORD)).status).toBe(200);
    expect((await login(email, ATTACKER_PASSWORD)).status).toBe(401);
  });

  it("confirming one sign-up's code kills every other pending sign-up code", async () => {
    const email = uniqueEmail("victim");
    const first = await registerAndReadCode(email, { password: ATTACKER_PASSWORD, name: "First" });
    const second = await registerAndReadCode(email, { password: OWNER_PASSWORD, name: "Second" });
    expect((await confirm(email, second)).status).toBe(200);
    expect((await confirm(email, first)).status).toBe(400);
    expect((await login(email, OWNER_PASSWORD)).status).toBe(200);
  });

  it("two sign-ups confirmed at the same moment: one wins whole, the other gets 400, never a 500", async () => {
    const email = uniqueEmail("victim");
    const first = await registerAndReadCode(email, { password: ATTACKER_PASSWORD, name: "First" });
    const second = await registerAndReadCode(email, { password: OWNER_PASSWORD, name: "Second" });
    const answers = await Promise.all([confirm(email, first), confirm(email, second)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  it("a re-sent code names the sign-up it confirms, and an old pre-registration is not re-sent", async () => {
    const email = uniqueEmail("victim");
    await registerUser({ email, password: ATTACKER_PASSWORD, name: "Mallory Example" });
    await api("POST", "/api/auth/request-code", { json: { email } });
    const [resent] = await waitForEmails(email, 2);
    expect(resent!.text).toContain("Mallory Example");

    // A day later, a request for a code revives nothing.
    await db().oneTimeToken.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    await api("POST", "/api/auth/request-code", { json: { email } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(email)).toHaveLength(2);
  });

  it("registering with an invitation replaces an unconfirmed account someone else made for that address", async () => {
    const inviter = await signUp({ organizationName: "Inviting Co" });
    const email = uniqueEmail("invitee");
    await registerUser({ email, password: ATTACKER_PASSWORD, name: "Attacker" });
    const { token } = await invite(inviter, inviter.organizationId, email, "member");

    const res = await api("POST", "/api/auth/register", {
      json: { email, password: OWNER_PASSWORD, name: "Owner", invitationToken: token },
    });
    expect(res.status, res.text).toBe(201);
    expect((await login(email, ATTACKER_PASSWORD)).status).toBe(401);
    const owner = await login(email, OWNER_PASSWORD);
    expect(owner.status, owner.text).toBe(200);
    expect(owner.body.user).toMatchObject({ name: "Owner", emailVerified: true });
    expect(owner.body.user.organizations).toEqual([expect.objectContaining({ id: inviter.organizationId, role: "member" })]);
  });

  it("with confirmation off, the owner's confirmed sign-up ends the earlier registrant's sessions, refresh tokens and API keys", async () => {
    process.env.EMAIL_CONFIRMATION_REQUIRED = "false";
    resetConfigForTests();
    try {
      const email = uniqueEmail("victim");
      const early = await api("POST", "/api/auth/register", { json: { email, password: ATTACKER_PASSWORD, name: "Attacker" } });
      expect(early.status, early.text).toBe(201);
      const attacker = fromTokenResponse(email, ATTACKER_PASSWORD, early.body);
      expect(attacker.body.user.emailVerified).toBe(false);
      const key = await createKey(attacker, attacker.organizationId);

      const ownerCode = await registerAndReadCode(email, { password: OWNER_PASSWORD, name: "Owner" });
      expect((await confirm(email, ownerCode)).status).toBe(200);

      expect((await api("GET", "/api/auth/profile", { token: attacker.access })).status).toBe(401);
      expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: attacker.refresh } })).status).toBe(401);
      expect((await api("GET", "/api/organizations/current/audit-log", { apiKey: key.key })).status).toBe(401);
      expect((await login(email, ATTACKER_PASSWORD)).status).toBe(401);
      expect((await login(email, OWNER_PASSWORD)).status).toBe(200);
    } finally {
      delete process.env.EMAIL_CONFIRMATION_REQUIRED;
      resetConfigForTests();
    }
  });
});

describe("sign-up with an invitation token (issue 12 item 6)", () => {
  it("judges the token first: a bad token answers alike for known and unknown addresses", async () => {
    const known = await signUp();
    const body = (email: string) => ({ email, password: PASSWORD, name: "X", invitationToken: "not-a-real-invitation-token-0123456789" });
    const forKnown = await api("POST", "/api/auth/register", { json: body(known.email) });
    const forUnknown = await api("POST", "/api/auth/register", { json: body(uniqueEmail()) });
    expect(forKnown.status).toBe(400);
    expect(forKnown.text).toBe(forUnknown.text);
  });

  it("answers a valid invitation for a registered address like one for a new address, and mails the owner a notice", async () => {
    const inviter = await signUp();
    const known = await signUp();
    const unknownEmail = uniqueEmail("newcomer");
    const forKnown = (await invite(inviter, inviter.organizationId, known.email, "member")).token;
    const forUnknown = (await invite(inviter, inviter.organizationId, unknownEmail, "member")).token;

    const a = await api("POST", "/api/auth/register", {
      json: { email: known.email, password: PASSWORD, name: "X", invitationToken: forKnown },
    });
    const b = await api("POST", "/api/auth/register", {
      json: { email: unknownEmail, password: PASSWORD, name: "X", invitationToken: forUnknown },
    });
    expect(a.status).toBe(201);
    expect(a.text).toBe(b.text);
    expect((await latestEmailTo(known.email)).subject).toMatch(/already have an account/i);
  });
});
