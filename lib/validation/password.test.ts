import { describe, expect, it } from "vitest";
import { passwordSchema, WEAK_PASSWORD_TAG } from "./common";
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
    [`Aa1${"x".repeat(126)}`, /at most 128/],
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
    expect(result.error!.issues.every((i) => i.code === "custom" && (i as { params?: { tag?: string } }).params?.tag === WEAK_PASSWORD_TAG)).toBe(true);
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
