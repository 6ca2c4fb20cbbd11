import { describe, expect, it } from "vitest";
import { api } from "../support/api";
import { PASSWORD } from "../support/accounts";
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
    const changed = await api("POST", "/api/auth/change-password", { token: org.member.access, json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(changed.status, changed.text).toBe(200);
    const finish = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: stolen, code: codeAt(secret) } });
    expect(finish.status).toBe(400);
    expect(finish.body.code).toBe("invalid_token");
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
    const session = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(org.member.email, NEW_PASSWORD), code: codeAt(secret, Date.now() + 30_000) } });
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
    const invited = await api("POST", `/api/organizations/current/invitations`, { apiKey: adminKey.key, json: { email: `back-${Date.now()}@example.test`, role: "admin" } });
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
    const demoted = await api("PATCH", `/api/organizations/${org.id}/members/${org.admin.userId}`, { token: org.owner.access, json: { role: "member" } });
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
    const login = await api("POST", "/api/auth/login", { json: { email: org.member.email, password: PASSWORD, organizationId: "a\u0000b" } });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe("not_a_member");
    const revoke = await api("DELETE", "/api/auth/sessions/a%00b", { token: org.member.access });
    expect(revoke.status).toBe(404);
  });
});
