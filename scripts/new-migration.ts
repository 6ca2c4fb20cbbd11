// Authors the next migration offline: diffs the committed schema (HEAD) against the edited
// prisma/schema.prisma and writes prisma/migrations/<UTC timestamp>_<name>/migration.sql.
// Prisma's `migrate dev` needs a shadow database that its driver adapter cannot provide; a
// schema-to-schema diff needs none (see README, "Authoring a migration").
//
//   npm run db:migration -- add_user_locale
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "./lib/embedded-postgres";
import { runPrisma } from "./lib/prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "migration-"));
const committedSchema = path.join(scratch, "committed.prisma");
writeFileSync(committedSchema, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));

// The CLI connects through the adapter even for a schema-only diff, so give it a scratch database.
const db = await startEmbeddedPostgres({
  dataDir: path.join(scratch, "pg"),
  port: await freePort(56000),
  database: "diff",
  persistent: false,
});
try {
  const sql = await runPrisma(
    ["migrate", "diff", "--from-schema-datamodel", committedSchema, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { DATABASE_URL: db.url },
    { quiet: true },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log("prisma/schema.prisma matches the committed schema: no migration needed.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${dir}/migration.sql: review it, then commit it with the schema change.`);
  }
} finally {
  await db.stop();
}
