import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signUp } from "../support/accounts";
import { addMember, createKey } from "./organizations-fixtures";

const auditLog = (orgId: string, query = "") => `/api/organizations/${orgId}/audit-log${query}`;

describe("GET /api/organizations/{orgId}/audit-log", () => {
  it("returns the contract's entry shape, newest first, with actor, IP and user agent", async () => {
    const owner = await signUp();
    await api("POST", "/api/auth/login", {
      json: { email: owner.email, password: "Wrong-Horse-99" },
      headers: { "x-forwarded-for": "198.51.100.1" },
    });
    await api("POST", "/api/auth/login", {
      json: { email: owner.email, password: PASSWORD },
      headers: { "x-forwarded-for": "198.51.100.2", "user-agent": "audit-test/1" },
    });
    const res = await api("GET", auditLog(owner.organizationId), { token: owner.access });
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const [newest] = res.body.items;
    expect(Object.keys(newest).sort()).toEqual(["actorId", "actorType", "createdAt", "id", "ip", "metadata", "type", "userAgent"]);
    expect(newest).toMatchObject({
      type: "login.succeeded",
      actorId: owner.userId,
      actorType: "user",
      ip: "198.51.100.2",
      userAgent: "audit-test/1",
    });
    expect(res.body.items.map((e: any) => e.type)).toEqual(expect.arrayContaining(["login.failed", "org.created"]));
    const times = res.body.items.map((e: any) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(res.text).not.toContain(PASSWORD);
  });

  it("paginates with ?cursor=&limit= without gaps or repeats", async () => {
    const owner = await signUp();
    for (let i = 0; i < 6; i++)
      await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: owner.access, json: { name: `Name ${i}` } });
    const all = (await api("GET", auditLog(owner.organizationId, "?limit=100"), { token: owner.access })).body.items.map((e: any) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api("GET", auditLog(owner.organizationId, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`), {
        token: owner.access,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await api("GET", auditLog(owner.organizationId, "?limit=0"), { token: owner.access })).status).toBe(422);
    expect((await api("GET", auditLog(owner.organizationId, "?limit=1000"), { token: owner.access })).status).toBe(422);
    expect((await api("GET", auditLog(owner.organizationId, "?cursor=%%%"), { token: owner.access })).status).toBe(422);
  });

  it("is for admins, owners and keys with audit_log:read; members get 403", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const key = await createKey(owner, owner.organizationId, { name: "auditor", permissions: [{ resource: "audit_log", action: "read" }] });
    expect((await api("GET", auditLog(owner.organizationId), { token: admin.access })).status).toBe(200);
    expect((await api("GET", auditLog(owner.organizationId), { apiKey: key.key })).status).toBe(200);
    const denied = await api("GET", auditLog(owner.organizationId), { token: member.access });
    expectProblem(denied, 403, "forbidden");
  });

  it("records an org switch in the log of the organization switched to", async () => {
    const owner = await signUp();
    const second = await api("POST", "/api/organizations", { token: owner.access, json: { name: "Second" } });
    const switched = await api("POST", "/api/auth/switch-org", { token: owner.access, json: { organizationId: second.body.id } });
    expect(switched.status).toBe(200);
    const secondLog = await api("GET", auditLog(second.body.id), { token: owner.access });
    expect(secondLog.body.items[0]).toMatchObject({ type: "org.switched", actorId: owner.userId });
    const firstLog = await api("GET", auditLog(owner.organizationId), { token: owner.access });
    expect(firstLog.body.items.map((e: any) => e.type)).not.toContain("org.switched");
  });
});
