import "server-only";
import type pg from "pg";
import { queryCounter } from "./client";
import { forThisConnection, pool } from "./pool";

// Plain SQL through node-postgres, for the few statements on every request's path (the session
// check, API key lookup, the profile). Prisma's client, with its query compiler in Wasm, spends
// ~2 ms of CPU per query on these machines; a plain pg query costs a tenth of that. Everything
// else stays on Prisma. Both share one pool (lib/db/pool.ts).

/**
 * Runs one parameterized statement. `name` prepares it once per server connection, but only
 * where the deployment allows it (DATABASE_PREPARED_STATEMENTS; never through a transaction-mode
 * pooler): otherwise it is sent unnamed, parsed per use.
 */
export async function sql<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  if (process.env.NODE_ENV === "test") queryCounter.count++;
  return (await pool().query<Row>(forThisConnection({ name, text, values }))).rows;
}
