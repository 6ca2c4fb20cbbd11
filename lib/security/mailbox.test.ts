import { describe, expect, it } from "vitest";
import { mailboxKey } from "./mailbox";

describe("mailboxKey", () => {
  it("folds +tags everywhere, so x+1@ … x+20@ share one allowance", () => {
    expect(mailboxKey("x+1@example.com")).toBe("x@example.com");
    expect(mailboxKey("X+payroll+2@Example.COM")).toBe("x@example.com");
  });

  it("folds dots only where the provider ignores them, and googlemail.com into gmail.com", () => {
    expect(mailboxKey("first.last+a@gmail.com")).toBe("firstlast@gmail.com");
    expect(mailboxKey("f.i.r.s.t.last@googlemail.com")).toBe("firstlast@gmail.com");
    expect(mailboxKey("first.last@example.com")).toBe("first.last@example.com");
  });

  it("leaves odd addresses usable as keys", () => {
    expect(mailboxKey("+only@example.com")).toBe("+only@example.com");
    expect(mailboxKey("no-at-sign")).toBe("no-at-sign");
  });
});
