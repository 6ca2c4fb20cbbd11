import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { addMember, createKey } from "./organizations-fixtures";

const members = (orgId: string) => `/api/organizations/${orgId}/members`;

describe("GET /api/organizations/{orgId}/members", () => {
  it("lists every member with role to any member, never a password hash", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const res = await api("GET", members(owner.organizationId), { token: member.access });
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: any) => [m.userId, m.email, m.role])).toEqual([
      [owner.userId, owner.email, "owner"],
      [admin.userId, admin.email, "admin"],
      [member.userId, member.email, "member"],
    ]);
    expect(res.text).not.toMatch(/passwordHash|\$2[aby]\$/);
  });
});

describe("PATCH /api/organizations/{orgId}/members/{userId}", () => {
  it("lets an admin change a member's role, and records it", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const res = await api("PATCH", `${members(owner.organizationId)}/${member.userId}`, { token: admin.access, json: { role: "admin" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ userId: member.userId, role: "admin" });
    // The new role applies to the member's existing token on its next request.
    expect((await api("GET", `/api/organizations/${owner.organizationId}/invitations`, { token: member.access })).status).toBe(200);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: any) => e.type === "member.role_changed")).toMatchObject({
      actorId: admin.userId,
      actorType: "user",
      metadata: { userId: member.userId, from: "member", to: "admin" },
    });
  });

  it("a demotion bites on the next request, even with a token minted under the old role", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    expect((await api("GET", `/api/organizations/${owner.organizationId}/invitations`, { token: admin.access })).status).toBe(200);
    await api("PATCH", `${members(owner.organizationId)}/${admin.userId}`, { token: owner.access, json: { role: "member" } });
    const after = await api("GET", `/api/organizations/${owner.organizationId}/invitations`, { token: admin.access });
    expect(after.status).toBe(403);
    expect((await api("GET", `/api/organizations/${owner.organizationId}`, { token: admin.access })).body.role).toBe("member");
  });

  it("leaves the owner role to owners: an admin can neither grant it nor demote an owner", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const grant = await api("PATCH", `${members(owner.organizationId)}/${member.userId}`, { token: admin.access, json: { role: "owner" } });
    expectProblem(grant, 403, "forbidden");
    const demote = await api("PATCH", `${members(owner.organizationId)}/${owner.userId}`, {
      token: admin.access,
      json: { role: "member" },
    });
    expect(demote.status).toBe(403);
    const byMember = await api("PATCH", `${members(owner.organizationId)}/${admin.userId}`, {
      token: member.access,
      json: { role: "member" },
    });
    expect(byMember.status).toBe(403);
    const ok = await api("PATCH", `${members(owner.organizationId)}/${admin.userId}`, { token: owner.access, json: { role: "owner" } });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe("owner");
  });

  it("refuses to demote the last owner with 409, and allows it once there is another", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const last = await api("PATCH", `${members(owner.organizationId)}/${owner.userId}`, { token: owner.access, json: { role: "admin" } });
    expectProblem(last, 409, "conflict");
    await api("PATCH", `${members(owner.organizationId)}/${admin.userId}`, { token: owner.access, json: { role: "owner" } });
    const now = await api("PATCH", `${members(owner.organizationId)}/${owner.userId}`, { token: owner.access, json: { role: "admin" } });
    expect(now.status).toBe(200);
  });

  it("never leaves an organization without an owner when two owners demote each other at once", async () => {
    const owner = await signUp();
    const second = await addMember(owner, owner.organizationId, "owner");
    const [a, b] = await Promise.all([
      api("PATCH", `${members(owner.organizationId)}/${second.userId}`, { token: owner.access, json: { role: "member" } }),
      api("PATCH", `${members(owner.organizationId)}/${owner.userId}`, { token: second.access, json: { role: "member" } }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const list = await api("GET", members(owner.organizationId), { token: owner.access });
    expect(list.body.items.filter((m: any) => m.role === "owner")).toHaveLength(1);
  });

  it("answers 404 for a user who is not a member, 422 for an unknown role", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const res = await api("PATCH", `${members(owner.organizationId)}/${stranger.userId}`, { token: owner.access, json: { role: "admin" } });
    expect(res.status).toBe(404);
    const bad = await api("PATCH", `${members(owner.organizationId)}/${owner.userId}`, {
      token: owner.access,
      json: { role: "superuser" },
    });
    expect(bad.status).toBe(422);
  });

  it("works for an API key with members:update, but never for the owner role", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    const key = await createKey(owner, owner.organizationId);
    const ok = await api("PATCH", `${members(owner.organizationId)}/${member.userId}`, { apiKey: key.key, json: { role: "admin" } });
    expect(ok.status).toBe(200);
    const owning = await api("PATCH", `${members(owner.organizationId)}/${member.userId}`, { apiKey: key.key, json: { role: "owner" } });
    expect(owning.status).toBe(403);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: any) => e.type === "member.role_changed")).toMatchObject({ actorId: key.id, actorType: "api_key" });
  });
});

describe("DELETE /api/organizations/{orgId}/members/{userId}", () => {
  it("lets an admin remove a member; the removed member loses access at once", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    expect((await api("DELETE", `${members(owner.organizationId)}/${member.userId}`, { token: admin.access })).status).toBe(204);
    const after = await api("GET", members(owner.organizationId), { token: member.access });
    expect(after.status).toBe(404);
    const org = await api("GET", `/api/organizations/${owner.organizationId}`, { token: member.access });
    expectProblem(org, 403, "not_a_member");
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: member.refresh } });
    expect(refreshed.body.organization?.id).not.toBe(owner.organizationId);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: any) => e.type === "member.removed")).toMatchObject({
      actorId: admin.userId,
      metadata: { userId: member.userId },
    });
  });

  it("lets any member leave, refuses members removing others, admins removing owners, and the last owner leaving", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const other = await addMember(owner, owner.organizationId, "member");
    expect((await api("DELETE", `${members(owner.organizationId)}/${other.userId}`, { token: member.access })).status).toBe(403);
    expect((await api("DELETE", `${members(owner.organizationId)}/${owner.userId}`, { token: admin.access })).status).toBe(403);
    const lastOwner = await api("DELETE", `${members(owner.organizationId)}/${owner.userId}`, { token: owner.access });
    expectProblem(lastOwner, 409, "conflict");
    expect((await api("DELETE", `${members(owner.organizationId)}/${member.userId}`, { token: member.access })).status).toBe(204);
    expect((await api("DELETE", `${members(owner.organizationId)}/${member.userId}`, { token: owner.access })).status).toBe(404);
  });
});
