// Prisma 6.19's offline path: the Wasm schema engine plus the pg driver adapter.
// Prisma 7's CLI downloads a native engine and fails on machines without internet (see README).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgPoolConfig } from "./lib/db/connection";

// The schema keeps `url = env("DATABASE_URL")` (without it the CLI fetches a query engine), and
// the CLI cannot even parse the schema when that variable is missing. Commands that need no
// database (generate, migrate diff) get a placeholder; the adapter below uses the real URL.
const databaseUrl = process.env.DATABASE_URL_UNPOOLED || process.env.DATABASE_URL;
process.env.DATABASE_URL ??= "postgresql://unset@localhost:5432/unset";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    // Migrations go through the direct (unpooled) URL when one is given: poolers such as
    // PgBouncer in transaction mode break the advisory lock migrate deploy takes.
    // pg connects lazily: with the placeholder, schema-only commands (migrate diff) still work.
    const url = databaseUrl ?? process.env.DATABASE_URL!;
    return new PrismaPg({ ...pgPoolConfig(url), allowExitOnIdle: true });
  },
});
