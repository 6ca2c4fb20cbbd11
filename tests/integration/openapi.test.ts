import { describe, expect, it } from "vitest";
import { PROTECTED_API } from "@/lib/http/protected-api";
import { OPERATIONS, requestSpec, type OperationKey } from "@/lib/openapi/operations";
import { api, routes } from "../support/api";
import { conformanceProblems } from "../support/openapi-conformance";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const UNDOCUMENTED = new Set(["[...path]", "auth/[...nextauth]"]); // the 404 catch-all and Auth.js's own routes

type Exported = { methodNotAllowed?: boolean; operation?: OperationKey } | undefined;

/** Every method a route file really implements (not the 405 fillers), with the handler serving it. */
async function implementedHandlers(): Promise<{ operation: string; handler: NonNullable<Exported>; file: string }[]> {
  const found = [];
  for (const route of routes) {
    const joined = route.segments.join("/");
    if (UNDOCUMENTED.has(joined)) continue;
    const mod = (await import(route.file)) as Record<string, Exported>;
    const path = "/api/" + route.segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/");
    for (const method of METHODS) {
      const handler = mod[method];
      if (handler && !handler.methodNotAllowed) found.push({ operation: `${method.toLowerCase()} ${path}`, handler, file: route.file });
    }
  }
  return found;
}

/** Every method a route file really implements, as "get /api/auth/login". */
const implementedOperations = async () => (await implementedHandlers()).map((h) => h.operation).sort();

describe("OpenAPI document", () => {
  it("describes exactly the operations the route files implement", async () => {
    const described = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    // Each side's extras are named, so the failure says what to add or remove.
    const implemented = await implementedOperations();
    expect(
      implemented.filter((o) => !described.includes(o)),
      "routes without a description",
    ).toEqual([]);
    expect(
      described.filter((o) => !implemented.includes(o)),
      "descriptions without a route",
    ).toEqual([]);
  });

  it("lists each method of a path once", () => {
    const described = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(described.filter((o, i) => described.indexOf(o) !== i)).toEqual([]);
  });

  it("serves every operation with the handler built from its own row, so auth and schemas come from the document", async () => {
    const wrong: string[] = [];
    for (const { operation, handler, file } of await implementedHandlers()) {
      const [method, path] = operation.split(" ");
      if (handler.operation) {
        // "patch put /api/auth/profile": the row of one operation served under two methods.
        const words = handler.operation.split(" ");
        if (words.pop() !== path || !words.includes(method!))
          wrong.push(`${operation} (${file}) is served by the row "${handler.operation}"`);
        continue;
      }
      // A plain function is left only where the row gives the wrapper nothing to apply (the probes,
      // this document). An operation without a row is named by the first test.
      if (!OPERATIONS.some((op) => `${op.method} ${op.path}` === operation)) continue;
      const applies = Object.entries(requestSpec(operation as OperationKey)).filter(([field, value]) =>
        field === "auth" ? value !== "none" : value,
      );
      if (applies.length)
        wrong.push(`${operation} (${file}) is not built with handler(), yet its row sets ${applies.map(([field]) => field).join(", ")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("matches the proxy's table of operations that need a credential", () => {
    const secured = OPERATIONS.filter((op) => op.security.length > 0)
      .map((op) => `${op.method.toUpperCase()} ${op.path}`)
      .sort();
    const proxied = PROTECTED_API.flatMap((op) => op.methods.map((m) => `${m} ${op.path}`)).sort();
    expect(proxied).toEqual(secured);
  });

  it("gives every operation a summary, a description and its error responses", () => {
    for (const op of OPERATIONS) {
      expect(op.summary.length, `${op.method} ${op.path}`).toBeGreaterThan(3);
      expect(op.description.length, `${op.method} ${op.path}`).toBeGreaterThan(10);
    }
  });

  it("is served as OpenAPI 3.1 at /api/openapi.json with schemas from the validators", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.components.securitySchemes).sort()).toEqual(["apiKey", "bearer", "cookie"]);
    const login = res.body.paths["/api/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema.properties).toHaveProperty("email");
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(["200", "401", "403", "422", "429"]));
    const register = res.body.paths["/api/auth/register"].post.requestBody.content["application/json"].schema;
    expect(register.required).toEqual(expect.arrayContaining(["email", "password"]));
    expect(res.body.paths["/api/organizations/{orgId}/members/{userId}"].patch.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["orgId", "userId", "org"]),
    );
  });

  it("names a license (the one warning Redocly's lint gave)", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.body.info.license).toEqual({ name: expect.any(String), identifier: expect.any(String) });
  });
});

// tests/support/api.ts runs this check on every response; here it is shown to refuse what a
// validating proxy would: otherwise a broken check would let every test pass.
describe("the response check every integration test goes through", () => {
  const member = { id: "u1", userId: "u1", email: "ada@example.test", name: "Ada", role: "owner", joinedAt: "2026-01-01T00:00:00.000Z" };
  const ok = { method: "GET", pathname: "/api/organizations/current/members", status: 200, contentType: "application/json" };
  const check = (overrides: Partial<Parameters<typeof conformanceProblems>[0]>, body: unknown = { items: [member] }) =>
    conformanceProblems({ ...ok, body, text: JSON.stringify(body), ...overrides });

  it("accepts a response as described", () => {
    expect(check({})).toEqual([]);
  });

  it("refuses a field the schema does not have, a missing one, and a wrong type", () => {
    expect(check({}, { items: [{ ...member, secret: "x" }] }).join()).toMatch(/additional properties \(secret\)/);
    const { email: _, ...withoutEmail } = member;
    expect(check({}, { items: [withoutEmail] }).join()).toMatch(/must have required property 'email'/);
    expect(check({}, { items: [{ ...member, role: "emperor" }] }).join()).toMatch(/allowed values/);
    expect(check({}, { items: [{ ...member, joinedAt: "yesterday" }] }).join()).toMatch(/date-time|pattern/);
  });

  it("refuses an undescribed status, another content type, and a body where none is described", () => {
    expect(check({ status: 418 }).join()).toMatch(/status 418 is not among/);
    expect(check({ contentType: "text/html" }).join()).toMatch(/content type text\/html/);
    expect(check({ method: "DELETE", pathname: "/api/organizations/o1/members/u1", status: 204 }, { done: true }).join()).toMatch(
      /content type/,
    );
  });

  it("holds problem documents to the Problem schema and their own status, also on unknown paths", () => {
    const problem = { type: "about:blank#not_found", title: "Not found", status: 404, code: "not_found" };
    expect(check({ status: 404, contentType: "application/problem+json" }, problem)).toEqual([]);
    expect(check({ status: 404, contentType: "application/problem+json" }, { ...problem, status: 400 }).join()).toMatch(
      /problem status 400/,
    );
    expect(
      check({ pathname: "/api/nowhere", status: 404, contentType: "application/problem+json" }, { ...problem, code: "made_up" }).join(),
    ).toMatch(/allowed values/);
    expect(check({ pathname: "/api/nowhere", status: 404, contentType: "text/html" }, "<h1>404</h1>").join()).toMatch(/not problem\+json/);
  });
});
