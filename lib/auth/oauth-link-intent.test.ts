import { describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { decodeLinkIntent, encodeLinkIntent, LINK_INTENT_COOKIE, LINK_INTENT_MAX_AGE_SECONDS, linkIntentFrom } from "./oauth-link-intent";

// config() is read lazily, on the first encode; it needs a database URL but never connects here.
process.env.AUTH_SECRET ??= "unit-test-auth-secret-unit-test-auth-secret-0123";
process.env.JWT_SECRET ??= "unit-test-jwt-secret-unit-test-jwt-secret-01234";
process.env.DATABASE_URL ??= "postgresql://unused@localhost:1/unused";

const intent = { sid: "session-1", uid: "user-1", provider: "github" };

describe("OAuth link intent", () => {
  it("round-trips through the cookie of the request", () => {
    const value = encodeLinkIntent(intent);
    expect(decodeLinkIntent(value)).toMatchObject(intent);
    const request = new Request("http://localhost/api/auth/callback/github", {
      headers: { cookie: `a=b; ${LINK_INTENT_COOKIE}=${value}; c=d` },
    });
    expect(linkIntentFrom(request)).toMatchObject(intent);
  });

  it("is refused when altered: another session, user or provider cannot be named", () => {
    const [payload, signature] = encodeLinkIntent(intent).split(".");
    const forged = Buffer.from(JSON.stringify({ ...intent, sid: "someone-elses-session", exp: 2 ** 31 })).toString("base64url");
    expect(decodeLinkIntent(`${forged}.${signature}`)).toBeNull();
    expect(decodeLinkIntent(`${payload}.${signature}x`)).toBeNull();
    expect(decodeLinkIntent(`${payload}`)).toBeNull();
    expect(decodeLinkIntent(`${payload}.${signature}.extra`)).toBeNull();
    expect(decodeLinkIntent(undefined)).toBeNull();
  });

  it("expires", () => {
    const issued = Date.now();
    const value = encodeLinkIntent(intent, issued);
    expect(decodeLinkIntent(value, issued + (LINK_INTENT_MAX_AGE_SECONDS - 1) * 1000)).not.toBeNull();
    expect(decodeLinkIntent(value, issued + (LINK_INTENT_MAX_AGE_SECONDS + 1) * 1000)).toBeNull();
  });

  it("still verifies after AUTH_SECRET rotates while the old one is in AUTH_PREVIOUS_SECRETS, and not after", () => {
    const original = process.env.AUTH_SECRET!;
    const value = encodeLinkIntent(intent);
    try {
      process.env.AUTH_SECRET = "rotated-auth-secret-rotated-auth-secret-012345";
      process.env.AUTH_PREVIOUS_SECRETS = original;
      resetConfigForTests();
      expect(decodeLinkIntent(value)).toMatchObject(intent);
      delete process.env.AUTH_PREVIOUS_SECRETS;
      resetConfigForTests();
      expect(decodeLinkIntent(value)).toBeNull();
    } finally {
      process.env.AUTH_SECRET = original;
      delete process.env.AUTH_PREVIOUS_SECRETS;
      resetConfigForTests();
    }
  });
});
