import { describe, expect, it } from "vitest";
import { safeCallbackUrl, sameOriginPath } from "./callback-url";

const APP = "https://app.example";
const safe = (value: string | null | undefined) => safeCallbackUrl(value, APP);

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    expect(safe("/organizations/abc/members?x=1")).toBe("/organizations/abc/members?x=1");
    expect(safe("/profile#sessions")).toBe("/profile#sessions");
    expect(safe("https://app.example/organizations")).toBe("/organizations");
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "https://app.example.evil.example/",
    "http://app.example/", // another scheme is another origin
    "",
    null,
    undefined,
  ])("refuses %s", (value) => expect(safe(value)).toBe("/profile"));

  // Issue 12 item 4: parsers strip these, turning "/<TAB>/evil.example" into "//evil.example".
  it.each([
    "/\t/evil.example",
    "/\n/evil.example/x",
    "/\r/evil.example",
    "\t//evil.example",
    "/\u0000/x",
    "/\u007f/x",
    "/\u0085/x",
    "/ok\t",
  ])("refuses a control character: %j", (value) => expect(safe(value)).toBe("/profile"));

  it("refuses a path that resolves to a protocol-relative one", () => {
    expect(safe("/.//evil.example")).toBe("/profile");
    expect(safe("/x/..//evil.example")).toBe("/profile");
  });

  it("hands on the parsed path, not the raw text", () => {
    expect(safe("/a/../organizations")).toBe("/organizations");
    expect(safe("/a\\b")).toBe("/a/b");
    expect(safe("/%2F/evil.example")).toBe("/%2F/evil.example");
  });

  it("does not loop back to the sign-in pages", () => {
    expect(safe("/login?callbackUrl=/x")).toBe("/profile");
    expect(safe("/signup")).toBe("/profile");
    expect(safe("/./login")).toBe("/profile");
  });

  it("falls back to what the caller names", () => {
    expect(safeCallbackUrl("//evil.example", APP, "/organizations")).toBe("/organizations");
  });
});

describe("sameOriginPath", () => {
  it("allows the sign-in pages (for sign-out redirects) but nothing off-site", () => {
    expect(sameOriginPath("/login?signedOut=1", APP)).toBe("/login?signedOut=1");
    expect(sameOriginPath("/\t/evil.example", APP)).toBeNull();
  });
  it("answers null for a base that is not a URL", () => {
    expect(sameOriginPath("/x", "not a url")).toBeNull();
  });
});
