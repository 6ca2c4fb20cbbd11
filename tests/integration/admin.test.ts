// Instance administration (API.md, "Instance administration"): who gets in (an admin with a
// second factor, at aal2; 404 to anyone else, never an API key), and what each action does to
// the account, its sessions, keys and log.
import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { adminAtAal2 } from "../support/admin";
import { api, expectProblem } from "../support/api";
import { PASSWORD, registerUser, signIn, signUp, uniqueEmail } from "../support/accounts";
import { codeIn, latestEmailTo, linkTokenIn } from "../support/mail";
import { codeAt, enrolTotp, passwordStep } from "../support/mfa";
import { addPasskey, authenticate, newPasskey } from "../support/passkeys";
import { createKey } from "./organizations-fixtures";
import { proveAdminEmail } from "../support/admin";

const user = (id: string) => `/api/admin/users/${id}`;

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
  resetConfigForTests();
});

describe("who reaches the admin routes", () => {
  it("answers 404 to a person who is not an admin, 401 to an API key, and only an aal2 admin gets in", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const key = await createKey(person, person.organizationId);
    const routes = [
      ["GET", "/api/admin/users"],
      ["GET", user(person.userId)],
      ["POST", `${user(person.userId)}/disable`, { reason: "x" }],
      ["POST", `${user(person.userId)}/enable`],
      ["POST", `${user(person.userId)}/sessions/revoke`],
      ["POST", `${user(person.userId)}/mfa/reset`],
      ["GET", "/api/admin/audit-log"],
    ] as const;
    for (const [method, path, json] of routes) {
      expectProblem(await api(method, path, { token: person.access, ...(json ? { json } : {}) }), 404, "not_found");
      expect((await api(method, path, { apiKey: key.key, ...(json ? { json } : {}) })).status).toBe(401);
    }
    expect((await api("GET", "/api/admin/users", { token: admin.access })).status).toBe(200);
    // Nothing happened to the person through the refused calls.
    expect((await db().user.findUniqueOrThrow({ where: { id: person.userId } })).disabledAt).toBeNull();
  });

  it("an admin without a second factor must enrol first; one whose session did not use it must sign in with it", async () => {
    const admin = await signUp();
    await db().user.update({ where: { id: admin.userId }, data: { instanceAdmin: true } });
    expectProblem(await api("GET", "/api/admin/users", { token: admin.access }), 403, "mfa_enrollment_required");
    const older = await signIn(admin.email); // a session from before the factor: aal1
    const { secret } = await enrolTotp(admin);
    expectProblem(await api("GET", "/api/admin/users", { token: older.access }), 403, "mfa_required");
    const mfaToken = await passwordStep(admin.email);
    const verified = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: codeAt(secret, Date.now() + 30_000) } });
    expect(verified.status, verified.text).toBe(200);
    expect((await api("GET", "/api/admin/users", { token: verified.body.access_token })).status).toBe(200);
  });

  it("ADMIN_EMAILS names admins, but only a confirmed account", async () => {
    const confirmed = await signUp();
    await enrolTotp(confirmed);
    const { email: unconfirmed } = await registerUser();
    process.env.ADMIN_EMAILS = `${confirmed.email.toUpperCase()}, ${unconfirmed}`;
    resetConfigForTests();
    // Listed and confirmed is not yet enough: the account must prove the mailbox (admin-hardening.test.ts).
    expectProblem(await api("GET", "/api/admin/users", { token: confirmed.access }), 403, "forbidden");
    await proveAdminEmail(confirmed);
    expect((await api("GET", "/api/admin/users", { token: confirmed.access })).status).toBe(200);
    const row = await db().user.findUniqueOrThrow({ where: { email: unconfirmed } });
    const { isInstanceAdmin } = await import("@/lib/admin/access");
    expect(await isInstanceAdmin(row.id)).toBe(false);
  });
});

