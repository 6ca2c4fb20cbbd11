import "server-only";
import type pg from "pg";
import { queryCounter, type Tx } from "./client";
import { forThisConnection, pool } from "./pool";

// Plain SQL through node-postgres, for the statements on every request's path (the session check,
// API key lookup, the profile, sign-in). Prisma's client, with its query compiler in Wasm, spends
// ~2 ms of CPU per query on these machines; a plain pg query costs a tenth of that. Everything
// else stays on Prisma. Both share one pool (lib/db/pool.ts).
//
// Only lib/db/statements/ calls sql() (an ESLint rule keeps it so): every statement is named
// there once, next to the table it reads, with its row type derived from Prisma's model types.

/** One of our own transactions (sqlTransaction): a pooled connection between BEGIN and COMMIT. */
export interface SqlTx {
  readonly connection: pg.PoolClient;
}

/** Where a statement runs: the pool, our transaction, or a Prisma interactive transaction. */
export type Executor = SqlTx | Tx;

/**
 * Runs one parameterized statement. `name` prepares it once per server connection, but only
 * where the deployment allows it (DATABASE_PREPARED_STATEMENTS; never through a transaction-mode
 * pooler): otherwise it is sent unnamed, parsed per use. Inside a Prisma transaction it goes
 * through Prisma's connection, so it commits or rolls back with the Prisma writes around it.
 */
export async function sql<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[], tx?: Executor): Promise<Row[]> {
  if (process.env.NODE_ENV === "test") queryCounter.count++;
  if (!tx) return (await pool().query<Row>(forThisConnection({ name, text, values }))).rows;
  if ("connection" in tx) return (await tx.connection.query<Row>(forThisConnection({ name, text, values }))).rows;
  return tx.$queryRawUnsafe<Row[]>(text, ...values);
}

/**
 * A transaction of plain statements on one pooled connection (BEGIN … COMMIT; a transaction-mode
 * pooler keeps it on one server connection): the sign-in writes its session, its refresh token
 * and its events in four round trips, without Prisma's per-query CPU.
 */
export async function sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const connection = await pool().connect();
  let broken: Error | undefined;
  try {
    await connection.query("BEGIN");
    const result = await work({ connection });
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    // A connection whose ROLLBACK fails is in an unknown state: the pool discards it.
    await connection.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    connection.release(broken);
  }
}
