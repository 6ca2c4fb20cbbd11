// One histogram reduced to the figures the bench's tail tables print, in milliseconds. Pure, so
// the server process (which reports) and the bench (which also keeps histograms of its own: the
// client's latency, its own event loop) reduce them the same way.

/** What a node:perf_hooks histogram (nanoseconds) offers that a summary needs. */
export interface HistogramLike {
  readonly count: number;
  readonly max: number;
  percentile(p: number): number;
}

/** Milliseconds; count is the number of values recorded. */
export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export const EMPTY: Summary = { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN };

/**
 * The histogram's percentiles in ms, each less `offsetNs` (never below 0): the event-loop delay
 * histogram records the whole interval between its timer's runs, its resolution included.
 */
export function summarize(histogram: HistogramLike, offsetNs = 0): Summary {
  if (!histogram.count) return EMPTY;
  const ms = (ns: number) => Math.max(0, ns - offsetNs) / 1e6;
  return {
    count: histogram.count,
    p50: ms(histogram.percentile(50)),
    p90: ms(histogram.percentile(90)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
}
