import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { signUp } from "../support/accounts";
import { addMember, createKey, stepUp } from "./organizations-fixtures";

describe("GET/POST /api/organizations", () => {
  it("lists the caller's organizations with role and permissions, and creates one with the caller as owner", async () => {
    const user = await signUp({ organizationName: "First Co" });
    const created = await api("POST", "/api/organizations", { token: user.access, json: { name: "Second Co" } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: "Second Co", slug: "second-co", role: "owner" });
    expect(created.body.permissions).toContainEqual({ resource: "organization", action: "delete" });

    const list = await api("GET", "/api/organizations", { token: user.access });
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: any) => [o.id, o.role])).toEqual([
      [user.organizationId, "owner"],
      [created.body.id, "owner"],
    ]);
    const audit = await api("GET", `/api/organizations/${created.body.id}/audit-log`, { token: user.access });
    expect(audit.body.items.map((e: any) => e.type)).toContain("org.created");
  });

  it("gives a taken name a distinct slug, refuses a taken explicit slug with 409, and validates input with 422", async () => {
    const user = await signUp();
    const a = await api("POST", "/api/organizations", { token: user.access, json: { name: "Same Name Inc" } });
    const b = await api("POST", "/api/organizations", { token: user.access, json: { name: "Same Name Inc" } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.slug).not.toBe(b.body.slug);
    const taken = await api("POST", "/api/organizations", { token: user.access, json: { name: "X", slug: a.body.slug } });
    expectProblem(taken, 409, "conflict");
    const empty = await api("POST", "/api/organizations", { token: user.access, json: { name: "  " } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors.name).toBeDefined();
  });

  it("are for people: no credentials is 401, an API key is 401 on these two", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId);
    expect((await api("GET", "/api/organizations")).status).toBe(401);
    expect((await api("POST", "/api/organizations", { json: { name: "x" } })).status).toBe(401);
    expect((await api("GET", "/api/organizations", { apiKey: key.key })).status).toBe(401);
  });
});

