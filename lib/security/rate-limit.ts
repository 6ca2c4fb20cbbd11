import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "@/lib/config/env";
import { sha256 } from "@/lib/auth/crypto";
import { rateLimiterStore } from "@/lib/db/pool";
import { ApiError } from "@/lib/http/errors";
import { mailboxKey } from "./mailbox";

// rate-limiter-flexible with its counters in PostgreSQL (one atomic upsert per hit), so a limit
// holds across every instance of the app. Limits are per window; RATE_LIMIT_SCALE multiplies
// every allowance (e.g. 100 for load tests), RATE_LIMITS_ENABLED=false turns them off.

interface Limit {
  points: number;
  duration: number;
  /** Keyed by a recipient's mailbox (+tags and Gmail's dots folded), not the literal address. */
  perMailbox?: true;
}

export const LIMITS = {
  /** Wrong passwords from one client address. */
  loginFailuresPerClient: { points: 50, duration: 15 * 60 },
  /** Wrong passwords for one account: a short and a long back-off, so a lockout lasts at most an hour. */
  loginFailuresPerAccountShort: { points: 5, duration: 5 * 60 },
  loginFailuresPerAccountLong: { points: 15, duration: 60 * 60 },
  // Per-client allowances for mail-sending endpoints are generous (offices and test suites share
  // an address); the per-mailbox ones are what stop a mailbox being flooded.
  registerPerClient: { points: 300, duration: 60 * 60 },
  registerPerEmail: { points: 5, duration: 60 * 60, perMailbox: true },
  /** Wrong codes and links (successful confirmations do not count). */
  confirmPerClient: { points: 30, duration: 15 * 60 },
  confirmPerEmail: { points: 10, duration: 15 * 60 },
  sendCodePerClient: { points: 100, duration: 15 * 60 },
  sendCodePerEmail: { points: 5, duration: 15 * 60, perMailbox: true },
  forgotPasswordPerClient: { points: 100, duration: 15 * 60 },
  forgotPasswordPerEmail: { points: 5, duration: 15 * 60, perMailbox: true },
  /** Unknown, used or expired reset tokens. */
  resetTokenPerClient: { points: 30, duration: 15 * 60 },
  checkPasswordFailuresPerUser: { points: 5, duration: 15 * 60 },
  /** Wrong second-factor codes for one account, apart from wrong passwords (neither locks the other out). */
  mfaFailuresPerAccountShort: { points: 5, duration: 5 * 60 },
  mfaFailuresPerAccountLong: { points: 15, duration: 60 * 60 },
  /** Passkey options without an account: each stores a challenge for 5 minutes. */
  passkeyOptionsPerClient: { points: 100, duration: 5 * 60 },
  /** Assertions that fail to verify, from one client address (usernameless: no account to count against). */
  passkeyFailuresPerClient: { points: 50, duration: 15 * 60 },
  existEmailPerClient: { points: 30, duration: 60 },
  // Invitations are the one mail whose recipient someone else chooses: limited per organization,
  // per inviter (who could otherwise multiply the organization allowance by creating
  // organizations), per client, and per recipient mailbox across every organization.
  invitationsPerOrganization: { points: 50, duration: 60 * 60 },
  invitationsPerInviter: { points: 50, duration: 60 * 60 },
  invitationsPerClient: { points: 100, duration: 60 * 60 },
  invitationsPerRecipient: { points: 5, duration: 60 * 60, perMailbox: true },
  organizationsPerUser: { points: 10, duration: 24 * 60 * 60 },
  apiKeysPerOrganization: { points: 20, duration: 60 * 60 },
  // Each test event or manual retry makes the server send a request somewhere the caller chose:
  // bounded per organization, so it cannot be turned into a request cannon.
  webhookSendsPerOrganization: { points: 60, duration: 60 * 60 },
  webhookChangesPerOrganization: { points: 60, duration: 60 * 60 },
  // Each domain check is a DNS query made for the caller.
  ssoDomainChecksPerOrganization: { points: 60, duration: 60 * 60 },
  // Each SSO start stores a pending request; each answer is a signature check.
  ssoStartsPerClient: { points: 60, duration: 15 * 60 },
  ssoAnswersPerClient: { points: 60, duration: 15 * 60 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;
/** One limit and the key it is counted under (a client address, an account, a mailbox…). */
export type LimitKey = readonly [LimitName, string];

/** The pool the counters live in; the give-back below must use the same one (statement names dropped). */
const store = () => rateLimiterStore;
const TABLE = "rate_limits"; // created by the migrations

const limiters = new Map<LimitName, RateLimiterPostgres>();

function limiter(name: LimitName): RateLimiterPostgres {
  let found = limiters.get(name);
  if (!found) {
    found = new RateLimiterPostgres({
      // The process's one pool, behind a query() that drops statement names (see lib/db/pool.ts).
      storeClient: rateLimiterStore,
      storeType: "pool",
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: name,
      points: Math.max(1, Math.round(LIMITS[name].points * config().RATE_LIMIT_SCALE)),
      duration: LIMITS[name].duration,
    });
    limiters.set(name, found);
  }
  return found;
}

/** Keys hold no personal data in clear. */
function keyOf(name: LimitName, key: string): string {
  const limit: Limit = LIMITS[name];
  return sha256(limit.perMailbox ? mailboxKey(key) : key.toLowerCase()).slice(0, 32);
}

function rateLimited(msBeforeNext: number): ApiError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError("rate_limited", `Too many attempts. Try again in ${seconds} seconds.`, {
    headers: { "retry-after": String(seconds) },
  });
}

/** Counts one hit; throws 429 (with Retry-After) once the allowance is spent. */
export async function consume(name: LimitName, key: string): Promise<void> {
  await takeAttempt([[name, key]]);
}

/** Counts one hit on every limit, or (when any is spent) on none of them, and throws 429. */
export async function consumeAll(limits: readonly LimitKey[]): Promise<void> {
  await takeAttempt(limits);
}

export async function clear(name: LimitName, key: string): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  await limiter(name).delete(keyOf(name, key));
}

