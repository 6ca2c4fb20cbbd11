// Impersonation and deletion (API.md, "Instance administration"): a support session of a person,
// marked with the admin, that cannot touch how the person signs in and leaves a trail; and the
// deletion of an account in one transaction that keeps the log.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signUp, type SignedIn } from "../support/accounts";
import { enrolTotp } from "../support/mfa";
import { addMember, createKey } from "./organizations-fixtures";

async function adminAtAal2(): Promise<SignedIn> {
  const admin = await signUp();
  await db().user.update({ where: { id: admin.userId }, data: { instanceAdmin: true } });
  await enrolTotp(admin);
  return admin;
}

const user = (id: string) => `/api/admin/users/${id}`;
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));

async function impersonate(admin: SignedIn, person: SignedIn, reason = "Ticket 42: cannot see invoices") {
  const res = await api("POST", `${user(person.userId)}/impersonate`, { token: admin.access, json: { reason } });
  expect(res.status, res.text).toBe(200);
  return res;
}

describe("impersonation", () => {
  it("opens a 30-minute session of the person with act.sub = the admin, no refresh token, audited with the reason", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const started = Date.now();
    const res = await impersonate(admin, person);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.expires_in).toBeGreaterThan(0);
    expect(res.body.expires_in).toBeLessThanOrEqual(30 * 60);
    expect(res.body.user.id).toBe(person.userId);
    const claims = claimsOf(res.body.access_token);
    expect(claims).toMatchObject({ sub: person.userId, act: { sub: admin.userId } });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(30 * 60);

    const session = await db().authSession.findUniqueOrThrow({ where: { id: claims.sid } });
    expect(session.impersonatedById).toBe(admin.userId);
    expect(session.expiresAt.getTime()).toBeLessThanOrEqual(started + 30 * 60 * 1000 + 5_000);
    // Never refreshed: there is no refresh token to present.
    expect(await db().refreshToken.count({ where: { sessionId: claims.sid } })).toBe(0);

    const profile = await api("GET", "/api/auth/profile", { token: res.body.access_token });
    expect(profile.status, profile.text).toBe(200);
    expect(profile.body.email).toBe(person.email);

    const instanceLog = await api("GET", `/api/admin/audit-log?type=admin.impersonation_started&actorId=${admin.userId}`, {
      token: admin.access,
    });
    expect(instanceLog.body.items[0]).toMatchObject({
      actorId: admin.userId,
      metadata: { userId: person.userId, reason: "Ticket 42: cannot see invoices" },
    });
    const orgLog = await api("GET", `/api/organizations/${person.organizationId}/audit-log`, { token: person.access });
    expect(orgLog.body.items.filter((e: { type: string }) => e.type === "admin.impersonation_started")).toHaveLength(1);
  });

  it("cannot change the password, email, second factors, passkeys or open a step-up; nothing changes", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const token = (await impersonate(admin, person)).body.access_token as string;
    const before = await db().user.findUniqueOrThrow({ where: { id: person.userId } });
    const attempts = [
      ["POST", "/api/auth/change-password", { currentPassword: PASSWORD, newPassword: "Another-Horse-77" }],
      ["POST", "/api/auth/check-password", { password: PASSWORD }],
      ["PATCH", "/api/auth/profile", { email: `moved-${person.email}`, currentPassword: PASSWORD }],
      ["POST", "/api/auth/mfa/totp/setup", undefined],
      ["POST", "/api/auth/mfa/totp/enable", { code: "123456" }],
      ["POST", "/api/auth/mfa/recovery-codes", undefined],
      ["POST", "/api/auth/passkeys/register/options", undefined],
      ["POST", "/api/auth/mfa/step-up", { code: "123456" }],
      ["POST", "/api/auth/mfa/verify", { code: "123456" }],
    ] as const;
    for (const [method, path, json] of attempts) {
      const res = await api(method, path, { token, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
      expect(res.body.code, `${method} ${path}`).toBe("forbidden");
    }
    const after = await db().user.findUniqueOrThrow({ where: { id: person.userId } });
    expect(after.passwordChangedAt).toEqual(before.passwordChangedAt);
    expect(after.email).toBe(before.email);
    expect(await db().totpFactor.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db().oneTimeToken.count({ where: { userId: person.userId, purpose: "email_change" } })).toBe(0);
    // A name is no credential: the support session may fix it.
    expect((await api("PATCH", "/api/auth/profile", { token, json: { name: "Fixed Name" } })).status).toBe(200);
  });

  it("records what the session does with the person as actor and the admin as impersonatorId", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const token = (await impersonate(admin, person)).body.access_token as string;
    const renamed = await api("PATCH", `/api/organizations/${person.organizationId}`, { token, json: { name: "Renamed in support" } });
    expect(renamed.status, renamed.text).toBe(200);
    const entry = await db().auditEvent.findFirstOrThrow({
      where: { organizationId: person.organizationId, type: "org.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(entry.actorId).toBe(person.userId);
    expect(entry.metadata).toMatchObject({ impersonatorId: admin.userId });
    // The person's own requests carry no such mark.
    await api("PATCH", `/api/organizations/${person.organizationId}`, { token: person.access, json: { name: "Renamed by owner" } });
    const own = await db().auditEvent.findFirstOrThrow({
      where: { organizationId: person.organizationId, type: "org.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(own.metadata).not.toHaveProperty("impersonatorId");
  });

  it("refuses an admin (403), yourself and a disabled account (409), an unknown id (404); a person who is not an admin gets 404", async () => {
    const admin = await adminAtAal2();
    const otherAdmin = await adminAtAal2();
    const person = await signUp();
    const call = (by: SignedIn, id: string) => api("POST", `${user(id)}/impersonate`, { token: by.access, json: { reason: "x" } });
    expectProblem(await call(admin, otherAdmin.userId), 403, "forbidden");
    expectProblem(await call(admin, admin.userId), 409, "conflict");
    expectProblem(await call(admin, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    expectProblem(await call(person, admin.userId), 404, "not_found");
    expectProblem(await api("POST", `${user(person.userId)}/impersonate`, { token: admin.access, json: {} }), 422, "validation_failed");
    await api("POST", `${user(person.userId)}/disable`, { token: admin.access, json: { reason: "abuse" } });
    expectProblem(await call(admin, person.userId), 409, "conflict");
    expect(await db().authSession.count({ where: { impersonatedById: admin.userId } })).toBe(0);
    // An impersonation session is the person's, not an admin's: it never reaches the admin routes.
    const target = await signUp();
    const token = (await impersonate(admin, target)).body.access_token as string;
    expectProblem(await api("GET", "/api/admin/users", { token }), 404, "not_found");
    // Not even once the person is made an admin: the session stays the support session it was.
    await db().user.update({ where: { id: target.userId }, data: { instanceAdmin: true } });
    expectProblem(await api("GET", "/api/admin/users", { token }), 404, "not_found");
  });

  it("ends with a revocation of the person's sessions, when the admin is disabled, and when the admin account is deleted", async () => {
    const admin = await adminAtAal2();
    const person = await signUp();
    const token = (await impersonate(admin, person)).body.access_token as string;
    expect((await api("POST", `${user(person.userId)}/sessions/revoke`, { token: admin.access })).status).toBe(204);
    expect((await api("GET", "/api/auth/profile", { token })).status).toBe(401);

    const another = await adminAtAal2();
    const byAnother = (await impersonate(another, person)).body.access_token as string;
    expect((await api("POST", `${user(another.userId)}/disable`, { token: admin.access, json: { reason: "left the team" } })).status).toBe(
      200,
    );
    expect((await api("GET", "/api/auth/profile", { token: byAnother })).status).toBe(401);

    const second = (await impersonate(admin, person)).body.access_token as string;
    const sid = claimsOf(second).sid as string;
    await db().user.delete({ where: { id: admin.userId } });
    // Never left behind as a plain session of the person.
    expect(await db().authSession.count({ where: { id: sid } })).toBe(0);
  });
});

describe("deleting a user", () => {
  it("removes the account, its sessions, keys and memberships in one go, deletes an organization they were alone in, keeps the log", async () => {
    const admin = await adminAtAal2();
    const owner = await signUp();
    const person = await addMember(owner, owner.organizationId, "admin", "leaver");
    const ownOrganization = (await db().membership.findFirstOrThrow({ where: { userId: person.userId, role: "owner" } })).organizationId;
    const key = await createKey(person, owner.organizationId);
    expect((await api("GET", `/api/organizations/${owner.organizationId}/members`, { apiKey: key.key })).status).toBe(200);
    const earlier = await db().auditEvent.count({ where: { actorId: person.userId } });
    expect(earlier).toBeGreaterThan(0);

    const res = await api("DELETE", user(person.userId), { token: admin.access });
    expect(res.status, res.text).toBe(204);
    expect(await db().user.count({ where: { id: person.userId } })).toBe(0);
    expect(await db().authSession.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db().membership.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db().organization.count({ where: { id: ownOrganization } })).toBe(0);
    expect(await db().apiKey.count({ where: { id: key.id } })).toBe(0);
    expect((await api("GET", "/api/auth/profile", { token: person.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: person.refresh } })).status).toBe(401);
    expect((await api("GET", `/api/organizations/${owner.organizationId}/members`, { apiKey: key.key })).status).toBe(401);
    expect((await api("POST", "/api/auth/login", { json: { email: person.email, password: PASSWORD } })).status).toBe(401);

    // The log keeps what they did, and says who deleted them.
    expect(await db().auditEvent.count({ where: { actorId: person.userId, organizationId: owner.organizationId } })).toBeGreaterThan(0);
    const log = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    const types = log.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(["admin.user_deleted", "member.removed"]));
    expect(log.body.items.find((e: { type: string }) => e.type === "admin.user_deleted")).toMatchObject({
      actorId: admin.userId,
      metadata: { userId: person.userId },
    });
    expectProblem(await api("GET", user(person.userId), { token: admin.access }), 404, "not_found");
  });

  it("refuses (409) while they are the last owner of an organization with other members, and leaves everything as it was", async () => {
    const admin = await adminAtAal2();
    const owner = await signUp();
    await addMember(owner, owner.organizationId, "member");
    const res = await api("DELETE", user(owner.userId), { token: admin.access });
    expectProblem(res, 409, "conflict");
    expect(await db().user.count({ where: { id: owner.userId } })).toBe(1);
    expect((await api("GET", "/api/auth/profile", { token: owner.access })).status).toBe(200);
    expect(
      await db().auditEvent.count({ where: { type: "admin.user_deleted", metadata: { path: ["userId"], equals: owner.userId } } }),
    ).toBe(0);

    // With a second owner, the first can go.
    const second = await addMember(owner, owner.organizationId, "owner", "second-owner");
    expect((await api("DELETE", user(owner.userId), { token: admin.access })).status).toBe(204);
    expect((await api("GET", `/api/organizations/${owner.organizationId}`, { token: second.access })).status).toBe(200);
  });

  it("refuses your own account (409) and an unknown id (404)", async () => {
    const admin = await adminAtAal2();
    expectProblem(await api("DELETE", user(admin.userId), { token: admin.access }), 409, "conflict");
    expectProblem(await api("DELETE", user("00000000-0000-4000-8000-000000000000"), { token: admin.access }), 404, "not_found");
  });
});
