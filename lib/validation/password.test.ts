import { describe, expect, it } from "vitest";
import { currentPasswordSchema, passwordSchema, PASSWORD_MAX_BYTES, WEAK_PASSWORD_TAG } from "./common";
import { changePasswordSchema, resetPasswordSchema, updatePasswordSchema, validateTokenSchema } from "./password";

const STRONG = "Violet-Harbor-Lantern-7";
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("passwordSchema (the one policy)", () => {
  it("accepts a long, varied password", () => {
    expect(passwordSchema.safeParse(STRONG).success).toBe(true);
  });

  it.each([
    ["Ab1", /at least 8/],
    [`Aa1-${"9f3k".repeat(18)}`, /at most 72 bytes/],
    // 24 characters, but 4 UTF-8 bytes each: bcrypt counts bytes.
    [`Aa1-${"🔑".repeat(20)}`, /at most 72 bytes/],
    ["Violet-Harbor\u0000Lantern-7", /control characters/],
    ["lowercase-only-words-9", /upper-case/],
    ["UPPERCASE-ONLY-WORDS-9", /lower-case/],
    ["No-Digits-In-Here-At-All", /digit/],
    ["Password123", /too easy to guess/],
    ["Qwerty12345", /too easy to guess/],
  ])("refuses %s and says what to do", (value, expected) => {
    const result = passwordSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(messages(result).join(" ")).toMatch(expected);
    // Tagged so the API answers weak_password rather than a generic validation failure.
    expect(
      result.error!.issues.every((i) => i.code === "custom" && (i as { params?: { tag?: string } }).params?.tag === WEAK_PASSWORD_TAG),
    ).toBe(true);
  });

  it("accepts exactly 72 bytes, the most bcrypt reads", () => {
    const longest = `Aa1-${"9f3k".repeat(17)}`.slice(0, PASSWORD_MAX_BYTES);
    expect(passwordSchema.safeParse(longest).success).toBe(true);
  });

  it("names every missing character class at once", () => {
    expect(messages(passwordSchema.safeParse("!!!!!!!!!!")).join(" ")).toMatch(/lower-case letter, an upper-case letter and a digit/);
  });
});

describe("changePasswordSchema", () => {
  it("accepts any current password but holds the new one to the policy", () => {
    expect(changePasswordSchema.safeParse({ currentPassword: "old", newPassword: STRONG }).success).toBe(true);
    expect(changePasswordSchema.safeParse({ currentPassword: "old", newPassword: "weak" }).success).toBe(false);
  });

  it("refuses a new password equal to the current one, on newPassword", () => {
    const result = changePasswordSchema.safeParse({ currentPassword: STRONG, newPassword: STRONG });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["newPassword"]);
  });
});

describe("reset schemas", () => {
  it("check passwordConfirmation only when it is sent", () => {
    expect(resetPasswordSchema.safeParse({ token: "t", password: STRONG }).success).toBe(true);
    expect(resetPasswordSchema.safeParse({ token: "t", password: STRONG, passwordConfirmation: STRONG }).success).toBe(true);
    const mismatch = updatePasswordSchema.safeParse({ password: STRONG, passwordConfirmation: "other" });
    expect(mismatch.error!.issues[0]!.path).toEqual(["passwordConfirmation"]);
  });

  it("let any non-empty token through, so the server answers invalid_token for every bad one alike", () => {
    expect(validateTokenSchema.safeParse({ token: "abc" }).success).toBe(true);
    expect(validateTokenSchema.safeParse({ token: "" }).success).toBe(false);
    expect(validateTokenSchema.safeParse({ token: "x".repeat(513) }).success).toBe(false);
  });
});

describe("currentPasswordSchema (sign-in, re-checks)", () => {
  it("takes any password bcrypt reads whole, and nothing longer, so no two passwords share a hash", () => {
    expect(currentPasswordSchema.safeParse("x".repeat(PASSWORD_MAX_BYTES)).success).toBe(true);
    const tooLong = currentPasswordSchema.safeParse("x".repeat(PASSWORD_MAX_BYTES + 1));
    expect(messages(tooLong).join(" ")).toMatch(/at most 72 bytes.*Forgot password/);
    expect(currentPasswordSchema.safeParse("é".repeat(37)).success).toBe(false); // 74 bytes
    expect(currentPasswordSchema.safeParse("short\u0000").success).toBe(false);
  });
});
