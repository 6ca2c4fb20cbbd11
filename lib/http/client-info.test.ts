// Issue 12 item 17: outside the launcher, Next's own server keeps an X-Forwarded-For the client
// sent, so with TRUST_PROXY=false every request could choose its own address (60 sign-ins from one
// client with 60 forged headers all dodged the per-client limit). Production must refuse to start
// in that position; the launcher and a trusted proxy are the two ways to run.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { register } from "@/instrumentation";
import { clientInfo, UNTRUSTED_CLIENT_ADDRESS } from "./client-info";
import { installLauncherConnections } from "./launcher";

const LAUNCHER = Symbol.for("keystone-auth.launcher-connections");
const saved = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, {
    NEXT_RUNTIME: "nodejs",
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app",
    AUTH_SECRET: "a".repeat(32),
    JWT_SECRET: "j".repeat(32),
  });
  delete process.env.TRUST_PROXY;
  resetConfigForTests();
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  delete (globalThis as Record<symbol, unknown>)[LAUNCHER];
  resetConfigForTests();
});

describe("start-up check of where client addresses come from", () => {
  it("refuses to start in production with TRUST_PROXY=false outside the launcher (next start, server.js)", async () => {
    await expect(register()).rejects.toThrow(UNTRUSTED_CLIENT_ADDRESS);
    process.env.TRUST_PROXY = "false";
    resetConfigForTests();
    await expect(register()).rejects.toThrow(/^Refusing to start: [^.]*TRUST_PROXY=true\.$/);
  });

  it("starts behind the launcher, which overwrites X-Forwarded-For with the socket address", async () => {
    installLauncherConnections();
    await expect(register()).resolves.toBeUndefined();
  });

  it("starts when TRUST_PROXY says a proxy in front replaces the header (the default on Vercel)", async () => {
    process.env.TRUST_PROXY = "true";
    resetConfigForTests();
    await expect(register()).resolves.toBeUndefined();
  });

  it("does not stand in the way of development and tests", async () => {
    (process.env as Record<string, string>).NODE_ENV = "development";
    resetConfigForTests();
    await expect(register()).resolves.toBeUndefined();
  });
});

describe("clientInfo", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

  it("takes the first X-Forwarded-For hop (written by the launcher or the trusted proxy)", () => {
    expect(clientInfo(request({ "x-forwarded-for": "192.0.2.7, 10.0.0.1" })).ip).toBe("192.0.2.7");
  });

  it("never takes X-Real-IP, which nothing in front of the app overwrites", () => {
    expect(clientInfo(request({ "x-real-ip": "198.51.100.1" })).ip).toBe("unknown");
  });
});
