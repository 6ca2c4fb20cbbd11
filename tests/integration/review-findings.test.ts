import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hashPool } from "@/lib/auth/hash-pool";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp } from "../support/accounts";
import { addPasskey, authenticate, newPasskey } from "../support/passkeys";
import { latestEmailTo, linkTokenIn } from "../support/mail";
import { codeAt, enrolTotp, passwordStep } from "../support/mfa";
import { createKey, orgWithEveryRole, stepUp } from "./organizations-fixtures";

// Findings of an outside review of the production build, each reproduced as it was reported.

const NEW_PASSWORD = "Violet-Harbor-Lantern-7";

describe("a sign-in waiting for its second step", () => {
  it("dies when the owner changes the password", async () => {
    const org = await orgWithEveryRole("pending-change");
    const { secret } = await enrolTotp(org.member);
    const stolen = await passwordStep(org.member.email);
    const changed = await api("POST", "/api/auth/change-password", {
      token: org.member.access,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status, changed.text).toBe(200);
    const finish = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: stolen, code: codeAt(secret) } });
    expectProblem(finish, 400, "invalid_token");
  });

  it("dies when the password is reset, and on logout everywhere", async () => {
    const org = await orgWithEveryRole("pending-reset");
    const { secret } = await enrolTotp(org.member);
    const beforeReset = await passwordStep(org.member.email);
    const since = new Date();
    await api("POST", "/api/auth/forgot-password", { json: { email: org.member.email } });
    const token = linkTokenIn(await latestEmailTo(org.member.email, { after: since, subject: /reset your password/i }), "/reset-password/");
    expect((await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD } })).status).toBe(200);
    const afterReset = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: beforeReset, code: codeAt(secret) } });
    expect(afterReset.body.code).toBe("invalid_token");

    const beforeLogout = await passwordStep(org.member.email, NEW_PASSWORD);
    const session = await api("POST", "/api/auth/mfa/verify", {
      json: { mfaToken: await passwordStep(org.member.email, NEW_PASSWORD), code: codeAt(secret, Date.now() + 30_000) },
    });
    expect(session.status, session.text).toBe(200);
    expect((await api("POST", "/api/auth/logout", { token: session.body.access_token, json: { allSessions: true } })).status).toBe(204);
    const afterLogout = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: beforeLogout, code: codeAt(secret) } });
    expect(afterLogout.body.code).toBe("invalid_token");
  });
});

describe("API keys carry their creator's authority", () => {
  it("a removed admin's key stops working, and so do the invitations it sent", async () => {
    const org = await orgWithEveryRole("key-removed");
    const adminKey = await createKey(org.admin, org.id);
    const invited = await api("POST", `/api/organizations/current/invitations`, {
      apiKey: adminKey.key,
      json: { email: `back-${Date.now()}@example.test`, role: "admin" },
    });
    expect(invited.status, invited.text).toBe(201);

    await stepUp(org.owner);
    expect((await api("DELETE", `/api/organizations/${org.id}/members/${org.admin.userId}`, { token: org.owner.access })).status).toBe(204);
    expect((await api("GET", "/api/organizations/current/members", { apiKey: adminKey.key })).status).toBe(401);
    const invitations = await api("GET", `/api/organizations/${org.id}/invitations`, { token: org.owner.access });
    const sent = invitations.body.items.find((i: { id: string }) => i.id === invited.body.id);
    expect(sent.status).toBe("revoked");
  });

  it("a demoted admin's key keeps only what a member may do", async () => {
    const org = await orgWithEveryRole("key-demoted");
    const adminKey = await createKey(org.admin, org.id);
    expect((await api("GET", `/api/organizations/${org.id}/audit-log`, { apiKey: adminKey.key })).status).toBe(200);
    const demoted = await api("PATCH", `/api/organizations/${org.id}/members/${org.admin.userId}`, {
      token: org.owner.access,
      json: { role: "member" },
    });
    expect(demoted.status, demoted.text).toBe(200);
    expect((await api("GET", `/api/organizations/${org.id}/audit-log`, { apiKey: adminKey.key })).status).toBe(403);
    expect((await api("GET", `/api/organizations/${org.id}/members`, { apiKey: adminKey.key })).status).toBe(200);
  });
});

