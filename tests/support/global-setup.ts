// Integration suite: a fresh embedded PostgreSQL (new data folder every run), migrations applied
// with the real CLI, the Resend stand-in, and the SSO stand-ins (SAML and OpenID Connect
// identity providers, a DNS server: tests/support/sso-standins.ts). The environment is handed to
// this project's workers through `provide` (tests/support/worker-env.ts applies it): vitest runs every
// project's global setup in one process before any test, so writing process.env here would let
// the last project's database win for all of them.
// With `pooler: true` (the "integration-pooler" project) the app reaches the database through a
// PgBouncer in transaction mode, as a production deployment behind a pooler does; migrations
// still go straight to PostgreSQL, as DATABASE_URL_UNPOOLED makes them do in production.
import { mkdtempSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDeploy } from "../../scripts/lib/prisma-cli";
import { startResendStandIn } from "../../scripts/lib/resend-standin";
import { startPgBouncer } from "./pgbouncer";
import { startSsoStandIns } from "./sso-standins";

export async function startIntegrationEnvironment(project: TestProject, options: { pooler: boolean }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "it-"));
  const basePgPort = Number(process.env.TEST_PG_PORT ?? 57000);
  const database = await startEmbeddedPostgres({
    dataDir: path.join(scratch, "pg"),
    // The pooler project may run beside the direct one: keep their ports apart.
    port: await freePort(options.pooler ? basePgPort + 40 : basePgPort),
    database: "test",
    persistent: false,
  });
  await migrateDeploy(database.url, true);
  const direct = new URL(database.url);
  const bouncer = options.pooler
    ? await startPgBouncer({
        dir: path.join(scratch, "pgbouncer"),
        port: await freePort(basePgPort + 80),
        target: { host: direct.hostname, port: Number(direct.port), database: "test", user: direct.username, password: direct.password },
      })
    : undefined;
  const standIn = await startResendStandIn(await freePort(Number(process.env.TEST_STANDIN_PORT ?? 57400) + (options.pooler ? 40 : 0)));
  const sso = await startSsoStandIns({ offset: options.pooler ? 40 : 0 });

  project.provide("workerEnv", {
    NODE_ENV: "test",
    DATA_DIR: scratch,
    DATABASE_URL: bouncer?.url ?? database.url,
    // Direct access for the tests that inspect the server itself (pg_stat_activity).
    ...(bouncer ? { DATABASE_URL_UNPOOLED: database.url } : {}),
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: standIn.url,
    MAIL_STANDIN_URL: standIn.url,
    ...sso.env,
    APP_URL: "http://localhost:3000",
    AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
    JWT_SECRET: "test-jwt-secret-test-jwt-secret-test-0123456789",
    BCRYPT_COST: "4",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    // Behind the pooler, a serverless-sized pool (Vercel's default), with statement names off
    // as they are by default.
    ...(bouncer ? { DATABASE_POOLER_UNDER_TEST: "pgbouncer-transaction", DATABASE_POOL_MAX: "3" } : {}),
  });

  return async () => {
    await standIn.close();
    await sso.close();
    await bouncer?.stop();
    await database.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}

export default function setup(project: TestProject) {
  return startIntegrationEnvironment(project, { pooler: false });
}

declare module "vitest" {
  export interface ProvidedContext {
    workerEnv: Record<string, string>;
  }
}
