// The figures the tables are made of: one scenario's passes reduced to one row of figures, and
// the ratios between scenarios, as the report writes them.
import type autocannon from "autocannon";

/** One row's figures at one process count (of one pass, or the median of the passes). */
export interface Measured {
  /** Requests per second (deliveries per second for the dispatcher). */
  rps: number;
  /** Milliseconds: whole ones from autocannon, hundredths from the bench's own timed loads. */
  p50: number;
  p99: number;
  errors: number;
}

/** An autocannon run as a row: every failure counts, network errors and non-2xx answers alike. */
export const fromAutocannon = (result: autocannon.Result): Measured => ({
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors + result.non2xx,
});

/** The median of `values` by `by` (the upper one of an even count). */
export const median = <T>(values: T[], by: (v: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

/**
 * The run with the median throughput, its p50 and p99 the medians of the runs' own: one pass on
 * a shared machine can land on a scheduling hiccup. Errors are every pass's, summed.
 */
export function medianRun(runs: Measured[]): Measured | undefined {
  if (!runs.length) return undefined;
  return {
    rps: median(runs, (r) => r.rps).rps,
    p50: median(runs, (r) => r.p50).p50,
    p99: median(runs, (r) => r.p99).p99,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** The `p`-th percentile (0–100) of `values` by nearest rank, as HdrHistogram reports it; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** a / b, or NaN when either is missing (a scenario left out of the run). */
export const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : NaN);

export const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
/** Requests per second: whole numbers, but sign-ins (a few a second) to one decimal. */
export const rate = (rps: number) => rps.toFixed(rps < 100 ? 1 : 0);
/** A latency as measured: autocannon's whole milliseconds as they are, the bench's own to 0.01 ms. */
export const ms = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
