// Fails when prisma/schema.prisma and the committed migrations disagree: a schema change that
// lands without its migration would break every deployment's `prisma migrate deploy`.
// Prisma's own drift check (migrate diff --from-migrations) needs a shadow database the driver
// adapter cannot give, so this builds both states for real and compares PostgreSQL's catalogs.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDeploy, runPrisma } from "../../scripts/lib/prisma-cli";

const base = new URL(process.env.DATABASE_URL!);

/** Partial unique indexes, in migrations only: a domain is verified by one organization at most. */
const HAND_WRITTEN_INDEXES = ["organization_domains_verified_domain_key"];
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `drift_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Every table column, index, constraint and enum of the public schema, as sorted text. */
async function fingerprint(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const queries = [
    `SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    `SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    `SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
  ];
  const rows: string[] = [];
  for (const q of queries) rows.push(...(await client.query<{ "?column?": string }>(q)).rows.map((r) => Object.values(r)[0] as string));
  await client.end();
  return rows.sort();
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("migrations", () => {
  it("produce exactly the database that prisma/schema.prisma describes", async () => {
    const migrated = await freshDatabase();
    await migrateDeploy(migrated, true);

    const fromSchema = await freshDatabase();
    const sql = await runPrisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { DATABASE_URL: fromSchema },
      { quiet: true },
    );
    const client = new pg.Client({ connectionString: fromSchema });
    await client.connect();
    await client.query(sql);
    await client.end();

    const [migratedRows, b] = await Promise.all([fingerprint(migrated), fingerprint(fromSchema)]);
    // Indexes the schema language cannot express (partial ones), written by hand in a migration:
    // they must exist, and are left out of the comparison.
    const handWritten = (row: string) => HAND_WRITTEN_INDEXES.some((name) => row.startsWith("idx ") && row.includes(`INDEX ${name} `));
    for (const name of HAND_WRITTEN_INDEXES)
      expect(
        migratedRows.some((row) => row.includes(`INDEX ${name} `)),
        name,
      ).toBe(true);
    const a = migratedRows.filter((row) => !handWritten(row));
    expect(a.length).toBeGreaterThan(50);
    // A difference here means: run `npm run db:migration -- <name>` and commit the migration.
    expect(a).toEqual(b);
  }, 120_000);
});
