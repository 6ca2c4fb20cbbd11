import { createHistogram } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { summarize } from "./summary";

describe("a histogram as the tail tables print it", () => {
  it("gives p50, p90, p99 and max in milliseconds from nanoseconds", () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms * 1_000_000);
    const summary = summarize(histogram);
    expect(summary.count).toBe(100);
    // HdrHistogram keeps three significant digits: each figure within 0.1% of the value recorded.
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p90).toBeCloseTo(90, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it("takes an offset off every figure, never below zero (the event-loop sampler's own period)", () => {
    const fake = { count: 3, max: 5_000_000, percentile: (p: number) => (p === 50 ? 500_000 : 2_000_000) };
    expect(summarize(fake, 1_000_000)).toEqual({ count: 3, p50: 0, p90: 1, p99: 1, max: 4 });
  });

  it("says nothing was recorded rather than 0 ms", () => {
    const empty = summarize(createHistogram());
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });
});
