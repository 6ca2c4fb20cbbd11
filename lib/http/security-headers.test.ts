// Issue 12 item 12: the CSP allowed 'unsafe-inline' scripts, so it would not have stopped an
// injected script. Pages now get a per-request nonce with 'strict-dynamic' from the proxy; the
// browser side (hydration, Swagger UI) is checked in e2e/content-security-policy.spec.ts.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import nextConfig from "@/next.config";

const page = (path: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(new URL(path, "http://localhost:3000"), { headers }));
const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? "";
const nonceOf = (policy: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(directive(policy, "script-src"))?.[1];

describe("the pages' Content-Security-Policy", () => {
  it("allows scripts by nonce and 'strict-dynamic' only, never 'unsafe-inline'", () => {
    const policy = page("/login").headers.get("content-security-policy")!;
    const scripts = directive(policy, "script-src");
    expect(nonceOf(policy)).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 bits
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'"); // production and test builds need no eval
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("hands Next the same policy on the request, where it reads the nonce to stamp its scripts", () => {
    const response = page("/docs/api");
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(response.headers.get("content-security-policy"));
  });

  it("uses a new nonce for every request", () => {
    const nonces = new Set(Array.from({ length: 20 }, () => nonceOf(page("/").headers.get("content-security-policy")!)));
    expect(nonces.size).toBe(20);
  });

  it("replaces a CSP header the client sent, so a client cannot choose the nonce Next stamps", () => {
    const response = page("/login", { "content-security-policy": "script-src 'nonce-chosen'" });
    expect(response.headers.get("x-middleware-request-content-security-policy")).not.toContain("nonce-chosen");
  });

  it("gives API responses (and /.well-known/, the JWKS) a policy that lets nothing load or run, and no page a policy with 'unsafe-inline' scripts", async () => {
    const rules = (await nextConfig.headers!()) as { source: string; headers: { key: string; value: string }[] }[];
    const policies = rules.flatMap((r) =>
      r.headers.filter((h) => h.key.toLowerCase() === "content-security-policy").map((h) => ({ source: r.source, value: h.value })),
    );
    expect(policies).toEqual([
      { source: "/api/:path*", value: expect.stringMatching(/^default-src 'none'/) },
      { source: "/.well-known/:path*", value: expect.stringMatching(/^default-src 'none'/) },
    ]);
    for (const policy of policies) expect(directive(policy.value, "script-src")).toBe("");
  });
});