describe("finding users", () => {
  it("searches by address or name, with cursor pagination, and shows each user's state", async () => {
    const admin = await adminAtAal2();
    const tag = `needle${Date.now()}`;
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await signUp({ email: uniqueEmail(`${tag}-${i}`), name: `Person ${i}` }));
    const named = await signUp({ name: `Ada ${tag}` });

    const first = await api("GET", `/api/admin/users?query=${tag}&limit=2`, { token: admin.access });
    expect(first.status, first.text).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `/api/admin/users?query=${tag}&limit=2&cursor=${first.body.nextCursor}`, { token: admin.access });
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids)).toEqual(new Set([...people.map((p) => p.userId), named.userId]));
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      name: expect.anything(),
      emailVerified: true,
      disabled: false,
      mfaEnabled: false,
      createdAt: expect.any(String),
      lastSignInAt: expect.any(String),
      organizations: [expect.objectContaining({ role: "owner" })],
    });
    // LIKE wildcards are taken literally.
    const wild = await api("GET", "/api/admin/users?query=%25", { token: admin.access });
    expect(wild.body.items.every((u: { email: string; name: string | null }) => `${u.email}${u.name}`.includes("%"))).toBe(true);
  });

  it("shows one user with sessions, organizations, factors (no secrets) and providers", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    await enrolTotp(person);
    const res = await api("GET", user(person.userId), { token: admin.access });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id: person.userId,
      email: person.email,
      disabled: false,
      factors: { totp: { enabledAt: expect.any(String) }, passkeys: [], recoveryCodesLeft: 10 },
      providers: [],
      organizations: [expect.objectContaining({ id: person.organizationId, role: "owner" })],
    });
    expect(res.body.sessions.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/secret|codeHash|passwordHash/i);
    expectProblem(await api("GET", user("00000000-0000-0000-0000-000000000000"), { token: admin.access }), 404, "not_found");
  });
});

describe("disabling an account", () => {
  it("ends every session at once, refuses every door with 403 account_disabled, stops the user's API keys; enabling restores sign-in only", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const key = await createKey(person, person.organizationId);
    // An endpoint the person added, with a delivery waiting (to a port nobody listens on).
    const hook = await api("POST", `/api/organizations/${person.organizationId}/webhooks`, {
      token: person.access,
      json: { url: "http://127.0.0.1:9/hook", events: ["webhook.test"] },
    });
    expect(hook.status, hook.text).toBe(201);
    expect(
      (await api("POST", `/api/organizations/${person.organizationId}/webhooks/${hook.body.id}/test`, { token: person.access })).status,
    ).toBe(202);
    const passkey = newPasskey();
    await addPasskey(person, passkey);
    // A reset link asked for before the disable.
    await api("POST", "/api/auth/forgot-password", { json: { email: person.email } });
    const resetToken = linkTokenIn(await latestEmailTo(person.email, { subject: /reset/i }), "/reset-password/");
    expect(resetToken).toBeTruthy();
    // A sign-in waiting for its second step.
    const pending = await passwordStep(person.email);

    const res = await api("POST", `${user(person.userId)}/disable`, { token: admin.access, json: { reason: "abuse report #12" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ disabled: true, disabledReason: "abuse report #12", sessions: [] });

    expect((await api("GET", "/api/auth/profile", { token: person.access })).status).toBe(401);
    expect((await api("GET", `/api/organizations/${person.organizationId}/members`, { apiKey: key.key })).status).toBe(401);
    // Their endpoint's queue is failed, not left at the head of the queue for every claim to skip.
    expect(await db().webhookDelivery.findMany({ where: { endpointId: hook.body.id }, select: { status: true } })).toEqual([
      { status: "failed" },
    ]);
    const doors = {
      password: await api("POST", "/api/auth/login", { json: { email: person.email, password: PASSWORD } }),
      refresh: await api("POST", "/api/auth/refresh", { json: { refresh_token: person.refresh } }),
      passkey: await authenticate(passkey),
      secondStep: await api("POST", "/api/auth/passkeys/authenticate/options", { json: { mfaToken: pending } }),
      resetLink: await api("POST", "/api/auth/reset-password", { json: { token: resetToken, password: "Another-Horse-43" } }),
    };
    for (const [door, answer] of Object.entries(doors)) {
      if (door === "secondStep") {
        // The disable cancelled the pending sign-in: its token is dead.
        expectProblem(answer, 400, "invalid_token");
        continue;
      }
      expectProblem(answer, 403, "account_disabled");
    }
    // The password was checked first: a wrong one says nothing about the account's state.
    expectProblem(
      await api("POST", "/api/auth/login", { json: { email: person.email, password: "Wrong-Horse-42" } }),
      401,
      "invalid_credentials",
    );

    // Filtered by actor: other test files disable people in the same database at the same time.
    const log = await api("GET", `/api/admin/audit-log?type=admin.user_disabled&actorId=${admin.userId}`, { token: admin.access });
    expect(log.body.items[0]).toMatchObject({
      type: "admin.user_disabled",
      actorId: admin.userId,
      metadata: { userId: person.userId, reason: "abuse report #12" },
    });

    const enabled = await api("POST", `${user(person.userId)}/enable`, { token: admin.access });
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null });
    expect((await api("GET", "/api/auth/profile", { token: person.access })).status).toBe(401); // old sessions stay ended
    expect((await authenticate(passkey)).status).toBe(200);
    expect((await api("GET", `/api/organizations/${person.organizationId}/members`, { apiKey: key.key })).status).toBe(200);
  });

  it("refuses a disabled address's sign-up codes, including a later sign-up that would replace the account", async () => {
    const admin = await adminAtAal2();
    const { email } = await registerUser();
    const code = codeIn(await latestEmailTo(email));
    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect((await api("POST", `${user(row.id)}/disable`, { token: admin.access, json: { reason: "spam" } })).status).toBe(200);
    expectProblem(await api("POST", "/api/auth/confirm-account", { json: { email, code } }), 403, "account_disabled");
    await registerUser({ email, password: "Other-Horse-44" });
    const later = codeIn(await latestEmailTo(email, { after: new Date(Date.now() - 2000) }));
    if (later !== code)
      expectProblem(await api("POST", "/api/auth/confirm-account", { json: { email, code: later } }), 403, "account_disabled");
    expect((await db().user.findUniqueOrThrow({ where: { email } })).id).toBe(row.id);
  });

  it("an admin cannot disable their own account", async () => {
    const admin = await adminAtAal2();
    expectProblem(await api("POST", `${user(admin.userId)}/disable`, { token: admin.access, json: { reason: "oops" } }), 409, "conflict");
    expectProblem(await api("POST", `${user(admin.userId)}/disable`, { token: admin.access, json: {} }), 422, "validation_failed");
  });
});

