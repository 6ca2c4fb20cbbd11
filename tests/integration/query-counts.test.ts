// Requests must not issue more SQL as the data grows (no N+1): each endpoint's statement count
// is measured with small and larger data and must not change. The token check itself costs
// one statement (the session read).
import { describe, expect, it } from "vitest";
import { queryCounter } from "@/lib/db/client";
import { api } from "../support/api";
import { signIn, signUp } from "../support/accounts";
import { createKey } from "./organizations-fixtures";

async function statements(call: () => Promise<{ status: number }>): Promise<number> {
  const before = queryCounter.count;
  const res = await call();
  expect(res.status).toBeLessThan(300);
  return queryCounter.count - before;
}

async function orgWithMembers(n: number) {
  const owner = await signUp();
  for (let i = 0; i < n; i++) {
    const member = await signUp();
    const { db } = await import("@/lib/db/client");
    await db().membership.create({ data: { userId: member.userId, organizationId: owner.organizationId, role: "member" } });
  }
  return owner;
}

describe("statements per request", () => {
  it("the token check is a single statement", async () => {
    const user = await signUp();
    // Warm caches (config, keys) first; then the profile read: session + profile.
    await api("GET", "/api/auth/sessions", { token: user.access });
    const count = await statements(() => api("GET", "/api/auth/sessions", { token: user.access }));
    expect(count).toBe(2); // session check + the list itself
  });

  it("the profile is one statement, the session check's own, whatever the number of organizations", async () => {
    const small = await signUp();
    const large = await signUp();
    for (let i = 0; i < 5; i++) await api("POST", "/api/organizations", { token: large.access, json: { name: `Org ${i}` } });
    const a = await statements(() => api("GET", "/api/auth/profile", { token: small.access }));
    const b = await statements(() => api("GET", "/api/auth/profile", { token: large.access }));
    expect(a).toBe(1);
    expect(b).toBe(1);
  });

  it.each([
    ["members", (org: string) => `/api/organizations/${org}/members`],
    ["organization", (org: string) => `/api/organizations/${org}`],
    ["audit log", (org: string) => `/api/organizations/${org}/audit-log`],
    ["invitations", (org: string) => `/api/organizations/${org}/invitations`],
    ["api keys", (org: string) => `/api/organizations/${org}/api-keys`],
  ])("%s does not grow with the organization's size", async (_, path) => {
    const small = await orgWithMembers(1);
    const large = await orgWithMembers(6);
    const a = await statements(() => api("GET", path(small.organizationId), { token: small.access }));
    const b = await statements(() => api("GET", path(large.organizationId), { token: large.access }));
    expect(a).toBeGreaterThan(0);
    expect(b).toBe(a);
  });

  it("the organization reads API clients call most cost the credential check and one or two statements", async () => {
    const owner = await orgWithMembers(2);
    const slug = (await api("GET", `/api/organizations/${owner.organizationId}`, { token: owner.access })).body.slug as string;
    const key = (await createKey(owner, owner.organizationId)).key;
    await api("GET", "/api/organizations/current/members", { headers: { "x-api-key": key } }); // records the key's first use
    for (const path of ["members", "api-keys", "audit-log"]) {
      for (const org of [owner.organizationId, slug, "current"]) {
        const url = `/api/organizations/${org}/${path}`;
        // The members list reads its rows in the access statement (readWithOrganizationAccess),
        // and with a Bearer token in the session check's statement itself (organizationRead).
        const [bearer, apiKey] = path === "members" ? [1, 2] : [3, 3];
        expect(await statements(() => api("GET", url, { token: owner.access })), `${url}, Bearer`).toBe(bearer);
        expect(await statements(() => api("GET", url, { headers: { "x-api-key": key } })), `${url}, X-API-Key`).toBe(apiKey);
      }
    }
  });

  it("a refresh is one statement: the rotation reads the token response's profile too", async () => {
    const user = await signUp();
    const count = await statements(() => api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } }));
    expect(count).toBe(1);
  });

  it("sessions and organizations lists do not grow with their length", async () => {
    const small = await signUp();
    const large = await signUp();
    for (let i = 0; i < 4; i++) await signIn(large.email);
    for (let i = 0; i < 4; i++) await api("POST", "/api/organizations", { token: large.access, json: { name: `Org ${i}` } });
    for (const path of ["/api/auth/sessions", "/api/organizations"]) {
      const a = await statements(() => api("GET", path, { token: small.access }));
      const b = await statements(() => api("GET", path, { token: large.access }));
      expect(b, path).toBe(a);
    }
  });
});
