import "server-only";
import pg from "pg";
import { config } from "@/lib/config/env";
import { queryCounter } from "./client";
import { pgPoolConfig } from "./connection";

// Plain SQL through node-postgres, for the few statements on every request's path (the session
// check, API key lookup, the profile) and for the rate limiter's store. Prisma's client, with its
// query compiler in Wasm, spends ~2 ms of CPU per query on these machines; a prepared statement
// through pg costs a tenth of that. Everything else stays on Prisma.

// Prisma writes `timestamp(3)` columns in UTC without a zone; read them back as UTC whatever the
// server's time zone.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 1114 ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const globalForPool = globalThis as unknown as { sqlPool?: pg.Pool };

export function sqlPool(): pg.Pool {
  globalForPool.sqlPool ??= new pg.Pool({
    ...pgPoolConfig(config().DATABASE_URL),
    max: Number(process.env.DATABASE_POOL_MAX ?? (process.env.VERCEL ? 3 : 10)),
    idleTimeoutMillis: 10_000,
    types,
  });
  return globalForPool.sqlPool;
}

/** Runs one parameterized, named (so prepared once per connection) statement. */
export async function sql<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  if (process.env.NODE_ENV === "test") queryCounter.count++;
  return (await sqlPool().query<Row>({ name, text, values })).rows;
}
