// Tells "the database cannot be reached or did not answer in time" apart from every other error,
// whichever layer threw it: node-postgres and pg-pool, PostgreSQL itself, a pooler in front of it
// (PgBouncer answers with SQLSTATE 08P01), or Prisma wrapping any of these. Such a failure is ours
// and temporary: callers get 503 service_unavailable with Retry-After, never a 500, and never a
// 401 that blames their credentials.

/** Seconds a client should wait before retrying (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** PostgreSQL: connection exceptions (class 08), shutting down / starting up, too many connections, statement timeout. */
const SQLSTATE = /^(08...|57P0[123]|53300|57014)$/;

/** Prisma: can't reach, timed out, connection closed, pool timeout, transaction could not start in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);

/** Prisma's driver-adapter error kinds for the same situations. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseUnavailable",
  "SocketTimeout",
  "ConnectionClosed",
  "TooManyConnections",
  "TransactionStartTimeout",
]);

/** Errors that carry no code: pg-pool's checkout timeout, pg's client-side timeouts and lost connections. */
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|is not queryable|Unable to start a transaction in the given time|the database system is (starting up|shutting down|in recovery mode)|server closed the connection unexpectedly|no more connections allowed|query_wait_timeout|server login has been failing|pgbouncer cannot connect to server/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== "object") return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code) || PRISMA_CODES.has(e.code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  // Wrapped errors: Prisma's and Auth.js's `cause`, Node's AggregateError (one per address tried).
  if (isDatabaseUnavailable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
