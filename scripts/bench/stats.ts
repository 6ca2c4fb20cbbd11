// The figures the tables are made of: one scenario's passes reduced to one row of figures, and
// the ratios between scenarios, as the report writes them.
import type autocannon from "autocannon";

/** One scenario's figures at one process count. */
export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** The median of `values` by `by` (the upper one of an even count). */
export const median = <T>(values: T[], by: (v: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

/**
 * The run with the median throughput, its p50 and p99 the medians of the runs' own: one pass on
 * a shared machine can land on a scheduling hiccup. Errors are every pass's, summed.
 */
export function medianRun(runs: autocannon.Result[]): Measured | undefined {
  if (!runs.length) return undefined;
  return {
    rps: median(runs, (r) => r.requests.average).requests.average,
    p50: median(runs, (r) => r.latency.p50).latency.p50,
    p99: median(runs, (r) => r.latency.p99).latency.p99,
    errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

/** a / b, or NaN when either is missing (a scenario left out of the run). */
export const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : NaN);

export const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
/** Requests per second: whole numbers, but sign-ins (a few a second) to one decimal. */
export const rate = (rps: number) => rps.toFixed(rps < 100 ? 1 : 0);
