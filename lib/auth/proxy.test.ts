import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PROTECTED_API } from "@/lib/http/protected-api";
import { config, proxy } from "@/proxy";

const request = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  new NextRequest(new URL(path, "http://localhost:3000"), { headers, method });
const COOKIE = { cookie: "authjs.session-token=abc" };

describe("proxy", () => {
  it("sends a signed-out visitor of a protected page to sign in, remembering where they were going", () => {
    const res = proxy(request("/organizations/abc/members?x=1"));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("callbackUrl")).toBe("/organizations/abc/members?x=1");
  });

  it("lets a visitor with a session cookie through to protected pages (the page checks the session itself)", () => {
    expect(proxy(request("/profile", COOKIE)).headers.get("location")).toBeNull();
  });

  it("sends a signed-in user away from /login and /signup, to a safe callbackUrl only", () => {
    expect(new URL(proxy(request("/login?callbackUrl=/organizations", COOKIE)).headers.get("location")!).pathname).toBe("/organizations");
    expect(new URL(proxy(request("/login?callbackUrl=//evil.example", COOKIE)).headers.get("location")!).href).toBe(
      "http://localhost:3000/profile",
    );
    expect(new URL(proxy(request("/signup", COOKIE)).headers.get("location")!).pathname).toBe("/profile");
  });

  it("answers 401 problem+json on protected API paths without any credential, never a redirect", async () => {
    for (const [method, path] of [
      ["GET", "/api/organizations"],
      ["GET", "/api/organizations/x/members"],
      ["GET", "/api/auth/profile"],
      ["DELETE", "/api/auth/sessions/x"],
      ["POST", "/api/invitations/t/accept"],
    ] as const) {
      const res = proxy(request(path, {}, method));
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).code).toBe("unauthorized");
    }
  });

  it("lets a method the route does not serve through, so the route answers 405 as it would signed in", () => {
    for (const [method, path] of [
      ["GET", "/api/auth/check-password"],
      ["GET", "/api/auth/logout"],
      ["PUT", "/api/organizations/x/members"],
    ] as const) {
      expect(proxy(request(path, {}, method)).status, `${method} ${path}`).toBe(200);
    }
  });

  it("passes API calls with any credential, public API paths and unknown paths untouched", () => {
    for (const [path, headers] of [
      ["/api/organizations", { authorization: "Bearer x" }],
      ["/api/organizations", { "x-api-key": "ak_x" }],
      ["/api/auth/profile", COOKIE],
      ["/api/auth/login", {}],
      ["/api/auth/register", {}],
      ["/api/nope", {}],
      ["/api/health", {}],
    ] as const) {
      const res = proxy(request(path, headers));
      expect(res.status, path).toBe(200);
      expect(res.headers.get("location")).toBeNull();
    }
  });
});

// The function the build compiles `config.matcher` with; its type declarations leave it out.
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers(matcher: unknown, nextConfig: object): Parameters<typeof getMiddlewareRouteMatcher>[0];
};

describe("where the proxy runs (its matcher, compiled by Next as the build does)", () => {
  const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
  const runsFor = (path: string, headers: Record<string, string> = {}) => matches(path, { headers } as never, {});
  const BEARER = { authorization: "Bearer x" };
  const API_KEY = { "x-api-key": "ak_x" };

  it("runs for every protected operation called without a credential, so its 401 cannot be skipped", () => {
    for (const { path } of PROTECTED_API) {
      const concrete = path.replace(/\{[^}]+\}/g, "x1");
      expect(runsFor(concrete), concrete).toBe(true);
      expect(runsFor(`${concrete}/`), `${concrete}/`).toBe(true);
      expect(runsFor(concrete, COOKIE), `${concrete} with a cookie`).toBe(true);
    }
  });

  it("runs for pages, signed in or not, and for paths it has never heard of", () => {
    for (const path of ["/", "/login", "/profile", "/organizations/x/members", "/api", "/api/nope", "/api/auth/register"]) {
      expect(runsFor(path), path).toBe(true);
      expect(runsFor(path, BEARER), `${path} with a Bearer`).toBe(path.startsWith("/api/") ? false : true);
    }
  });

  it("is skipped for an API request carrying a Bearer token or an API key: its decision there is always to pass", () => {
    for (const path of ["/api/auth/profile", "/api/organizations/x/members", "/api/organizations/x/api-keys"]) {
      expect(runsFor(path, BEARER), path).toBe(false);
      expect(runsFor(path, API_KEY), path).toBe(false);
      expect(runsFor(path, { authorization: "" }), `${path} with an empty Authorization`).toBe(true);
    }
  });

  it("is skipped for the probes, login and refresh only as the whole path, never for a path that continues", () => {
    for (const path of ["/api/health", "/api/health/live", "/api/health/", "/api/auth/login", "/api/auth/refresh"]) {
      expect(runsFor(path), path).toBe(false);
    }
    for (const path of [
      "/api/health/../auth/profile",
      "/api/auth/login/x",
      "/api/auth/refreshx",
      "/api/healthz",
      "/api/auth/refresh/../profile",
    ]) {
      expect(runsFor(path), path).toBe(true);
    }
  });

  it("is skipped for static files and the public documents under /.well-known/", () => {
    for (const path of ["/_next/static/chunks/a.js", "/favicon.ico", "/robots.txt", "/.well-known/jwks.json"]) {
      expect(runsFor(path), path).toBe(false);
    }
    expect(runsFor("/well-known/jwks.json")).toBe(true);
  });
});
