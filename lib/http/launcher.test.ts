import { describe, expect, it } from "vitest";
import { connectionOf, isDirectLocalClient, isLoopbackAddress } from "./launcher";

describe("isLoopbackAddress", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "::FFFF:127.0.0.1"])("%s is loopback", (a) =>
    expect(isLoopbackAddress(a)).toBe(true),
  );
  it.each([
    "192.0.2.2",
    "10.0.0.1",
    "::ffff:192.0.2.2",
    "fd00::2",
    "::",
    "0.0.0.0",
    "128.0.0.1",
    "localhost",
    "127.0.0.1.evil",
    "",
    undefined,
  ])("%s is not", (a) => expect(isLoopbackAddress(a)).toBe(false));
});

describe("isDirectLocalClient", () => {
  it("needs a launcher connection: outside the launcher nothing is local", () => {
    expect(isDirectLocalClient(undefined)).toBe(false);
  });
  it("accepts a loopback socket with no relay header", () => {
    expect(isDirectLocalClient(connectionOf("127.0.0.1", { host: "localhost" }))).toBe(true);
  });
  it("refuses a loopback socket whose request a proxy or tunnel relayed", () => {
    for (const h of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
      expect(isDirectLocalClient(connectionOf("127.0.0.1", { [h]: "127.0.0.1" })), h).toBe(false);
    }
  });
  it("refuses a remote socket whatever its headers say", () => {
    expect(isDirectLocalClient(connectionOf("192.0.2.2", {}))).toBe(false);
  });
});
