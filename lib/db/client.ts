import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config/env";
import { pgPoolConfig } from "./connection";

// One Prisma client per process. Password hashes are omitted from every query by default: code
// that needs one asks for it explicitly (`omit: { passwordHash: false }`).

function createClient() {
  const adapter = new PrismaPg({
    ...pgPoolConfig(config().DATABASE_URL),
    // Serverless functions each hold a pool; keep it small and let idle connections go.
    max: Number(process.env.DATABASE_POOL_MAX ?? (process.env.VERCEL ? 3 : 10)),
    idleTimeoutMillis: 10_000,
  });
  const client = new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true } },
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
