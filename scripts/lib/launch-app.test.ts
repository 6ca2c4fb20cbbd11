import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./embedded-postgres";
import { launchApp, launcherEnv } from "./launch-app";

describe("launcherEnv", () => {
  it("places an instance on its own embedded PostgreSQL", () => {
    expect(
      launcherEnv({ port: 59010, dataDir: "/tmp/x", database: { embeddedPort: 59011 }, processes: 2, env: { LOG_LEVEL: "warn" } }),
    ).toEqual({
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      PORT: "59010",
      DATA_DIR: "/tmp/x",
      EMBEDDED_PG_PORT: "59011",
      WEB_CONCURRENCY: "2",
    });
  });

  it("points a second instance at an existing database and leaves the process count to the launcher", () => {
    const env = launcherEnv({ port: 59012, dataDir: "/tmp/y", database: { url: "postgresql://a@127.0.0.1:1/app" } });
    expect(env.DATABASE_URL).toBe("postgresql://a@127.0.0.1:1/app");
    expect(env).not.toHaveProperty("EMBEDDED_PG_PORT");
    expect(env).not.toHaveProperty("WEB_CONCURRENCY");
  });

  it("drops unset variables, and the instance's place wins over the extra variables", () => {
    const env = launcherEnv({
      port: 59013,
      dataDir: "/tmp/z",
      database: { embeddedPort: 59014 },
      env: { NEXT_DIST_DIR: undefined, PORT: "1" },
    });
    expect(env).not.toHaveProperty("NEXT_DIST_DIR");
    expect(env.PORT).toBe("59013");
  });
});

describe("launchApp", { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "launch-app-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // The real launcher, stopped by its first check (before any database or build): a launcher
  // that gives up must fail the caller at once, not after the readiness deadline.
  it("fails as soon as the launcher exits, saying so", async () => {
    const port = await freePort(59020);
    const taken = net.createServer().listen(port, "127.0.0.1");
    try {
      const started = Date.now();
      const launch = launchApp(
        { port, dataDir: scratch, database: { embeddedPort: await freePort(59040) } },
        { output: "ignore", readyWithinMs: 50_000 },
      );
      await expect(launch).rejects.toThrow(/exited \(code 1\) before http:\/\/localhost:\d+ was healthy/);
      expect(Date.now() - started).toBeLessThan(40_000);
    } finally {
      taken.close();
    }
  });
});
