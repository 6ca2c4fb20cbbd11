import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256 } from "@/lib/auth/crypto";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { addMember, createKey, stepUp } from "./organizations-fixtures";

const keys = (orgId: string) => `/api/organizations/${orgId}/api-keys`;

describe("POST /api/organizations/{orgId}/api-keys", () => {
  it("shows the secret once, with a recognisable prefix, and stores only its hash", async () => {
    const owner = await signUp();
    await stepUp(owner);
    const res = await api("POST", keys(owner.organizationId), { token: owner.access, json: { name: "deploy bot" } });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.key).toMatch(/^ak_[A-Za-z0-9_-]{40,}$/);
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    expect(res.body.permissions).toHaveLength(20); // omitted: all of the owner's permissions

    const row = await db().apiKey.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.keyHash).toBe(sha256(res.body.key));
    expect(JSON.stringify(row)).not.toContain(res.body.key);

    const list = await api("GET", keys(owner.organizationId), { token: owner.access });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: res.body.id,
        name: "deploy bot",
        prefix: res.body.prefix,
        lastUsedAt: null,
        expiresAt: null,
        createdAt: expect.any(String),
      }),
    ]);
    expect(list.text).not.toContain(res.body.key);
    expect(list.text).not.toContain(row.keyHash);
  });

  it("needs a recent step-up, admin or owner, and never more permissions than the creator holds", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const noStepUp = await api("POST", keys(owner.organizationId), { token: admin.access, json: { name: "k" } });
    expectProblem(noStepUp, 403, "reauthentication_required");

    await stepUp(member);
    expect((await api("POST", keys(owner.organizationId), { token: member.access, json: { name: "k" } })).status).toBe(403);

    await stepUp(admin);
    const tooMuch = await api("POST", keys(owner.organizationId), {
      token: admin.access,
      json: { name: "k", permissions: [{ resource: "organization", action: "delete" }] },
    });
    expectProblem(tooMuch, 403, "forbidden");
    const subset = await api("POST", keys(owner.organizationId), {
      token: admin.access,
      json: {
        name: "k",
        permissions: [
          { resource: "members", action: "read" },
          { resource: "members", action: "read" },
        ],
      },
    });
    expect(subset.status).toBe(201);
    expect(subset.body.permissions).toEqual([{ resource: "members", action: "read" }]);
    const noExpiry = await api("POST", keys(owner.organizationId), { token: admin.access, json: { name: "forever", expiresAt: null } });
    expect(noExpiry.status, noExpiry.text).toBe(201);
    expect(noExpiry.body.expiresAt).toBeNull();
    const bad = await api("POST", keys(owner.organizationId), {
      token: admin.access,
      json: { name: "", permissions: [{ resource: "bank", action: "rob" }], expiresAt: "2001-01-01T00:00:00Z" },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(["name", "expiresAt"]));
  });

  it('accepts permissions as "resource:action" strings too (as documented), answers objects, and refuses unknown ones', async () => {
    const owner = await signUp();
    await stepUp(owner);
    const mixed = await api("POST", keys(owner.organizationId), {
      token: owner.access,
      json: { name: "reader", permissions: ["members:read", { resource: "audit_log", action: "read" }, "members:read"] },
    });
    expect(mixed.status, mixed.text).toBe(201);
    expect(mixed.body.permissions).toHaveLength(2); // the duplicate is folded
    expect(mixed.body.permissions).toEqual(
      expect.arrayContaining([
        { resource: "audit_log", action: "read" },
        { resource: "members", action: "read" },
      ]),
    );
    const members = await api("GET", `/api/organizations/current/members`, { apiKey: mixed.body.key });
    expect(members.status).toBe(200);

    for (const permissions of [["members:destroy"], ["members"], ["billing:read"], [":read"]]) {
      const refused = await api("POST", keys(owner.organizationId), { token: owner.access, json: { name: "bad", permissions } });
      expect(refused.status, JSON.stringify(permissions)).toBe(422);
      expect(refused.body.errors).toHaveProperty(["permissions.0"]);
    }
  });

  it("an API key cannot create API keys (403 forbidden)", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId);
    const res = await api("POST", keys(owner.organizationId), { apiKey: key.key, json: { name: "child" } });
    expectProblem(res, 403, "forbidden");
  });
});