describe("GET/PATCH/DELETE /api/organizations/{orgId}", () => {
  it("reads by id, by slug, and as `current` (header, ?org=, then the token's organization)", async () => {
    const user = await signUp({ organizationName: "Reading Co" });
    const second = await api("POST", "/api/organizations", { token: user.access, json: { name: "Other Reading Co" } });
    const byId = await api("GET", `/api/organizations/${user.organizationId}`, { token: user.access });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ id: user.organizationId, role: "owner" });
    expect((await api("GET", `/api/organizations/${byId.body.slug}`, { token: user.access })).body.id).toBe(user.organizationId);
    expect((await api("GET", "/api/organizations/current", { token: user.access })).body.id).toBe(user.organizationId);
    const header = await api("GET", "/api/organizations/current", { token: user.access, headers: { "x-organization-id": second.body.id } });
    expect(header.body.id).toBe(second.body.id);
    const query = await api("GET", `/api/organizations/current?org=${second.body.slug}`, { token: user.access });
    expect(query.body.id).toBe(second.body.id);
    // The header comes before ?org=.
    const both = await api("GET", `/api/organizations/current?org=${second.body.slug}`, {
      token: user.access,
      headers: { "x-organization-id": user.organizationId },
    });
    expect(both.body.id).toBe(user.organizationId);
  });

  it("answers 404 not_found for an unknown id or slug, 403 not_a_member for a foreign organization", async () => {
    const user = await signUp();
    const stranger = await signUp();
    for (const ref of ["00000000-0000-4000-8000-000000000000", "no-such-slug-anywhere"]) {
      const res = await api("GET", `/api/organizations/${ref}`, { token: user.access });
      expectProblem(res, 404, "not_found");
    }
    const foreign = await api("GET", `/api/organizations/${stranger.organizationId}`, { token: user.access });
    expectProblem(foreign, 403, "not_a_member");
    expect(foreign.text).not.toContain(stranger.email);
  });

  it("answers malformed references (NUL bytes, spaces, quotes) as not found or invalid, never 500", async () => {
    const user = await signUp();
    for (const ref of ["%00", "a%20b", "'%20OR%20'1'='1"]) {
      expect((await api("GET", `/api/organizations/${ref}`, { token: user.access })).status).toBe(404);
      expect((await api("GET", `/api/organizations/current/members?org=${ref}`, { token: user.access })).status).toBe(404);
      expect((await api("DELETE", `/api/organizations/current/members/${ref}`, { token: user.access })).status).toBe(404);
      expect((await api("DELETE", `/api/organizations/current/invitations/${ref}`, { token: user.access })).status).toBe(404);
      expect((await api("DELETE", `/api/organizations/current/api-keys/${ref}`, { token: user.access })).status).toBe(404);
    }
    const nul = await api("POST", "/api/organizations", { token: user.access, json: { name: "bad\u0000name" } });
    expect(nul.status).toBe(422);
    const sw = await api("POST", "/api/auth/switch-org", { token: user.access, json: { organizationId: "x\u0000" } });
    expect(sw.status).toBe(403);
  });

  it("lets admins and owners rename and re-slug, refuses members (403) and taken slugs (409)", async () => {
    const owner = await signUp({ organizationName: "Patch Co" });
    const admin = await addMember(owner, owner.organizationId, "admin");
    const member = await addMember(owner, owner.organizationId, "member");
    const slug = `patched-${Math.random().toString(36).slice(2, 8)}`;
    const ok = await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: admin.access, json: { name: "Patched", slug } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ name: "Patched", slug, role: "admin" });
    const denied = await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: member.access, json: { name: "Nope" } });
    expectProblem(denied, 403, "forbidden");
    const other = await signUp();
    const otherSlug = (await api("GET", "/api/organizations/current", { token: other.access })).body.slug;
    const taken = await api("PATCH", `/api/organizations/${owner.organizationId}`, { token: owner.access, json: { slug: otherSlug } });
    expect(taken.status).toBe(409);
    const invalid = await api("PATCH", `/api/organizations/${owner.organizationId}`, {
      token: owner.access,
      json: { slug: "Not A Slug!" },
    });
    expect(invalid.status).toBe(422);
    const audit = await api("GET", `/api/organizations/${owner.organizationId}/audit-log`, { token: owner.access });
    expect(audit.body.items.find((e: any) => e.type === "org.updated")).toMatchObject({
      actorId: admin.userId,
      metadata: { slug: { to: slug } },
    });
  });

  it("deletes only for an owner with a fresh step-up; sessions there fall back to another organization", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, owner.organizationId, "admin");
    const second = await api("POST", "/api/organizations", { token: owner.access, json: { name: "Survivor" } });

    const byAdmin = await api("DELETE", `/api/organizations/${owner.organizationId}`, { token: admin.access });
    expectProblem(byAdmin, 403, "forbidden");
    const noStepUp = await api("DELETE", `/api/organizations/${owner.organizationId}`, { token: owner.access });
    expectProblem(noStepUp, 403, "reauthentication_required");

    await stepUp(owner);
    expect((await api("DELETE", `/api/organizations/${owner.organizationId}`, { token: owner.access })).status).toBe(204);
    expect((await api("GET", `/api/organizations/${owner.organizationId}`, { token: owner.access })).status).toBe(404);
    // The old token still names the deleted organization: `current` finds nothing, and nothing else.
    expect((await api("GET", "/api/organizations/current/members", { token: owner.access })).status).toBe(404);
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: owner.refresh } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.organization.id).toBe(second.body.id);
    // The admin stays signed in and falls back to their own (oldest remaining) organization.
    const adminRefresh = await api("POST", "/api/auth/refresh", { json: { refresh_token: admin.refresh } });
    expect(adminRefresh.status).toBe(200);
    expect(adminRefresh.body.organization.id).not.toBe(owner.organizationId);
    expect(adminRefresh.body.organization.role).toBe("owner");
  });

  it("API keys reach their own organization through `current` and its id, with the key's permissions", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId, {
      name: "reader",
      permissions: [{ resource: "organization", action: "read" }],
    });
    const current = await api("GET", "/api/organizations/current", { apiKey: key.key });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      id: owner.organizationId,
      role: null,
      permissions: [{ resource: "organization", action: "read" }],
    });
    const patch = await api("PATCH", "/api/organizations/current", { apiKey: key.key, json: { name: "x" } });
    expect(patch.status).toBe(403);
    const del = await api("DELETE", `/api/organizations/${owner.organizationId}`, { apiKey: key.key });
    expect(del.status).toBe(403);
  });
});