describe("sessions and second factors", () => {
  it("signs a user out everywhere", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const res = await api("POST", `${user(person.userId)}/sessions/revoke`, { token: admin.access });
    expect(res.status, res.text).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token: person.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: person.refresh } })).status).toBe(401);
  });

  it("resets a lost second factor: factors and sessions gone, the owner emailed, the password alone signs in again", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    await enrolTotp(person);
    await addPasskey(person, newPasskey());
    const before = new Date();
    const res = await api("POST", `${user(person.userId)}/mfa/reset`, { token: admin.access });
    expect(res.status, res.text).toBe(204);
    expect(await db().totpFactor.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db().passkey.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: person.userId } })).toBe(0);
    expect((await api("GET", "/api/auth/profile", { token: person.access })).status).toBe(401);
    await latestEmailTo(person.email, { after: before, subject: /reset by an administrator/ });
    const again = await signIn(person.email);
    expect(again.body.user.mfaEnabled).toBe(false);

    const orgLog = await api("GET", `/api/organizations/${person.organizationId}/audit-log`, { token: again.access });
    expect(orgLog.body.items.find((e: { type: string }) => e.type === "admin.mfa_reset")).toMatchObject({
      actorId: admin.userId,
      metadata: { userId: person.userId },
    });
  });
});

describe("what the /admin pages add", () => {
  it("keeps the reason an admin gave in each action's event, and shows a user's history once per event, newest first", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    await enrolTotp(person);
    // A second organization: every event about the person is written to both logs and the instance's.
    const org = await api("POST", "/api/organizations", { token: person.access, json: { name: "Second Org" } });
    expect(org.status, org.text).toBe(201);
    const { enableUser, revokeSessionsOf, resetSecondFactors, disableUser } = await import("@/lib/admin/users");
    const { recentEventsOfUser } = await import("@/lib/admin/audit");
    const principal = {
      kind: "user",
      userId: admin.userId,
      sessionId: "s",
      organizationId: null,
      stepUpUntil: null,
      aal: "aal2",
      via: "cookie",
    } as const;
    const client = { ip: "192.0.2.7", userAgent: "admin-pages test" };

    await disableUser(principal, person.userId, "ticket 1: disable", client);
    await enableUser(principal, person.userId, client, "ticket 2: enable");
    await revokeSessionsOf(principal, person.userId, client, "ticket 3: sign out");
    await resetSecondFactors(principal, person.userId, client, "ticket 4: lost phone");
    // The API's calls give no reason: the event says nothing of one.
    await revokeSessionsOf(principal, person.userId, client);

    const events = await recentEventsOfUser(person.userId);
    const adminEvents = events.filter((e) => e.type.startsWith("admin."));
    expect(adminEvents.map((e) => [e.type, (e.metadata as { reason?: string }).reason])).toEqual([
      ["admin.sessions_revoked", undefined],
      ["admin.mfa_reset", "ticket 4: lost phone"],
      ["admin.sessions_revoked", "ticket 3: sign out"],
      ["admin.user_enabled", "ticket 2: enable"],
      ["admin.user_disabled", "ticket 1: disable"],
    ]);
    expect(adminEvents.every((e) => e.actorId === admin.userId && e.actorEmail === admin.email)).toBe(true);
    // Written to three logs each (instance, two organizations), listed once.
    expect(await db().auditEvent.count({ where: { type: "admin.mfa_reset", metadata: { path: ["userId"], equals: person.userId } } })).toBe(
      3,
    );
    // Events the person did themselves are there too, with no address needed to name them.
    expect(events.find((e) => e.type === "org.created")).toMatchObject({ actorId: person.userId });
    expect(events.length).toBeLessThanOrEqual(20);
  });
});
