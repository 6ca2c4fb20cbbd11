import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/organizations/abc/members?x=1")).toBe("/organizations/abc/members?x=1");
  });
  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined])(
    "refuses %s",
    (value) => expect(safeCallbackUrl(value)).toBe("/profile"),
  );
  it("does not loop back to the sign-in pages", () => {
    expect(safeCallbackUrl("/login?callbackUrl=/x")).toBe("/profile");
    expect(safeCallbackUrl("/signup")).toBe("/profile");
  });
});