describe("using an API key", () => {
  it("acts for its organization only, with its own permissions", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId, { name: "reader", permissions: [{ resource: "members", action: "read" }] });
    expect((await api("GET", `/api/organizations/${owner.organizationId}/members`, { apiKey: key.key })).status).toBe(200);
    expect((await api("GET", "/api/organizations/current/members", { apiKey: key.key })).status).toBe(200);
    expect((await api("GET", keys(owner.organizationId), { apiKey: key.key })).status).toBe(403);
    expect((await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { apiKey: key.key })).status).toBe(403);
    // Not a person: the profile is out of reach.
    expect((await api("GET", "/api/auth/profile", { apiKey: key.key })).status).toBe(401);
  });

  it("is refused once expired, once deleted (at once), and when made up", async () => {
    const owner = await signUp();
    const expiring = await createKey(owner, owner.organizationId, {
      name: "short",
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await api("GET", "/api/organizations/current", { apiKey: expiring.key })).status).toBe(200);
    await db().apiKey.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api("GET", "/api/organizations/current", { apiKey: expiring.key });
    expectProblem(expired, 401, "unauthorized");

    const key = await createKey(owner, owner.organizationId);
    expect((await api("GET", "/api/organizations/current", { apiKey: key.key })).status).toBe(200);
    expect((await api("DELETE", `${keys(owner.organizationId)}/${key.id}`, { token: owner.access })).status).toBe(204);
    expect((await api("GET", "/api/organizations/current", { apiKey: key.key })).status).toBe(401);
    expect((await api("DELETE", `${keys(owner.organizationId)}/${key.id}`, { token: owner.access })).status).toBe(404);

    expect((await api("GET", "/api/organizations/current", { apiKey: "ak_madeupmadeupmadeupmadeupmadeup" })).status).toBe(401);
    expect((await api("GET", "/api/organizations/current", { apiKey: "garbage" })).status).toBe(401);
  });

  it("stops working when its organization is deleted", async () => {
    const owner = await signUp();
    const spare = await api("POST", "/api/organizations", { token: owner.access, json: { name: "Doomed" } });
    const key = await createKey(owner, spare.body.id);
    expect((await api("GET", "/api/organizations/current", { apiKey: key.key })).body.id).toBe(spare.body.id);
    await stepUp(owner);
    expect((await api("DELETE", `/api/organizations/${spare.body.id}`, { token: owner.access })).status).toBe(204);
    expect((await api("GET", "/api/organizations/current", { apiKey: key.key })).status).toBe(401);
  });

  it("records api_key.used at most once a minute, and lastUsedAt", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId);
    for (let i = 0; i < 3; i++) {
      await api("GET", "/api/organizations/current", {
        apiKey: key.key,
        headers: { "user-agent": "bot/1.0", "x-forwarded-for": "203.0.113.7" },
      });
    }
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log?limit=100`, { token: owner.access });
    const used = audit.body.items.filter((e: any) => e.type === "api_key.used");
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ actorId: key.id, actorType: "api_key", ip: "203.0.113.7", userAgent: "bot/1.0" });
    const list = await api("GET", keys(owner.organizationId), { token: owner.access });
    expect(list.body.items[0].lastUsedAt).toEqual(expect.any(String));
  });
});

describe("DELETE /api/organizations/{orgId}/api-keys/{id}", () => {
  it("is for admins and owners; members get 403; another organization's key is 404", async () => {
    const owner = await signUp();
    const member = await addMember(owner, owner.organizationId, "member");
    const other = await signUp();
    const key = await createKey(owner, owner.organizationId);
    const foreignKey = await createKey(other, other.organizationId);
    expect((await api("DELETE", `${keys(owner.organizationId)}/${key.id}`, { token: member.access })).status).toBe(403);
    expect((await api("DELETE", `${keys(owner.organizationId)}/${foreignKey.id}`, { token: owner.access })).status).toBe(404);
    expect((await api("GET", "/api/organizations/current", { apiKey: foreignKey.key })).status).toBe(200);
    expect((await api("DELETE", `${keys(owner.organizationId)}/${key.id}`, { token: owner.access })).status).toBe(204);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.map((e: any) => e.type)).toEqual(expect.arrayContaining(["api_key.created", "api_key.deleted"]));
  });
});