/**
 * Gives one taken point back. Not the library's reward(): that upserts, so on a counter that was
 * cleared or whose window ended meanwhile it would write a negative count, an extra guess in the
 * next window. This only lowers a live, positive counter.
 */
async function giveBack([name, key]: LimitKey): Promise<void> {
  await store().query({
    text: `UPDATE ${TABLE} SET points = points - 1 WHERE key = $1 AND points > 0 AND (expire IS NULL OR expire > $2)`,
    values: [limiter(name).getKey(keyOf(name, key)), Date.now()],
  });
}

/**
 * Takes one point from every limit at once, each take a single atomic upsert, so simultaneous
 * requests see each other's takes and never all slip under an allowance. When any limit is
 * spent, every take is given back (the attempt will not be evaluated, so it must not count) and
 * the attempt is refused with 429.
 */
async function takeAttempt(limits: readonly LimitKey[]): Promise<void> {
  if (!config().RATE_LIMITS_ENABLED) return;
  const takes = await Promise.allSettled(limits.map(([name, key]) => limiter(name).consume(keyOf(name, key))));
  const refusals = takes.flatMap((t) => (t.status === "rejected" ? [t.reason as unknown] : []));
  if (!refusals.length) return;
  // A spent limit's upsert counted too, so it is given back with the others; a failed query took nothing.
  const took = (t: PromiseSettledResult<unknown>) => t.status === "fulfilled" || t.reason instanceof RateLimiterRes;
  await Promise.all(limits.filter((_, i) => took(takes[i]!)).map(giveBack));
  const failure = refusals.find((r) => !(r instanceof RateLimiterRes));
  if (failure) throw failure;
  throw rateLimited(Math.max(...refusals.map((r) => (r as RateLimiterRes).msBeforeNext)));
}

/** Errors that mean "a wrong guess": wrong passwords, codes and link tokens. */
const WRONG_GUESSES = new Set(["invalid_credentials", "incorrect_password", "invalid_code", "invalid_token"]);
const isWrongGuess = (error: unknown) => error instanceof ApiError && WRONG_GUESSES.has(error.code);

/**
 * Guards anything an attacker could guess at (passwords, codes, link tokens, second factors):
 * the attempt is taken from every limit BEFORE the guess is checked, and given back unless it
 * turns out wrong, so only wrong guesses count and no number of simultaneous requests gets more
 * guesses evaluated than the allowance. Once a limit is spent the answer is 429 and the guess is
 * not checked at all, so a lockout says nothing about whether it was right.
 */
export async function limitFailures<T>(limits: readonly LimitKey[], attempt: () => Promise<T>): Promise<T> {
  await takeAttempt(limits);
  let wrong = false;
  try {
    return await attempt();
  } catch (error) {
    wrong = isWrongGuess(error);
    throw error;
  } finally {
    if (!wrong && config().RATE_LIMITS_ENABLED) await Promise.all(limits.map(giveBack));
  }
}
