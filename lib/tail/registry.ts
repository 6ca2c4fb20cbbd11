// The latency histograms of `npm run bench -- --tail` (docs/performance.md, "Where the p99 comes
// from"), one per layer a request passes through. Off unless the bench's server process installed
// the registry (BENCH_TAIL=1: lib/tail/monitor.ts). Each recorder asks for its histogram once, when
// its module loads or its pool is made, and keeps the plain code path when there is none: a
// production process pays nothing, not even a branch per request.
//
// Shared through a global symbol: the launcher's bundle (scripts/lib/server-process.ts) installs
// it, and the app's bundle (Next's) records into it, each loading this file separately.
// No "server-only" here: the launcher and the bench's preload import this file outside Next.
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/** What is timed per request or per query (nanoseconds), beside the process-wide event-loop delay and GC pauses. */
export type TailLayer = "server" | "handler" | "poolWait" | "pgRoundTrip";

const KEY = Symbol.for("keystone-auth.tail-histograms");
type Holder = { [KEY]?: Map<TailLayer, RecordableHistogram> };

/** Turns recording on for this process (the monitor does it before Next loads); idempotent. */
export function installTailRegistry(): Map<TailLayer, RecordableHistogram> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The histogram of `layer`, or undefined when recording is off in this process. */
export function tailHistogram(layer: TailLayer): RecordableHistogram | undefined {
  const registry = (globalThis as Holder)[KEY];
  if (!registry) return undefined;
  let histogram = registry.get(layer);
  if (!histogram) registry.set(layer, (histogram = createHistogram()));
  return histogram;
}

/** Records the nanoseconds since `start` (process.hrtime.bigint()); the histogram refuses values below 1. */
export function recordSince(histogram: RecordableHistogram, start: bigint): void {
  const elapsed = process.hrtime.bigint() - start;
  histogram.record(elapsed > 0n ? elapsed : 1n);
}

/** `run`, timed into `histogram` from its call until its promise settles. */
export function timed<A extends unknown[], R>(histogram: RecordableHistogram, run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const start = process.hrtime.bigint();
    try {
      return await run(...args);
    } finally {
      recordSince(histogram, start);
    }
  };
}