describe("POST /api/auth/switch-org", () => {
  it("re-issues the token pair for another organization on the same session", async () => {
    const owner = await signUp({ organizationName: "Home" });
    const other = await signUp({ organizationName: "Away" });
    const joined = await addMember(other, other.organizationId, "admin");
    // `joined` signed in to Away; its own default organization is Home-like. Switch back and forth.
    const home = (await api("GET", "/api/organizations", { token: joined.access })).body.items.find(
      (o: any) => o.id !== other.organizationId,
    );
    const sid = decodeJwt(joined.access).sid;

    const res = await api("POST", "/api/auth/switch-org", { token: joined.access, json: { organizationId: home.id } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.organization).toMatchObject({ id: home.id, role: "owner" });
    expect(res.body.organization.permissions).toContainEqual({ resource: "organization", action: "delete" });
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({ sid, org: home.id, role: "owner", tenant_id: home.id });
    expect((await api("GET", "/api/organizations/current", { token: res.body.access_token })).body.id).toBe(home.id);
    // The old access token still works until it expires, still scoped by its own claim.
    expect((await api("GET", "/api/organizations/current", { token: joined.access })).body.id).toBe(other.organizationId);
    // The new refresh token refreshes into the new organization.
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: res.body.refresh_token } });
    expect(refreshed.body.organization.id).toBe(home.id);

    const audit = await api("GET", `/api/organizations/${home.id}/audit-log`, { token: res.body.access_token });
    expect(audit.body.items.find((e: any) => e.type === "org.switched")).toMatchObject({
      actorId: joined.userId,
      metadata: { to: home.id, from: other.organizationId },
    });

    const foreign = await api("POST", "/api/auth/switch-org", { token: joined.access, json: { organizationId: owner.organizationId } });
    expectProblem(foreign, 403, "not_a_member");
    const unknown = await api("POST", "/api/auth/switch-org", {
      token: joined.access,
      json: { organizationId: "00000000-0000-4000-8000-000000000000" },
    });
    expectProblem(unknown, 403, "not_a_member");
  });

  it("is for people: 401 without a token or with an API key, 422 without organizationId", async () => {
    const owner = await signUp();
    const key = await createKey(owner, owner.organizationId);
    expect((await api("POST", "/api/auth/switch-org", { json: { organizationId: owner.organizationId } })).status).toBe(401);
    expect((await api("POST", "/api/auth/switch-org", { apiKey: key.key, json: { organizationId: owner.organizationId } })).status).toBe(
      401,
    );
    expect((await api("POST", "/api/auth/switch-org", { token: owner.access, json: {} })).status).toBe(422);
  });
});

describe("handlers authorize by themselves, with no proxy in front", () => {
  // Every call here goes straight to the route module's exported handler, exactly as the proxy
  // would be bypassed (a misconfigured matcher, a direct function invocation): the handler's own
  // membership check is what refuses the foreign organization.
  it("refuses a foreign organization's data from the handler itself", async () => {
    const victim = await signUp({ organizationName: "Victim Co" });
    const attacker = await signUp();
    const members = await import("@/app/api/organizations/[orgId]/members/route");
    const { NextRequest } = await import("next/server");
    const request = new NextRequest(`http://localhost:3000/api/organizations/${victim.organizationId}/members`, {
      headers: { authorization: `Bearer ${attacker.access}`, "x-forwarded-for": "10.9.9.9" },
    });
    const res = await members.GET(request, { params: Promise.resolve({ orgId: victim.organizationId }) });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain(victim.email);
    expect(text).not.toContain(victim.userId);

    const org = await import("@/app/api/organizations/[orgId]/route");
    const viaHeader = new NextRequest("http://localhost:3000/api/organizations/current", {
      headers: { authorization: `Bearer ${attacker.access}`, "x-organization-id": victim.organizationId },
    });
    const orgRes = await org.GET(viaHeader, { params: Promise.resolve({ orgId: "current" }) });
    expect(orgRes.status).toBe(403);
    expect(await orgRes.text()).not.toContain("Victim Co");
    // And with no credentials at all, the handler (not a proxy) answers 401.
    const anonymous = await members.GET(new NextRequest(`http://localhost:3000/api/organizations/${victim.organizationId}/members`), {
      params: Promise.resolve({ orgId: victim.organizationId }),
    });
    expect(anonymous.status).toBe(401);
  });
});
