import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";

describe("request plumbing", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const res = await api("POST", "/api/auth/login", { body: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid_json", status: 400, title: expect.any(String), type: expect.any(String) });
  });

  it("answers a non-JSON body with 415", async () => {
    const res = await api("POST", "/api/auth/login", { body: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectProblem(res, 415, "unsupported_media_type");
  });

  it("answers a 2 MB body with 413 without reading it all", async () => {
    const res = await api("POST", "/api/auth/register", {
      body: JSON.stringify({ email: "x".repeat(2 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expectProblem(res, 413, "payload_too_large");
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const res = await api("GET", "/api/auth/login");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.body.code).toBe("method_not_allowed");
  });

  it("never leaks internals in a problem", async () => {
    const res = await api("POST", "/api/auth/login", { json: { email: ["array"], password: { nested: true } } });
    expect(res.status).toBe(422);
    expect(res.text).not.toMatch(/prisma|at \w+ \(|node_modules/i);
  });
});

describe("stored free text", () => {
  it.each([["name"], ["firstName"], ["organizationName"]])(
    "refuses control characters in %s with 422, not a database error",
    async (field) => {
      const json: Record<string, string> = { email: `nul-${field}-${Date.now()}@example.test`, password: "Correct-Horse-42", name: "Ok" };
      json[field] = "Evil\u0000Name";
      if (field === "firstName") json.lastName = "Smith";
      const res = await api("POST", "/api/auth/register", { json });
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toBeDefined();
    },
  );
});
