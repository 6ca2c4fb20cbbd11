// `npm run bench -- --tail`: where each scenario's latency tail comes from (issue 29). One server
// process with the tail monitor on (BENCH_TAIL=1: lib/tail/monitor.ts); each scenario warmed up,
// then measured, and for the measured window p50 / p90 / p99 / max of every layer it records
// (the server process's time per request, the route handler's, the pool wait, the PostgreSQL
// round trip, the event-loop delay, GC pauses), beside the latency autocannon saw and the load
// generator's own event-loop delay. The bare Next.js app runs after the app has stopped, with the
// same monitor loaded through `node --import`. Scenarios: `--only=` (TAIL_SCENARIOS), default
// the bare route, the ceiling, the authenticated GET and the members list with an API key.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { EVENT_LOOP_RESOLUTION_MS } from "../../lib/tail/monitor";
import { mainThreadTimes, schedulerWindow } from "../../lib/tail/scheduler";
import { summarize } from "../../lib/tail/summary";
import { startApp } from "./app";
import { BARE_PATH, startBareNext } from "./bare-next";
import { WARM_UP_SECONDS } from "./load";
import { options } from "./options";
import { seedAccounts, type Seed } from "./seed";
import { compileTailPreload } from "./tail-preload";
import { cpuWindow, readCpu } from "./tail-cpu";
import { startDatabaseProbe } from "./tail-probe";
import { tailComparison, tailTable, type TailWindow } from "./tail-report";
import { collectReports, servingReport, waitForRecorders } from "./tail-reports";

/** What the tail mode can load: GET requests of a fixed shape (a rotating refresh is not one). */
const TAIL_SCENARIOS: Record<string, { label: string; path: string; headers?: (seed: Seed) => Record<string, string> }> = {
  bare: { label: "bare Next.js: GET /api/bare", path: BARE_PATH },
  ceiling: { label: "ceiling: GET /api/health/live", path: "/api/health/live" },
  get: { label: "(a) GET /api/auth/profile, Bearer", path: "/api/auth/profile", headers: (s) => ({ authorization: `Bearer ${s.access}` }) },
  membersBearer: {
    label: "(b) GET …/members, Bearer",
    path: "/api/organizations/current/members",
    headers: (s) => ({ authorization: `Bearer ${s.access}` }),
  },
  membersKey: {
    label: "(b) GET …/members, X-API-Key",
    path: "/api/organizations/current/members",
    headers: (s) => ({ "x-api-key": s.apiKey }),
  },
};
const DEFAULT = ["bare", "ceiling", "get", "membersKey"];

export async function tail() {
  const picked = options.only ?? DEFAULT;
  const unknown = picked.filter((id) => !(id in TAIL_SCENARIOS));
  if (unknown.length) throw new Error(`--tail cannot load ${unknown.join(", ")} (it loads ${Object.keys(TAIL_SCENARIOS).join(", ")})`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-tail-"));
  const env = { BENCH_TAIL: "1", BENCH_TAIL_DIR: dir };
  // The webhook dispatcher back at its production pace (every 5 s, not the bench's 200 ms: app.ts):
  // none of these scenarios queues a delivery, and its empty claims would be some of the
  // statements in the round-trip histogram's top percent.
  const appEnv = { ...env, WEBHOOKS_POLL_INTERVAL_MS: "5000" };
  const windows: TailWindow[] = [];

  const onApp = picked.filter((id) => id !== "bare");
  if (onApp.length) {
    const app = await startApp(1, appEnv);
    try {
      const seed = await seedAccounts(app.base);
      const pids = await waitForRecorders(dir);
      for (const id of onApp) {
        const { label, path: route, headers } = TAIL_SCENARIOS[id]!;
        const url = `${app.base}${route}`;
        windows.push(
          await measureWindow({ label, url, headers: headers?.(seed), dir, pids, rootPid: app.pid, databaseUrl: app.databaseUrl }),
        );
      }
    } finally {
      await app.stop();
    }
  }
  if (picked.includes("bare")) {
    // Started after the app has stopped, as the profile does: the two never share the cores.
    const preload = await compileTailPreload();
    const bare = await startBareNext(1, ["--import", preload], env);
    try {
      const pids = await waitForRecorders(dir);
      const url = `${bare.base}${BARE_PATH}`;
      windows.unshift(await measureWindow({ label: TAIL_SCENARIOS.bare!.label, url, dir, pids, rootPid: bare.pid }));
    } finally {
      await bare.stop();
    }
  }
  console.log(
    `\nOne server process, ${options.connections} connections, ${options.seconds} s measured after ${WARM_UP_SECONDS} s of warm-up.`,
  );
  for (const window of windows) console.log(`\n${tailTable(window)}`);
  console.log(`\n### p99 per layer\n\n${tailComparison(windows)}`);
  console.log(`\nReports: ${dir}`);
}

/** One scenario on a running app (or the bare app), and where its tail monitor reports. */
interface Target {
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** The tail monitor's folder and the processes recording into it. */
  dir: string;
  pids: number[];
  /** The launcher (or the bare app's process): its tree is "the app" in the CPU line. */
  rootPid: number;
  /** The app's database, probed from the bench; none for the bare app. */
  databaseUrl?: string;
}

/**
 * A warm-up, then a report the window discards (it resets the server's histograms), then the
 * measured load with the client's latencies, the bench's own event-loop delay, the machine's CPU
 * and (on the app) the database probe recorded, then the report of the measured window.
 */
async function measureWindow({ label, url, headers = {}, dir, pids, rootPid, databaseUrl }: Target): Promise<TailWindow> {
  await autocannon({ url, headers, connections: options.connections, duration: WARM_UP_SECONDS });
  await collectReports(dir, pids);
  const probe = databaseUrl ? await startDatabaseProbe(databaseUrl) : undefined;
  const client = createHistogram();
  const loop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  loop.enable();
  const scheduled = mainThreadTimes();
  const cpuFrom = readCpu(rootPid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: options.connections, duration: options.seconds }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    // autocannon's own histogram keeps whole milliseconds; its response event has the fraction.
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) client.record(Math.max(1, Math.round(ms * 1e6)));
    });
  });
  const cpu = cpuWindow(cpuFrom, readCpu(rootPid));
  loop.disable();
  const clientScheduler = schedulerWindow(scheduled, mainThreadTimes());
  const probed = await probe?.stop();
  const server = servingReport(await collectReports(dir, pids));
  const window: TailWindow = {
    label,
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    client: summarize(client),
    clientLoop: summarize(loop, EVENT_LOOP_RESOLUTION_MS * 1e6),
    clientScheduler,
    probe: probed,
    cpu,
    server,
  };
  console.log(
    `${label}: ${window.rps.toFixed(0)} req/s, client p99 ${window.client.p99.toFixed(1)} ms, ` +
      `server p99 ${server.layers.server?.p99.toFixed(1)} ms, ${window.errors} errors`,
  );
  return window;
}
