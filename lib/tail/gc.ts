// GC pauses for the tail histograms: every collection V8 reports to a PerformanceObserver, by kind,
// as a histogram of its pause on the main thread (the work its helper threads do meanwhile does
// not stop the loop) and the total paused. Only the bench's server process observes them
// (lib/tail/monitor.ts); entries arrive in batches, a little after the collection.
import { constants, createHistogram, PerformanceObserver, type RecordableHistogram } from "node:perf_hooks";
import { summarize, type Summary } from "./summary";

/** Node's names for V8's collections: scavenges of the young generation, full mark-compacts, steps of incremental marking, weak callbacks. */
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
} as const;

export type GcKind = (typeof KINDS)[keyof typeof KINDS] | "all";

/** A kind's pauses (ms), and their sum: the share of the window the loop stood still for it. */
export interface GcFigures extends Summary {
  totalMs: number;
}

export interface GcPauses {
  /** Every kind seen since the last reset, and "all" of them together. */
  figures(): Partial<Record<GcKind, GcFigures>>;
  reset(): void;
}

export function observeGcPauses(): GcPauses {
  const pauses = new Map<GcKind, { histogram: RecordableHistogram; totalNs: number }>();
  const record = (kind: GcKind, ns: number) => {
    let entry = pauses.get(kind);
    if (!entry) pauses.set(kind, (entry = { histogram: createHistogram(), totalNs: 0 }));
    entry.histogram.record(Math.max(1, Math.round(ns)));
    entry.totalNs += ns;
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[(entry as { detail?: { kind?: number } }).detail?.kind as keyof typeof KINDS] as GcKind | undefined;
      const ns = entry.duration * 1e6;
      if (kind) record(kind, ns);
      record("all", ns);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    figures: () =>
      Object.fromEntries([...pauses].map(([kind, { histogram, totalNs }]) => [kind, { ...summarize(histogram), totalMs: totalNs / 1e6 }])),
    reset: () => pauses.clear(),
  };
}
