import type { PoolConfig } from "pg";

/**
 * Turns a postgres:// URL into separate pg pool fields. The Prisma adapter is given fields
 * rather than a connection string (a string makes its shadow database the main one).
 */
export function pgPoolConfig(url: string): PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
  };
}
