import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config/env";
import { pool } from "./pool";

// One Prisma client per process, on the process's one pool (lib/db/pool.ts). Password hashes are
// omitted from every query by default: code that needs one asks for it explicitly
// (`omit: { passwordHash: false }`).

function createClient() {
  // Prisma's adapter sends unnamed statements and runs transactions as BEGIN…COMMIT on one
  // checked-out connection: both fine behind a transaction-mode pooler.
  const adapter = new PrismaPg(pool());
  const client = new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true } },
    // The pool's timeouts, not Prisma's own (2 s to start a transaction, 5 s to finish it): a
    // transaction waits for a connection as long as any query does, and may last as long as one
    // statement may. Behind a pooler the wait includes the pooler's own queue.
    transactionOptions: { maxWait: config().DATABASE_CONNECT_TIMEOUT_MS, timeout: config().DATABASE_STATEMENT_TIMEOUT_MS },
    // Tests count the SQL statements behind each request to catch N+1 queries.
    ...(process.env.NODE_ENV === "test" ? { log: [{ emit: "event" as const, level: "query" as const }] } : {}),
  });
  if (process.env.NODE_ENV === "test") {
    (client as unknown as { $on(event: "query", cb: () => void): void }).$on("query", () => queryCounter.count++);
  }
  return client;
}

/** SQL statements issued by this process's client (counted only under NODE_ENV=test). */
export const queryCounter = { count: 0 };

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { db?: Db };

export function db(): Db {
  globalForDb.db ??= createClient();
  return globalForDb.db;
}