describe("odd input never reaches the database as a 500", () => {
  const cursor = (text: string) => Buffer.from(text, "utf8").toString("base64url");

  it("refuses audit-log cursors with an impossible date or a NUL byte (422)", async () => {
    const org = await orgWithEveryRole("cursor");
    for (const raw of ["-271821-04-20T00:00:00.000Z|x", "2020-01-01T00:00:00.000Z|a\u0000b"]) {
      const res = await api("GET", `/api/organizations/${org.id}/audit-log?cursor=${cursor(raw)}`, { token: org.owner.access });
      expect(res.status, raw).toBe(422);
    }
  });

  it("answers a NUL in an organization or session id as not a member / not found", async () => {
    const org = await orgWithEveryRole("nul-ids");
    const login = await api("POST", "/api/auth/login", {
      json: { email: org.member.email, password: PASSWORD, organizationId: "a\u0000b" },
    });
    expectProblem(login, 403, "not_a_member");
    const revoke = await api("DELETE", "/api/auth/sessions/a%00b", { token: org.member.access });
    expect(revoke.status).toBe(404);
  });
});

// Second review (passkeys and the browser's second step).

describe("a session from before the second factor existed (aal1) cannot change the factors", () => {
  it("with the password it opens the step-up window, yet gets no new recovery codes, no factor removed and no passkey added", async () => {
    const victim = await signUp();
    const stolen = await signIn(victim.email); // the attacker's copy, from before the factor
    await enrolTotp(victim);
    await stepUp(stolen);
    for (const [method, path] of [
      ["POST", "/api/auth/mfa/recovery-codes"],
      ["DELETE", "/api/auth/mfa/totp"],
      ["POST", "/api/auth/passkeys/register/options"],
      ["POST", "/api/auth/mfa/totp/setup"],
    ] as const) {
      const res = await api(method, path, { token: stolen.access });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe("mfa_required");
    }
    expect((await api("GET", "/api/auth/mfa", { token: stolen.access })).body).toMatchObject({
      enabled: true,
      totp: true,
      recoveryCodesLeft: 10,
    });
  });

  it("the session that confirms the first factor has used it, so it is aal2 and may add a second one", async () => {
    const user = await signUp();
    await enrolTotp(user);
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(decodeJwt(refreshed.body.access_token)).toMatchObject({ aal: "aal2", amr: expect.arrayContaining(["otp", "mfa"]) });
    await addPasskey({ ...user, access: refreshed.body.access_token });
  });
});

describe("an earlier registrant's factors do not survive the owner claiming the address", () => {
  it("an unconfirmed account cannot add a factor", async () => {
    const squatter = await signUp();
    await db().user.update({ where: { id: squatter.userId }, data: { emailVerified: null } });
    await stepUp(squatter);
    const res = await api("POST", "/api/auth/passkeys/register/options", { token: squatter.access });
    expectProblem(res, 403, "forbidden");
  });

  it("a reset of a never-confirmed account drops every factor set up on it", async () => {
    const squatter = await signUp();
    const { passkey } = await addPasskey(squatter);
    await enrolTotp({ ...squatter, access: (await authenticate(passkey)).body.access_token });
    await db().user.update({ where: { id: squatter.userId }, data: { emailVerified: null } });
    const since = new Date();
    await api("POST", "/api/auth/forgot-password", { json: { email: squatter.email } });
    const token = linkTokenIn(await latestEmailTo(squatter.email, { after: since, subject: /reset your password/i }), "/reset-password/");
    expect((await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD } })).status).toBe(200);
    expect(await db().passkey.count({ where: { userId: squatter.userId } })).toBe(0);
    expect(await db().totpFactor.count({ where: { userId: squatter.userId } })).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: squatter.userId } })).toBe(0);
    expect((await authenticate(passkey)).status).toBe(401);
    expect((await api("POST", "/api/auth/login", { json: { email: squatter.email, password: NEW_PASSWORD } })).status).toBe(200);
  });

  it("a broken registration response never echoes the library's error text", async () => {
    const user = await signUp();
    await stepUp(user);
    const options = await api("POST", "/api/auth/passkeys/register/options", { token: user.access });
    const response = newPasskey().register(options.body) as { response: Record<string, unknown> };
    response.response.attestationObject = "AAAA";
    const res = await api("POST", "/api/auth/passkeys/register/verify", { token: user.access, json: { response } });
    expect(res.status).toBe(400);
    expect(res.body.detail).not.toMatch(/undefined|byteLength|Cannot read/);
  });
});

