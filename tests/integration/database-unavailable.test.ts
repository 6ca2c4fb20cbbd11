// The database as production sees it on a bad day: this file runs the app against a PostgreSQL
// of its own, which it stops, freezes and restarts under traffic. Every API route must answer
// 503 service_unavailable with Retry-After while the database is away (never a 500, never a 401
// for a valid token), a hung database must fail requests within the configured timeouts, and
// the same process must serve again as soon as the database is back. It also holds the process
// to DATABASE_POOL_MAX connections, counted by the server itself.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../scripts/lib/embedded-postgres";
import { migrateDeploy } from "../../scripts/lib/prisma-cli";
import { api, type ApiResponse } from "../support/api";
import { PASSWORD, signUp, uniqueEmail, type SignedIn } from "../support/accounts";
import { createKey } from "./organizations-fixtures";

const POOL_MAX = 3;
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 1500;

let scratch: string;
let port: number;
let database: EmbeddedDatabase;
let url: string;
let person: SignedIn;
let apiKey: string;

const start = () => startEmbeddedPostgres({ dataDir: path.join(scratch, "pg"), port, database: "outage", persistent: true });

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "it-outage-"));
  port = await freePort(Number(process.env.TEST_PG_PORT ?? 57000) + 120);
  database = await start();
  url = database.url;
  await migrateDeploy(url, true);
  Object.assign(process.env, {
    DATABASE_URL: url,
    DATABASE_POOL_MAX: String(POOL_MAX),
    DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
  });
  resetConfigForTests();
  const { pool } = await import("@/lib/db/pool");
  // This file's process must talk to this file's database, or the outage proves nothing.
  expect(pool().options.port).toBe(port);
  person = await signUp();
  ({ key: apiKey } = await createKey(person, person.organizationId));
}, 120_000);

afterAll(async () => {
  await database?.stop().catch(() => {});
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** One request to each kind of route: public, Bearer-protected, API-key-protected, token refresh. */
const everyKindOfRoute = (refreshToken: string): (() => Promise<ApiResponse>)[] => [
  () => api("POST", "/api/auth/login", { json: { email: person.email, password: PASSWORD } }),
  () => api("POST", "/api/auth/register", { json: { email: uniqueEmail("outage"), password: PASSWORD, name: "Outage" } }),
  () => api("POST", "/api/auth/refresh", { json: { refresh_token: refreshToken } }),
  () => api("POST", "/api/auth/forgot-password", { json: { email: person.email } }),
  () => api("GET", `/api/auth/exist-email/${encodeURIComponent(person.email)}`),
  () => api("GET", "/api/auth/profile", { token: person.access }),
  () => api("GET", "/api/organizations/current/members", { token: person.access }),
  () => api("GET", `/api/organizations/${person.organizationId}/audit-log`, { token: person.access }),
  () => api("GET", "/api/organizations/current/members", { apiKey }),
];

function expectUnavailable(responses: ApiResponse[]) {
  for (const res of responses) {
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body.code).toBe("service_unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  }
}

/** The postmaster and its children (backends, checkpointer…), all started by this file. */
function serverProcesses(): number[] {
  const postmaster = Number(readFileSync(path.join(scratch, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" })
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

describe("the database connection", () => {
  it(`never holds more than DATABASE_POOL_MAX=${POOL_MAX} connections, for Prisma and plain SQL together`, async () => {
    const monitor = new pg.Client({ connectionString: url.replace(/\/outage$/, "/postgres") });
    await monitor.connect();
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'outage'");
        peak = Math.max(peak, rows[0]!.n);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      // Logins (rate limiter + Prisma transaction), profile reads (plain SQL), organization reads (Prisma).
      // Four logins at once: an account's attempts in flight count against its allowance of five.
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => [
          ...(i < 4 ? [api("POST", "/api/auth/login", { json: { email: person.email, password: PASSWORD } })] : []),
          api("GET", "/api/auth/profile", { token: person.access }),
          api("GET", "/api/organizations/current/members", { token: person.access }),
        ]).flat(),
      );
      expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    } finally {
      sampling = false;
      await sampler;
      await monitor.end();
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(POOL_MAX);
  });

  it("fails fast with 503 while the database hangs, and serves again when it resumes", async () => {
    const pids = serverProcesses();
    for (const pid of pids) process.kill(pid, "SIGSTOP");
    let responses: ApiResponse[];
    const started = Date.now();
    try {
      responses = await Promise.all(everyKindOfRoute(person.refresh).map((call) => call()));
    } finally {
      for (const pid of pids) process.kill(pid, "SIGCONT");
    }
    const elapsed = Date.now() - started;
    expectUnavailable(responses);
    // Each request waits at most a checkout, a connect and a statement timeout, not forever.
    expect(elapsed).toBeLessThan(3 * (CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS) + 2000);
    await expectServingAgain();
  });

  it("answers 503 on every kind of API route while the database is stopped, and recovers without a restart", async () => {
    // Traffic in flight while the database goes away: whatever it answers, never a 500 or a 401.
    const inFlight = Promise.all(Array.from({ length: 6 }, () => api("GET", "/api/auth/profile", { token: person.access })));
    await database.stop();
    for (const res of await inFlight) expect([200, 503], res.text).toContain(res.status);

    expectUnavailable(await Promise.all(everyKindOfRoute(person.refresh).map((call) => call())));
    // The browser's sign-in form (Auth.js) must not call this a wrong password.
    const csrf = await api("GET", "/api/auth/csrf");
    const form = await api("POST", "/api/auth/callback/credentials", {
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrf.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
      },
      body: new URLSearchParams({
        email: person.email,
        password: PASSWORD,
        csrfToken: csrf.body.csrfToken,
        callbackUrl: "/profile",
      }).toString(),
    });
    expect(form.headers.get("location")).toContain("code=service_unavailable");

    const health = await api("GET", "/api/health");
    expect(health.status).toBe(503);
    expect(Number(health.headers.get("retry-after"))).toBeGreaterThan(0);

    database = await start();
    await expectServingAgain();
  });
});

/** The same process, the same pool: the first requests after the database returns succeed. */
async function expectServingAgain() {
  const deadline = Date.now() + 15_000;
  let last: ApiResponse | undefined;
  while (Date.now() < deadline) {
    last = await api("GET", "/api/auth/profile", { token: person.access });
    if (last.status === 200) break;
    expect(last.status, last.text).toBe(503);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(last?.status, last?.text).toBe(200);
  const login = await api("POST", "/api/auth/login", { json: { email: person.email, password: PASSWORD } });
  expect(login.status, login.text).toBe(200);
  const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: login.body.refresh_token } });
  expect(refreshed.status, refreshed.text).toBe(200);
  const keyed = await api("GET", "/api/organizations/current/members", { apiKey });
  expect(keyed.status, keyed.text).toBe(200);
  expect((await api("GET", "/api/health")).status).toBe(200);
}
