// Property: no input makes any endpoint answer 5xx. fast-check throws arbitrary JSON, hostile
// strings and plausible-but-wrong field values at every method of every route file, signed in
// and not, and checks that each answer is a deliberate one (2xx/3xx/4xx, problem+json on errors).
import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, routes } from "../support/api";
import { signUp, type SignedIn } from "../support/accounts";

const FIELDS = [
  "email",
  "password",
  "name",
  "firstName",
  "lastName",
  "organizationName",
  "passwordConfirmation",
  "invitationToken",
  "code",
  "token",
  "refresh_token",
  "organizationId",
  "allSessions",
  "currentPassword",
  "newPassword",
  "role",
  "permissions",
  "expiresAt",
  "slug",
  "limit",
  "cursor",
];

const hostile = fc.constantFrom(
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "\u0000",
  "😀".repeat(50),
  "a".repeat(100_000),
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "%00",
  "current",
  "${7*7}",
  "-1",
  "1e309",
  "NaN",
  "__proto__",
  "constructor",
);
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  hostile,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  fc.record({ resource: fc.string(), action: fc.string() }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }), fc.anything({ maxDepth: 2 }));
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  hostile,
  fc.uuid(),
  fc.constant("current"),
  fc.constantFrom(".", ".."),
);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
let user: SignedIn;
beforeAll(async () => {
  user = await signUp();
}, 60_000);

function fuzzSeed(label: string): number | undefined {
  if (process.env.FUZZ_SEED === "random") return undefined;
  const base = Number(process.env.FUZZ_SEED ?? 20261122);
  return [...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, base);
}

const headerSafe = (value = "x") => value.replace(/[^\x21-\x7e]/g, "").slice(0, 200) || "x";

/** "." and ".." are resolved away by URL parsing before any server sees them: send a real segment. */
const segmentSafe = (value: string | undefined) => (!value || value === "." || value === ".." ? "x" : encodeURIComponent(value));

function pathFor(segments: string[], values: string[]): string {
  let i = 0;
  return "/api/" + segments.map((s) => (s.startsWith("[") ? segmentSafe(values[i++]) : s)).join("/");
}

describe("fuzzing every endpoint", () => {
  const targets = routes.filter((r) => !r.segments.includes("[...nextauth]"));
  it.each(targets.map((r) => [`/${r.segments.join("/")}`, r] as const))("%s never answers 5xx", async (_, route) => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        body,
        fc.boolean(),
        fc.option(fc.dictionary(fc.constantFrom("org", "cursor", "limit", "email"), fc.oneof(fc.string(), hostile), { maxKeys: 2 })),
        fc.boolean(),
        async (method, values, json, signedIn, query, withOrgHeader) => {
          const qs = query ? `?${new URLSearchParams(query as Record<string, string>)}` : "";
          const res = await api(method, pathFor(route.segments, values) + qs, {
            json: method === "GET" || method === "DELETE" ? undefined : json,
            token: signedIn ? user.access : undefined,
            // Header values must be visible ASCII to be sent at all; anything else never reaches a server.
            headers: signedIn && withOrgHeader ? { "x-organization-id": headerSafe(values[0]) } : {},
          });
          expect(res.status, `${method} ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
        },
      ),
      // A fixed seed keeps CI reproducible; FUZZ_SEED=random (or a number) and FUZZ_RUNS explore further.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 25), seed: fuzzSeed(route.segments.join("/")) },
    );
  });
});
