import "server-only";
import { sql, type Executor } from "../sql";

// Row and advisory locks, held to the end of the caller's transaction.

/**
 * Locks the user row (FOR UPDATE): serializes changes to one person's ways in (factors, providers,
 * a discarded account). False when the row no longer exists.
 */
export async function lockUser(tx: Executor, userId: string): Promise<boolean> {
  const rows = await sql<{ id: string }>("user_lock", `SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId], tx);
  return rows.length > 0;
}

/** Makes transactions about the same key (an address being claimed) take turns. */
export async function lockKey(tx: Executor, key: string): Promise<void> {
  await sql("advisory_lock", `SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`, [key], tx);
}

/** The readiness probe's question: does the database answer? */
export async function ping(): Promise<void> {
  await sql("ping", `SELECT 1 AS ok`, []);
}