// Third review (the sign-in path rewritten for speed).

/** A code that is none of the accepted steps' (the current one, one back, one ahead). */
const wrongCode = (secret: string) => {
  const accepted = new Set([-1, 0, 1].map((step) => codeAt(secret, Date.now() + step * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!accepted.has(code)) return code;
  }
};
describe("a sign-in that checked its password before the sessions were ended", () => {
  it("cannot open a session after a logout everywhere", async () => {
    const user = await signUp();
    await signIn(user.email); // builds the process's dummy hash, so only the sign-in below queues
    const pool = hashPool();
    // Slow hashes ahead of it, so the sign-in waits between checking... and opening its session.
    const blockers = Promise.all(Array.from({ length: 6 }, () => pool.run({ op: "hash", password: "x", cost: 11 })));
    const queuedBefore = pool.stats.queued;
    const racing = api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } });
    await expect.poll(() => pool.stats.queued, { interval: 5 }).toBe(queuedBefore + 1); // its epoch is read
    expect((await api("POST", "/api/auth/logout", { token: user.access, json: { allSessions: true } })).status).toBe(204);

    const res = await racing;
    await blockers;
    expectProblem(res, 401, "invalid_credentials");
    expect(await db().authSession.count({ where: { userId: user.userId, revokedAt: null } })).toBe(0);
    // Signing in afterwards works as always.
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
  });
});

describe("a second step finishing after its organization changed", () => {
  it("opens no session in a deleted organization (and answers no 500)", async () => {
    const owner = await signUp();
    const { secret } = await enrolTotp(owner);
    const created = await api("POST", "/api/organizations", { token: owner.access, json: { name: "Doomed Org" } });
    expect(created.status, created.text).toBe(201);
    const pending = await api("POST", "/api/auth/login", {
      json: { email: owner.email, password: PASSWORD, organizationId: created.body.id },
    });
    expect(pending.body.code).toBe("mfa_required");
    await stepUp(owner);
    expect((await api("DELETE", `/api/organizations/${created.body.id}`, { token: owner.access })).status).toBe(204);

    // A wrong code first: it counts and answers 400, not 500 (its audit entry has no organization
    // to go to any more).
    const wrong = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: pending.body.mfaToken, code: wrongCode(secret) } });
    expectProblem(wrong, 400, "invalid_code");
    const finished = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: pending.body.mfaToken, code: codeAt(secret) } });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.body.organization).toBeNull();
  });

  it("writes no sign-in into the log of an organization the person was removed from", async () => {
    const org = await orgWithEveryRole("removed-mid-sign-in");
    const { secret } = await enrolTotp(org.member);
    const signIns = () =>
      db().auditEvent.count({
        where: { organizationId: org.id, actorId: org.member.userId, type: { in: ["login.succeeded", "mfa.failed"] } },
      });
    const pending = await api("POST", "/api/auth/login", { json: { email: org.member.email, password: PASSWORD, organizationId: org.id } });
    expect(pending.body.code).toBe("mfa_required");
    expect((await api("DELETE", `/api/organizations/${org.id}/members/${org.member.userId}`, { token: org.owner.access })).status).toBe(
      204,
    );
    const before = await signIns();

    expect((await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: pending.body.mfaToken, code: wrongCode(secret) } })).status).toBe(
      400,
    );
    const finished = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: pending.body.mfaToken, code: codeAt(secret) } });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.body.organization).toBeNull();
    expect(await signIns()).toBe(before); // neither the wrong code nor the sign-in is in its log
    expect(
      await db().authSession.findFirst({
        where: { userId: org.member.userId },
        orderBy: { createdAt: "desc" },
        select: { organizationId: true },
      }),
    ).toEqual({ organizationId: null });
  });
});
