import { expect, test } from "./support/fixtures";

// What Next refuses before any route runs must still be problem+json for an API client, never
// HTML (the contract): a path whose percent-encoding does not decode, with a credential (the
// proxy, which answers the credential-less 401, does not run for those). pages/_error.tsx.

for (const [label, headers] of [
  ["a Bearer token", { authorization: "Bearer not.a.token" }],
  ["an API key", { "x-api-key": "sk_live_not_a_key" }],
] as const) {
  test(`a path that does not decode is a 404 problem with ${label}, not an HTML page`, async ({ request }) => {
    for (const path of ["/api/organizations/%ff/members", "/api/organizations/%c0%af", "/api/organizations/%e0%a4%a/api-keys"]) {
      const res = await request.get(path, { headers });
      expect(res.status(), path).toBe(404);
      expect(res.headers()["content-type"], path).toContain("application/problem+json");
      expect(await res.json(), path).toMatchObject({ status: 404, code: "not_found" });
    }
  });
}

test("a page path that does not decode stays a page", async ({ request }) => {
  const res = await request.get("/organizations/%ff");
  expect(res.status()).toBeLessThan(500);
  expect(res.headers()["content-type"]).toContain("text/html");
});
