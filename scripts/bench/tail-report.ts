// The tables of `npm run bench -- --tail`: per scenario, p50 / p90 / p99 / max of each layer
// beside the client's latency, and the p99s of every scenario side by side. Pure: tail.ts gathers
// the figures, tail-report.test.ts holds the shape.
import type { TailReport } from "../../lib/tail/monitor";
import type { TailLayer } from "../../lib/tail/registry";
import type { SchedulerTimes } from "../../lib/tail/scheduler";
import { EMPTY as NONE, type Summary } from "../../lib/tail/summary";
import type { CpuWindow } from "./tail-cpu";
import { PROBE_LABEL } from "./tail-probe";

/** One scenario's measured window, from both ends of the socket. */
export interface TailWindow {
  label: string;
  rps: number;
  /** Network errors and non-2xx answers (their latencies are left out, as autocannon leaves them). */
  errors: number;
  /** Every 2xx answer's latency as autocannon timed it, to the microsecond. */
  client: Summary;
  /** The bench process's own event-loop delay: the load generator shares the machine's two cores. */
  clientLoop: Summary;
  /** The database's round trip timed from the bench (tail-probe.ts); none for the bare app. */
  probe?: Summary;
  /** Where the machine's cores went in the window (Linux only). */
  cpu?: CpuWindow;
  /** The bench process's main thread in the window (Linux only). */
  clientScheduler?: SchedulerTimes;
  /** The report of the server process that served the window. */
  server: TailReport;
}

/** Milliseconds: two decimals below 10, one above; "–" for a layer the scenario does not pass. */
export const msCell = (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(value < 10 ? 2 : 1));
const countCell = (count: number) => count.toLocaleString("en-US");

const LAYERS: [TailLayer, string][] = [
  ["server", "server process: headers read → response sent"],
  ["handler", "route handler (lib/http/route.ts)"],
  ["poolWait", "pool wait (per connection taken)"],
  ["pgRoundTrip", "PostgreSQL round trip (per statement)"],
];

/** The rows of a window, by name, in the order the table prints them. */
export function tailRows(window: TailWindow): [string, Summary][] {
  const { server } = window;
  return [
    ["client (autocannon, 2xx)", window.client],
    ...LAYERS.map(([layer, name]): [string, Summary] => [name, server.layers[layer] ?? NONE]),
    [PROBE_LABEL, window.probe ?? NONE],
    ["event-loop delay, server process (samples)", server.eventLoopDelay],
    ["GC pause, server process (every kind)", server.gc.all ?? NONE],
    ["event-loop delay, load generator (samples)", window.clientLoop],
  ];
}

/**
 * Client minus a layer, percentile by percentile: where the client's p99 and the layer's p99 are
 * the same requests, what the rest of the way added to them. Not a distribution of its own (the
 * two histograms are not matched request by request), so no max.
 */
export function outside(client: Summary, inner: Summary | undefined): Summary {
  if (!inner?.count) return { ...NONE, count: NaN };
  return { count: NaN, p50: client.p50 - inner.p50, p90: client.p90 - inner.p90, p99: client.p99 - inner.p99, max: NaN };
}

const row = (name: string, s: Summary) =>
  `| ${name} | ${Number.isNaN(s.count) ? "" : countCell(s.count)} | ${msCell(s.p50)} | ${msCell(s.p90)} | ${msCell(s.p99)} | ${msCell(s.max)} |`;

export function tailTable(window: TailWindow): string {
  const { server } = window;
  const seconds = server.windowMs / 1000;
  const lines = [
    `### ${window.label}: ${Math.round(window.rps).toLocaleString("en-US")} req/s, ${window.errors} errors, ${seconds.toFixed(1)} s`,
    "",
    "| layer | n | p50 | p90 | p99 | max (ms) |",
    "|---|---:|---:|---:|---:|---:|",
    ...tailRows(window).map(([name, summary]) => row(name, summary)),
    row("client − handler (per percentile)", outside(window.client, server.layers.handler)),
    row("client − server process (per percentile)", outside(window.client, server.layers.server)),
  ];
  const shares = scheduling(server.windowMs, [
    ["server", server.scheduler],
    ["load generator", window.clientScheduler],
  ]);
  if (shares) lines.push("", shares);
  if (window.cpu) lines.push("", coresLine(window.cpu));
  const kinds = Object.entries(server.gc).filter(([kind]) => kind !== "all");
  if (kinds.length) {
    lines.push("", "| GC kind | pauses | total ms | share of the window | p50 | p99 | max (ms) |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const [kind, gc] of kinds) {
      const share = `${((gc.totalMs / server.windowMs) * 100).toFixed(1)}%`;
      lines.push(
        `| ${kind} | ${countCell(gc.count)} | ${gc.totalMs.toFixed(0)} | ${share} | ${msCell(gc.p50)} | ${msCell(gc.p99)} | ${msCell(gc.max)} |`,
      );
    }
  }
  return lines.join("\n");
}

/** Every window's p99 per layer, one column per scenario: which layer's tail moves with the client's. */
export function tailComparison(windows: TailWindow[]): string {
  const names = tailRows(windows[0]!).map(([name]) => name);
  const p99s = windows.map((w) => new Map(tailRows(w).map(([name, s]) => [name, s.p99])));
  return [
    `| p99 (ms) | ${windows.map((w) => w.label).join(" | ")} |`,
    `|---|${windows.map(() => "---:").join("|")}|`,
    ...names.map((name) => `| ${name} | ${p99s.map((p) => msCell(p.get(name)!)).join(" | ")} |`),
  ].join("\n");
}

/**
 * How the kernel shared the cores with each process's event loop over the window: the time it ran
 * and the time it was ready but waited for a core (the machine's noise, invisible from inside).
 */
export function scheduling(windowMs: number, threads: [string, SchedulerTimes | undefined][]): string | undefined {
  const known = threads.filter((t): t is [string, SchedulerTimes] => t[1] !== undefined);
  if (!known.length) return undefined;
  const share = (ms: number) => `${((ms / windowMs) * 100).toFixed(0)}%`;
  const parts = known.map(([name, t]) => `${name} ${share(t.onCpuMs)} on a core, ${share(t.waitingForCpuMs)} waiting for one`);
  return `Event-loop threads over the window: ${parts.join("; ")}.`;
}

/** The machine's cores over the window, split between the app, the bench and everything else (the noise). */
export function coresLine({ cores, machine, app, bench, other }: CpuWindow): string {
  const c = (value: number) => value.toFixed(2);
  return (
    `Cores busy over the window, of ${cores}: ${c(machine)} = the app (launcher, server process, PostgreSQL) ${c(app)}` +
    ` + the bench (autocannon, probe) ${c(bench)} + anything else ${c(other)}.`
  );
}
