// Integration suite: a fresh embedded PostgreSQL (new data folder every run), migrations applied
// with the real CLI, and the Resend stand-in. Workers inherit the environment set here.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDeploy } from "../../scripts/lib/prisma-cli";
import { startResendStandIn } from "../../scripts/lib/resend-standin";

export default async function setup() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "it-"));
  const database = await startEmbeddedPostgres({
    dataDir: path.join(scratch, "pg"),
    port: await freePort(Number(process.env.TEST_PG_PORT ?? 57000)),
    database: "test",
    persistent: false,
  });
  await migrateDeploy(database.url, true);
  const standIn = await startResendStandIn(await freePort(Number(process.env.TEST_STANDIN_PORT ?? 57400)));

  Object.assign(process.env, {
    NODE_ENV: "test",
    DATA_DIR: scratch,
    DATABASE_URL: database.url,
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: standIn.url,
    MAIL_STANDIN_URL: standIn.url,
    APP_URL: "http://localhost:3000",
    AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
    JWT_SECRET: "test-jwt-secret-test-jwt-secret-test-0123456789",
    BCRYPT_COST: "4",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  });

  return async () => {
    await standIn.close();
    await database.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
