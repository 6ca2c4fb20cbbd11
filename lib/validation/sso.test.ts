import { describe, expect, it } from "vitest";
import { domainNameSchema } from "./sso";

describe("domainNameSchema", () => {
  it("reads a domain as people type it", () => {
    expect(domainNameSchema.parse(" Acme.COM. ")).toBe("acme.com");
    expect(domainNameSchema.parse("mail.acme.co.uk")).toBe("mail.acme.co.uk");
    expect(domainNameSchema.parse("bücher.example")).toBe("xn--bcher-kva.example");
  });

  it("refuses what is not a domain of at least two labels", () => {
    for (const bad of [
      "acme",
      "",
      "acme..com",
      "-acme.com",
      "acme-.com",
      "127.0.0.1",
      "user@acme.com",
      "acme.com/path",
      "a b.com",
      "acme.com:443",
    ]) {
      expect(domainNameSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
