import { describe, expect, it } from "vitest";
import { groupedSecret, matchingStep, newTotpSecret, otpauthUrl, totpCode } from "./totp";

describe("totp", () => {
  const secret = newTotpSecret();
  const now = 1_780_000_000_000;
  const step = Math.floor(now / 30_000);

  it("accepts the current code and names its step", () => {
    expect(matchingStep(secret, totpCode(secret, now), now)).toBe(step);
  });

  it("accepts one step of drift either way and no more", () => {
    expect(matchingStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchingStep(secret, totpCode(secret, now - 90_000), now)).toBeNull();
    expect(matchingStep(secret, totpCode(secret, now + 90_000), now)).toBeNull();
  });

  it("refuses anything that is not six digits", () => {
    expect(matchingStep(secret, "12345", now)).toBeNull();
    expect(matchingStep(secret, "12345a", now)).toBeNull();
  });

  it("builds the URL authenticator apps read (SHA1, 6 digits, 30 s)", () => {
    const url = new URL(otpauthUrl(secret, "ada@example.com", "Keystone Auth"));
    expect(url.protocol).toBe("otpauth:");
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("digits")).toBe("6");
    expect(url.searchParams.get("period")).toBe("30");
    expect(url.searchParams.get("algorithm")).toBe("SHA1");
  });

  it("groups the secret for manual entry", () => {
    expect(groupedSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});
