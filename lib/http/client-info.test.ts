// Issue 12 item 17: outside the launcher, Next's own server keeps an X-Forwarded-For the client
// sent, so with TRUST_PROXY=false every request could choose its own address (60 sign-ins from one
// client with 60 forged headers all dodged the per-client limit). Production must refuse to start
// in that position; the launcher and a trusted proxy are the two ways to run. The start-up check
// runs in a real process, as Next runs instrumentation.ts, because refusing means exiting.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientInfo, UNTRUSTED_CLIENT_ADDRESS } from "./client-info";

const root = path.resolve(import.meta.dirname, "../..");
const probe = path.join(mkdtempSync(path.join(os.tmpdir(), "startup-")), "probe.mts");
writeFileSync(
  probe,
  `if (process.env.PROBE_LAUNCHER) (await import(${JSON.stringify(path.join(root, "lib/http/launcher.ts"))})).installLauncherConnections();
await (await import(${JSON.stringify(path.join(root, "instrumentation.ts"))})).register();
console.log("started");`,
);

/** Starts the app's start-up hook in a fresh Node process with this environment. */
function startUp(env: Record<string, string>) {
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", probe], {
    cwd: root,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      NEXT_RUNTIME: "nodejs",
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app",
      AUTH_SECRET: "a".repeat(32),
      JWT_SECRET: "j".repeat(32),
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe("start-up check of where client addresses come from", { timeout: 30_000 }, () => {
  it("exits in production with TRUST_PROXY unset or false outside the launcher (next start, server.js), saying why in one sentence", () => {
    for (const env of [{}, { TRUST_PROXY: "false" }] as Record<string, string>[]) {
      const run = startUp(env);
      expect(run.status, JSON.stringify(env)).toBe(1);
      expect(run.stdout).not.toContain("started");
      expect(run.stderr).toBe(UNTRUSTED_CLIENT_ADDRESS);
    }
    expect(UNTRUSTED_CLIENT_ADDRESS).toMatch(/^Refusing to start: [^.]*TRUST_PROXY=true\.$/);
  });

  it("starts behind the launcher, which overwrites X-Forwarded-For with the socket address", () => {
    expect(startUp({ PROBE_LAUNCHER: "1" })).toMatchObject({ status: 0, stdout: "started" });
  });

  it("starts when TRUST_PROXY says a proxy in front replaces the header (the default on Vercel)", () => {
    expect(startUp({ TRUST_PROXY: "true" })).toMatchObject({ status: 0, stdout: "started" });
  });

  it("does not stand in the way of development", () => {
    expect(startUp({ NODE_ENV: "development" })).toMatchObject({ status: 0, stdout: "started" });
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
