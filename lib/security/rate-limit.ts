import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config/env";
import { sha256 } from "@/lib/auth/crypto";
import { rateLimiterStore } from "@/lib/db/pool";
import { ApiError } from "@/lib/http/errors";

// rate-limiter-flexible with its counters in PostgreSQL (one atomic upsert per hit), so a limit
// holds across every instance of the app. Limits are per window; RATE_LIMIT_SCALE multiplies
// every allowance (e.g. 100 for load tests), RATE_LIMITS_ENABLED=false turns them off.

export const LIMITS = {
  /** Wrong passwords from one client address. */
  loginFailuresPerClient: { points: 50, duration: 15 * 60 },
  /** Wrong passwords for one account: a short and a long back-off, so a lockout lasts at most an hour. */
  loginFailuresPerAccountShort: { points: 5, duration: 5 * 60 },
  loginFailuresPerAccountLong: { points: 15, duration: 60 * 60 },
  // Per-client allowances for mail-sending endpoints are generous (offices and test suites share
  // an address); the per-address ones are what stop a mailbox being flooded.
  registerPerClient: { points: 300, duration: 60 * 60 },
  registerPerEmail: { points: 5, duration: 60 * 60 },
  /** Wrong codes and links (successful confirmations do not count). */
  confirmPerClient: { points: 30, duration: 15 * 60 },
  confirmPerEmail: { points: 10, duration: 15 * 60 },
  sendCodePerClient: { points: 100, duration: 15 * 60 },
  sendCodePerEmail: { points: 5, duration: 15 * 60 },
  forgotPasswordPerClient: { points: 100, duration: 15 * 60 },
  forgotPasswordPerEmail: { points: 5, duration: 15 * 60 },
  /** Unknown, used or expired reset tokens. */
  resetTokenPerClient: { points: 30, duration: 15 * 60 },
  checkPasswordFailuresPerUser: { points: 5, duration: 15 * 60 },
  existEmailPerClient: { points: 30, duration: 60 },
  invitationsPerOrganization: { points: 50, duration: 60 * 60 },
  apiKeysPerOrganization: { points: 20, duration: 60 * 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

const limiters = new Map<LimitName, RateLimiterPostgres>();

function limiter(name: LimitName): RateLimiterPostgres {
  let found = limiters.get(name);
  if (!found) {
    found = new RateLimiterPostgres({
      // The process's one pool, behind a query() that drops statement names (see lib/db/pool.ts).
      storeClient: rateLimiterStore,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // created by the migrations
      keyPrefix: name,
      points: Math.max(1, Math.round(LIMITS[name].points * config().RATE_LIMIT_SCALE)),
      duration: LIMITS[name].duration,
    });
    limiters.set(name, found);
  }
  return found;
}

/** Keys hold no personal data in clear. */
const keyOf = (key: string) => sha256(key.toLowerCase()).slice(0, 32);

function rateLimited(msBeforeNext: number): ApiError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError("rate_limited", `Too many attempts. Try again in ${seconds} seconds.`, {
    headers: { "retry-after": String(seconds) },
  });
}

/** Counts one hit; throws 429 (with Retry-After) once the allowance is spent. */
export async function consume(name: LimitName, key: string): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  try {
    await limiter(name).consume(keyOf(key));
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext);
    throw error;
  }
}

/** Throws 429 when the allowance is already spent, without counting a hit. */
export async function ensureNotLimited(name: LimitName, key: string): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  const state = await limiter(name).get(keyOf(key));
  if (state && state.consumedPoints >= limiter(name).points) throw rateLimited(state.msBeforeNext);
}

/** Counts a hit without throwing (the caller answers the request its own way). */
export async function record(name: LimitName, key: string): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  await limiter(name)
    .consume(keyOf(key))
    .catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
}

export async function clear(name: LimitName, key: string): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  await limiter(name).delete(keyOf(key));
}

const GUESS_FAILURES = new Set(["invalid_code", "invalid_token"]);

/**
 * Guards an operation an attacker could guess at (codes, link tokens): refused with 429 once the
 * failure allowance is spent, and only wrong guesses are counted, so people confirming or
 * resetting successfully never use it up.
 */
export async function limitFailures<T>(limits: readonly (readonly [LimitName, string])[], attempt: () => Promise<T>): Promise<T> {
  for (const [name, key] of limits) await ensureNotLimited(name, key);
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ApiError && GUESS_FAILURES.has(error.code)) {
      await Promise.all(limits.map(([name, key]) => record(name, key)));
    }
    throw error;
  }
}
