import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { isPlausibleRef, namedOrganization } from "./context";

const user: Principal = {
  kind: "user",
  userId: "u",
  sessionId: "s",
  organizationId: "token-org",
  stepUpUntil: null,
  aal: "aal1",
  via: "bearer",
};
const key: Principal = { kind: "api_key", apiKeyId: "k", organizationId: "key-org", permissions: [] };

describe("namedOrganization", () => {
  it("takes the path unless it says `current`, then the header, then ?org=, then the credential's own", () => {
    expect(namedOrganization(user, { orgId: "path-org", headerOrgId: "h", slug: "q" })).toBe("path-org");
    expect(namedOrganization(user, { orgId: "current", headerOrgId: "h", slug: "q" })).toBe("h");
    expect(namedOrganization(user, { orgId: "current", headerOrgId: "  ", slug: "q" })).toBe("q");
    expect(namedOrganization(user, { orgId: "current" })).toBe("token-org");
    expect(namedOrganization(key, { orgId: "current" })).toBe("key-org");
    expect(namedOrganization({ ...user, organizationId: null }, { orgId: "current" })).toBeNull();
  });
});

describe("isPlausibleRef", () => {
  it("accepts ids and slugs, and nothing that could not name a row", () => {
    expect(isPlausibleRef("123e4567-e89b-42d3-a456-426614174000")).toBe(true);
    expect(isPlausibleRef("acme-inc")).toBe(true);
    for (const bad of ["", "a\u0000", "a b", "' OR 1=1", "x".repeat(101), "😀"]) expect(isPlausibleRef(bad)).toBe(false);
  });
});
