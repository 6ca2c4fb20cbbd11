// The isolation matrix: two organizations, a person in each role and an API key in each; every
// organization endpoint × every way of naming the organization × every caller. Whatever the
// naming, a caller never gets the other organization's data, and nothing of it changes.
// (These calls reach the route handlers directly, so the proxy plays no part: the handlers'
// own checks are what hold.)
import { beforeAll, describe, expect, it } from "vitest";
import { api, type ApiResponse } from "../support/api";
import type { SignedIn } from "../support/accounts";
import { uniqueEmail } from "../support/accounts";
import { as, orgWithEveryRole, type OrgFixture } from "./organizations-fixtures";

let A: OrgFixture;
let B: OrgFixture;

beforeAll(async () => {
  [A, B] = await Promise.all([orgWithEveryRole("iso-a"), orgWithEveryRole("iso-b")]);
}, 120_000);

type CallerName = "owner" | "admin" | "member" | "apiKey";
const CALLERS: CallerName[] = ["owner", "admin", "member", "apiKey"];
const caller = (org: OrgFixture, name: CallerName): SignedIn | { key: string } => (name === "apiKey" ? org.apiKey : org[name]);

interface Endpoint {
  name: string;
  method: string;
  /** The path under /api/organizations/{org}; `target` supplies the ids of sub-resources. */
  path: (target: OrgFixture) => string;
  body?: () => unknown;
  /** The organization itself is named (403 not_a_member) rather than reached into (404). */
  orgLevel?: boolean;
  /** Who may call it in their own organization (the role table of the contract). */
  allowed: CallerName[];
}

const ENDPOINTS: Endpoint[] = [
  { name: "read organization", method: "GET", path: () => "", orgLevel: true, allowed: CALLERS },
  {
    name: "update organization",
    method: "PATCH",
    path: () => "",
    body: () => ({ name: "Taken Over" }),
    orgLevel: true,
    allowed: ["owner", "admin", "apiKey"],
  },
  { name: "delete organization", method: "DELETE", path: () => "", orgLevel: true, allowed: ["owner"] },
  { name: "list members", method: "GET", path: () => "/members", allowed: CALLERS },
  {
    name: "change a member's role",
    method: "PATCH",
    path: (t) => `/members/${t.member.userId}`,
    body: () => ({ role: "admin" }),
    allowed: ["owner", "admin", "apiKey"],
  },
  { name: "remove a member", method: "DELETE", path: (t) => `/members/${t.member.userId}`, allowed: ["owner", "admin", "apiKey"] },
  { name: "list invitations", method: "GET", path: () => "/invitations", allowed: ["owner", "admin", "apiKey"] },
  {
    name: "invite",
    method: "POST",
    path: () => "/invitations",
    body: () => ({ email: uniqueEmail("iso-invite"), role: "member" }),
    allowed: ["owner", "admin", "apiKey"],
  },
  { name: "revoke an invitation", method: "DELETE", path: (t) => `/invitations/${t.invitationId}`, allowed: ["owner", "admin", "apiKey"] },
  { name: "list API keys", method: "GET", path: () => "/api-keys", allowed: ["owner", "admin", "apiKey"] },
  { name: "create an API key", method: "POST", path: () => "/api-keys", body: () => ({ name: "intruder" }), allowed: ["owner", "admin"] },
  { name: "delete an API key", method: "DELETE", path: (t) => `/api-keys/${t.apiKey.id}`, allowed: ["owner", "admin", "apiKey"] },
  { name: "read the audit log", method: "GET", path: () => "/audit-log", allowed: ["owner", "admin", "apiKey"] },
];

type Naming = "path id" | "path slug" | "X-Organization-Id" | "?org=slug";
const NAMINGS: Naming[] = ["path id", "path slug", "X-Organization-Id", "?org=slug"];

function request(
  naming: Naming,
  target: OrgFixture,
  endpoint: Endpoint,
  subject: OrgFixture,
): { url: string; headers: Record<string, string> } {
  const sub = endpoint.path(subject);
  switch (naming) {
    case "path id":
      return { url: `/api/organizations/${target.id}${sub}`, headers: {} };
    case "path slug":
      return { url: `/api/organizations/${target.slug}${sub}`, headers: {} };
    case "X-Organization-Id":
      return { url: `/api/organizations/current${sub}`, headers: { "x-organization-id": target.id } };
    case "?org=slug":
      return { url: `/api/organizations/current${sub}?org=${target.slug}`, headers: {} };
  }
}

/** Every identifier of an organization that must never appear in an answer to an outsider. */
function secretsOf(org: OrgFixture): string[] {
  return [
    org.id,
    org.slug,
    org.name,
    org.apiKey.id,
    org.apiKey.key,
    org.invitationId,
    ...[org.owner, org.admin, org.member].flatMap((u) => [u.userId, u.email]),
  ];
}

function expectNoLeak(res: ApiResponse, of: OrgFixture, context: string) {
  for (const secret of secretsOf(of)) expect(res.text, `${context} leaked ${secret}`).not.toContain(secret);
}

