// A server process's side of `npm run bench -- --tail`: with BENCH_TAIL=1 (set by the bench for
// the server processes it starts, never by an operator) it installs the tail histograms, samples
// its own event-loop delay, observes GC pauses and times each HTTP request, and reports all of it
// to a file in the bench's scratch folder (BENCH_TAIL_DIR) on a signal. A signal and a file, not
// an HTTP route: nothing a client of the app can reach, and no channel to the launcher's primary
// to add. Each report covers the time since the previous one, so the bench signals once after its
// warm-up (a report it discards) and once after the measured window.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { observeGcPauses, type GcFigures, type GcKind } from "./gc";
import { installTailRegistry, tailHistogram, type TailLayer } from "./registry";
import { mainThreadTimes, schedulerWindow, type SchedulerTimes } from "./scheduler";
import { timeServerRequests } from "./server-time";
import { summarize, type Summary } from "./summary";

/**
 * The event-loop delay sampler's period, in ms. 1 ms, its smallest: libuv's timers run on a
 * clock of whole milliseconds, so a delay is only known to about 1 ms whatever the period, and
 * the shortest period samples the most loop turns (a turn longer than the period gets a sample of
 * its own). The sampler is a libuv timer with no JavaScript in it: ~1,000 wake-ups a second, and
 * only in the bench.
 */
export const EVENT_LOOP_RESOLUTION_MS = 1;

/** What the bench sends for a report (SIGUSR1 would open Node's inspector). */
export const REPORT_SIGNAL = "SIGUSR2";

/** One report: the figures of the window since the previous one. */
export interface TailReport {
  pid: number;
  windowMs: number;
  layers: Partial<Record<TailLayer, Summary>>;
  /** Each sample is how late the sampler's timer ran: a loop turn that held it up. */
  eventLoopDelay: Summary;
  gc: Partial<Record<GcKind, GcFigures>>;
  /** The event loop's thread: on a core, and ready but waiting for one (Linux only). */
  scheduler?: SchedulerTimes;
}

/** Written once at start, so the bench learns which processes to ask (a cluster worker's pid is the launcher's secret). */
export const startedFile = (dir: string, pid: number) => path.join(dir, `tail-${pid}.started`);
/** The latest report of `pid`, replaced whole (written aside, then renamed) at each signal. */
export const reportFile = (dir: string, pid: number) => path.join(dir, `tail-${pid}.json`);

/** Starts the monitor when the bench asked for it (BENCH_TAIL=1); nothing otherwise. */
export function startTailMonitorFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (env.BENCH_TAIL !== "1") return;
  if (!env.BENCH_TAIL_DIR) throw new Error("BENCH_TAIL=1 needs BENCH_TAIL_DIR, the folder its reports go to");
  startTailMonitor(env.BENCH_TAIL_DIR);
}

export function startTailMonitor(dir: string): void {
  const histograms = installTailRegistry();
  timeServerRequests(tailHistogram("server")!);
  const loop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  loop.enable();
  const gc = observeGcPauses();
  let since = performance.now();
  let scheduled = mainThreadTimes();

  process.on(REPORT_SIGNAL, () => {
    const report: TailReport = {
      pid: process.pid,
      windowMs: performance.now() - since,
      layers: Object.fromEntries([...histograms].map(([layer, histogram]) => [layer, summarize(histogram)])),
      eventLoopDelay: summarize(loop, EVENT_LOOP_RESOLUTION_MS * 1e6),
      gc: gc.figures(),
      scheduler: schedulerWindow(scheduled, mainThreadTimes()),
    };
    const file = reportFile(dir, process.pid);
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
    for (const histogram of histograms.values()) histogram.reset();
    loop.reset();
    gc.reset();
    since = performance.now();
    scheduled = mainThreadTimes();
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(startedFile(dir, process.pid), "");
}
