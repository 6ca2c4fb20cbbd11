import "server-only";
import pg from "pg";
import { config, type Env } from "@/lib/config/env";
import { log } from "@/lib/log";
import { instrumentPool } from "@/lib/tail/pool";
import { pgPoolConfig } from "./connection";

// THE connection pool of this process. Prisma's driver adapter, the plain-SQL path (lib/db/sql.ts)
// and the rate limiter's store all draw from it, so DATABASE_POOL_MAX is the number of database
// connections a process opens, not a share of it.
//
// It must work through a transaction-mode pooler (PgBouncer, Supabase, Neon's pooled URL), which
// may give every transaction another server connection: no named (server-side) prepared statements
// unless DATABASE_PREPARED_STATEMENTS=true says the connection keeps them, and no session state
// (SET, session-level advisory locks, temp tables, LISTEN) anywhere outside migrations. What lives
// and dies with one transaction (row locks, pg_advisory_xact_lock) is fine: a pooler keeps a
// transaction on one connection.

/** The pool's settings: the URL's fields, the size, and timeouts that make a hung database fail fast. */
export function poolSettings(
  env: Pick<Env, "DATABASE_URL" | "DATABASE_POOL_MAX" | "DATABASE_CONNECT_TIMEOUT_MS" | "DATABASE_STATEMENT_TIMEOUT_MS">,
): pg.PoolConfig {
  return {
    ...pgPoolConfig(env.DATABASE_URL),
    max: env.DATABASE_POOL_MAX,
    // Serverless functions each hold a pool: let idle connections go.
    idleTimeoutMillis: 10_000,
    // Opening a connection AND waiting for a free one in a full pool (pg-pool applies it to both).
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    // Client-side, so it holds through any pooler (PgBouncer refuses or drops a statement_timeout
    // startup parameter) and when the server itself hangs. On expiry the connection is discarded.
    query_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
    keepAlive: true,
    types,
  };
}

// Prisma writes `timestamp(3)` columns in UTC without a zone; read them back as UTC whatever the
// server's time zone. (Prisma's adapter passes its own parsers with each query, so this only
// affects plain SQL.)
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 1114
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const globalForPool = globalThis as unknown as { pgPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.pgPool) {
    const created = new pg.Pool(poolSettings(config()));
    // An idle connection dies when the database restarts: without a listener that error would
    // end the process. The pool drops the connection and opens a new one on the next request.
    created.on("error", (error) => log.warn("database connection lost", { error }));
    // The bench's pool-wait and round-trip histograms (`npm run bench -- --tail`); nothing otherwise.
    instrumentPool(created);
    globalForPool.pgPool = created;
  }
  return globalForPool.pgPool;
}

export interface NamedQuery {
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * A query as this deployment may send it: a `name` makes pg prepare the statement on the server
 * connection, which a transaction-mode pooler does not keep (`prepared statement "x" does not
 * exist` / `already exists`). Names are kept only when DATABASE_PREPARED_STATEMENTS=true.
 */
export function forThisConnection<Q extends NamedQuery>(query: Q, preparedStatements = config().DATABASE_PREPARED_STATEMENTS): Q {
  if (preparedStatements || query.name === undefined) return query;
  const { name: _dropped, ...unnamed } = query;
  return unnamed as Q;
}

/**
 * The store client for rate-limiter-flexible: it sends named queries of its own, so it gets the
 * pool behind a `query` that applies the same rule instead of the pool itself.
 */
export const rateLimiterStore = {
  query: (query: NamedQuery) => pool().query(forThisConnection(query)),
};