async function call(who: SignedIn | { key: string }, method: string, url: string, headers: Record<string, string>, body?: unknown) {
  return api(method, url, { ...as(who), headers, ...(body !== undefined ? { json: body } : {}) });
}

/** The other organization's state, read by its own owner: nothing may have changed. */
async function snapshot(org: OrgFixture) {
  const read = (path: string) => api("GET", `/api/organizations/${org.id}${path}`, { token: org.owner.access });
  const [self, members, invitations, keys] = await Promise.all([read(""), read("/members"), read("/invitations"), read("/api-keys")]);
  return {
    organization: { name: self.body.name, slug: self.body.slug },
    members: members.body.items.map((m: any) => [m.userId, m.role]),
    invitations: invitations.body.items.map((i: any) => [i.id, i.status]),
    keys: keys.body.items.map((k: any) => k.id),
  };
}

describe.each([
  ["A", () => A, () => B],
  ["B", () => B, () => A],
] as const)("callers of organization %s naming the other organization", (_label, own, other) => {
  describe.each(CALLERS)("as %s", (callerName) => {
    it.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s: refused with no data, by every naming", async (_name, endpoint) => {
      const me = caller(own(), callerName);
      const target = other();
      const before = await snapshot(target);
      for (const naming of NAMINGS) {
        const { url, headers } = request(naming, target, endpoint, target);
        const res = await call(me, endpoint.method, url, headers, endpoint.body?.());
        const context = `${callerName} of ${own().name}: ${endpoint.method} ${url} (${naming})`;
        // Named itself: 403 not_a_member. Reached into: the same 404 as an organization that does not exist.
        expect([res.status, res.body?.code], context).toEqual(endpoint.orgLevel ? [403, "not_a_member"] : [404, "not_found"]);
        expect(res.headers.get("content-type"), context).toBe("application/problem+json");
        expectNoLeak(res, target, context);
      }
      // Reaching into the caller's own organization with the other's sub-resource ids finds nothing either.
      const mixed = request("path id", own(), endpoint, target);
      if (mixed.url !== request("path id", own(), endpoint, own()).url) {
        const res = await call(me, endpoint.method, mixed.url, mixed.headers, endpoint.body?.());
        const context = `${callerName}: ${endpoint.method} ${mixed.url} (own organization, foreign id)`;
        expect([403, 404], context).toContain(res.status);
        expectNoLeak(res, target, context);
      }
      expect(await snapshot(target)).toEqual(before);
    });
  });
});

describe.each([
  ["A", () => A, () => B],
  ["B", () => B, () => A],
] as const)("callers of organization %s in their own organization", (_label, own, other) => {
  const reads = ENDPOINTS.filter((e) => e.method === "GET");
  describe.each(CALLERS)("as %s", (callerName) => {
    it.each(reads.map((e) => [e.name, e] as const))(
      "%s: the role table holds, and only own data comes back, by every naming",
      async (_name, endpoint) => {
        const me = caller(own(), callerName);
        for (const naming of NAMINGS) {
          const { url, headers } = request(naming, own(), endpoint, own());
          const res = await call(me, "GET", url, headers);
          const context = `${callerName}: GET ${url} (${naming})`;
          if (endpoint.allowed.includes(callerName)) expect(res.status, `${context}: ${res.text}`).toBe(200);
          else expect([res.status, res.body?.code], context).toEqual([403, "forbidden"]);
          expectNoLeak(res, other(), context);
        }
        // `current` with nothing else is the token's (or key's) own organization.
        const current = await call(me, "GET", `/api/organizations/current${endpoint.path(own())}`, {});
        expect(current.status).toBe(endpoint.allowed.includes(callerName) ? 200 : 403);
        expectNoLeak(current, other(), `${callerName}: current`);
      },
    );

    it("the path wins over a header or ?org= naming the other organization", async () => {
      const me = caller(own(), callerName);
      const res = await call(me, "GET", `/api/organizations/${own().id}/members?org=${other().slug}`, { "x-organization-id": other().id });
      expect(res.status).toBe(200);
      expect(res.body.items.map((m: any) => m.userId)).toContain(own().owner.userId);
      expectNoLeak(res, other(), `${callerName}: own path, foreign header`);
    });
  });

  it("update and invite follow the role table in the caller's own organization", async () => {
    for (const callerName of CALLERS) {
      const me = caller(own(), callerName);
      for (const endpoint of ENDPOINTS.filter((e) => e.name === "update organization" || e.name === "invite")) {
        const body = endpoint.name === "update organization" ? { name: own().name } : endpoint.body!();
        const res = await call(me, endpoint.method, `/api/organizations/current${endpoint.path(own())}`, {}, body);
        const context = `${callerName}: ${endpoint.name}`;
        if (endpoint.allowed.includes(callerName)) expect(res.status, `${context}: ${res.text}`).toBeLessThan(300);
        else expect([res.status, res.body?.code], context).toEqual([403, "forbidden"]);
        expectNoLeak(res, other(), context);
      }
    }
  });
});
