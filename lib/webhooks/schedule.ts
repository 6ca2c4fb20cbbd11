// When a failed delivery is tried again (API.md, "Webhooks"): about 5 s, 5 min, 30 min, 2 h, 5 h,
// 10 h and 10 h after the attempts before, each spread by ±20% so that endpoints that failed
// together (an outage) are not all retried in the same second. Pure: the dispatcher passes the
// random number.

export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;

/** Eight attempts in all: the first and the seven retries. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** An endpoint whose attempts have failed without a success in between for this long is disabled. */
export const DISABLE_AFTER_FAILING_SECONDS = 5 * 24 * 3600;

const JITTER = 0.2;

/**
 * Seconds until the next attempt after the `attempts`-th failed (1-based), or null when that was
 * the last. `random` is in [0, 1).
 */
export function retryDelaySeconds(attempts: number, random: number): number | null {
  const base = RETRY_DELAYS_SECONDS[attempts - 1];
  if (base === undefined || attempts < 1) return null;
  return base * (1 - JITTER + 2 * JITTER * random);
}
