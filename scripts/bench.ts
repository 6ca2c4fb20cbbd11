// `npm run bench`: builds and starts the production app on a fresh embedded PostgreSQL, seeds
// accounts, and measures with autocannon on loopback. Prints a table and writes
// docs/benchmarks.md with the machine it ran on. A script, not a test: CI does not run it.
//
// Scenarios, at one server process and at the default count: the ceiling (GET /api/health/live,
// no credentials, no database), (a) authenticated GET with a Bearer token, (b) the members list
// with a Bearer token and with X-API-Key, (c) refresh-token rotations, (d) sign-ins at the
// production bcrypt cost against the bound raw bcrypt allows on this machine, (e) authenticated
// GET latency while a sign-in flood runs. Every scenario is also given as a share of the ceiling,
// and the RSS of each server process is read after each pass.
// `npm run bench -- --profile` instead profiles one server process (docs/performance.md).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import { freePort } from "./lib/embedded-postgres";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const BCRYPT_COST = Number(process.env.BENCH_BCRYPT_COST ?? 12);
const PASSWORD = "Bench-Horse-Battery-42";

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Share of the ceiling (GET /api/health/live in the same run and process count). */
  share?: number;
  note?: string;
}

interface TargetRun {
  processes: number;
  rows: Row[];
  /** RSS of each server process (MB) after each pass of the scenarios. */
  rss: number[][];
  ratios: { getShare: number; getP99: number; membersBearer: number; membersKey: number; refreshOfGet: number; loginOfBound: number; floodP99: number };
}

const profileMode = process.argv.includes("--profile");
/** `--option=value` from the command line. */
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
// For trying a change quickly: `--processes=1 --only=ceiling,get` measures part of the run and
// leaves docs/benchmarks.md alone (only a full run is a report).
const ONLY = option("only")?.split(",");
const PROCESS_COUNTS = option("processes")?.split(",").map(Number);
const PASSES = Number(option("passes") ?? 3);
const partial = Boolean(ONLY || PROCESS_COUNTS || option("passes"));

async function main() {
  if (!process.argv.includes("--no-build")) {
    console.log("Building (next build)…");
    const build = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  if (profileMode) return profile();

  const bound = await rawBcryptComparesPerSecond();
  console.log(`Raw bcrypt (cost ${BCRYPT_COST}, ${os.availableParallelism()} threads): ${bound.toFixed(2)} compares/s`);
  // One process (the issue's per-process targets) and the default count, each on a fresh app.
  const counts = PROCESS_COUNTS ?? [...new Set([1, os.availableParallelism()])];
  const runs: TargetRun[] = [];
  for (const processes of counts) runs.push(await measureTarget(processes, bound));
  if (partial) console.log("\nA partial run (--only, --processes or --passes): docs/benchmarks.md left as it was.");
  else report(runs, bound);
}

/** Starts the production app with `processes` server processes; returns its base URL and stop. */
async function startApp(processes: number, extraEnv: Record<string, string> = {}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const port = await freePort(3400);
  const app = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    env: {
      ...process.env,
      DATA_DIR: scratch,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort(56500)),
      WEB_CONCURRENCY: String(processes),
      BCRYPT_COST: String(BCRYPT_COST),
      RATE_LIMITS_ENABLED: "false",
      EMAIL_CONFIRMATION_REQUIRED: "false",
      LOG_LEVEL: "error",
      NODE_ENV: "production",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {}
  };
  process.on("exit", kill);
  const base = `http://localhost:${port}`;
  await waitForHealth(base);
  return {
    base,
    pid: app.pid!,
    async stop() {
      kill();
      process.off("exit", kill);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

type Scenario = "ceiling" | "get" | "membersBearer" | "membersKey" | "refresh" | "login" | "flood";
const SCENARIOS: Scenario[] = ["ceiling", "get", "membersBearer", "membersKey", "refresh", "login", "flood"];

async function measureTarget(processes: number, bound: number): Promise<TargetRun> {
  console.log(`\n== ${processes} server process${processes > 1 ? "es" : ""}`);
  const app = await startApp(processes);
  try {
    const { base } = app;
    const seed = await seedAccounts(base);
    const bearer = { authorization: `Bearer ${seed.access}` };
    const apiKey = { "x-api-key": seed.apiKey };
    const measure: Record<Scenario, () => Promise<autocannon.Result>> = {
      ceiling: () => run(`${base}/api/health/live`, {}),
      get: () => run(`${base}/api/auth/profile`, { headers: bearer }),
      membersBearer: () => run(`${base}/api/organizations/current/members`, { headers: bearer }),
      membersKey: () => run(`${base}/api/organizations/current/members`, { headers: apiKey }),
      refresh: () => runRefresh(base, seed.refreshTokens),
      login: () => run(`${base}/api/auth/login`, loginRequest(seed.email), DURATION * 1.5),
      flood: async () => {
        const [underFlood] = await Promise.all([
          run(`${base}/api/auth/profile`, { headers: bearer }),
          run(`${base}/api/auth/login`, loginRequest(seed.email), DURATION, 20),
        ]);
        return underFlood;
      },
    };
    const results = new Map<Scenario, autocannon.Result[]>();
    const rss: number[][] = [];
    // Every scenario runs PASSES times on the same processes and the tables show the median run:
    // one run on a shared machine can land on a scheduling hiccup. RSS is read after each pass,
    // so growth between passes shows.
    for (let pass = 1; pass <= PASSES; pass++) {
      for (const scenario of SCENARIOS.filter((name) => !ONLY || ONLY.includes(name))) {
        const result = await measure[scenario]();
        results.set(scenario, [...(results.get(scenario) ?? []), result]);
        console.log(`pass ${pass} ${scenario}: ${rate(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors`);
      }
      rss.push(serverProcessRss(app.pid));
      console.log(`pass ${pass}: RSS per server process ${rss.at(-1)!.join(", ")} MB`);
    }
    const median = (scenario: Scenario) => medianRun(results.get(scenario) ?? []);
    const [ceiling, get, membersBearer, membersKey, refresh, logins, underFlood] = SCENARIOS.map(median);
    const c = ceiling?.rps;
    const rows = [
      ceiling && row("ceiling: GET /api/health/live (no auth, no database)", ceiling, c),
      get && row("(a) GET /api/auth/profile, Bearer", get, c),
      membersBearer && row("(b) GET /api/organizations/current/members, Bearer", membersBearer, c),
      membersKey && row("(b) GET /api/organizations/current/members, X-API-Key", membersKey, c),
      refresh && row("(c) POST /api/auth/refresh (rotation)", refresh, c, get && `${pct(refresh.rps / get.rps)} of (a)`),
      logins && row(`(d) POST /api/auth/login, bcrypt cost ${BCRYPT_COST}`, logins, undefined, `${pct(logins.rps / bound)} of the ${bound.toFixed(2)}/s bcrypt bound`),
      underFlood && row("(e) GET /api/auth/profile during a login flood", underFlood, c, get && `p99 ${(underFlood.p99 / get.p99).toFixed(2)}× of (a)`),
    ].filter((r): r is Row => Boolean(r));
    console.log(table(rows));
    const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : NaN);
    return {
      processes,
      rows,
      rss,
      ratios: {
        getShare: ratio(get?.rps, c),
        getP99: get?.p99 ?? NaN,
        membersBearer: ratio(membersBearer?.rps, c),
        membersKey: ratio(membersKey?.rps, c),
        refreshOfGet: ratio(refresh?.rps, get?.rps),
        loginOfBound: ratio(logins?.rps, bound),
        floodP99: ratio(underFlood?.p99, get?.p99),
      },
    };
  } finally {
    await app.stop();
  }
}

/** The run with the median throughput, its p50 and p99 the medians of the runs' own. */
function medianRun(runs: autocannon.Result[]): Measured | undefined {
  if (!runs.length) return undefined;
  const mid = <T>(values: T[], by: (v: T) => number) => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
  return {
    rps: mid(runs, (r) => r.requests.average).requests.average,
    p50: mid(runs, (r) => r.latency.p50).latency.p50,
    p99: mid(runs, (r) => r.latency.p99).latency.p99,
    errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

/**
 * `npm run bench -- --profile`: one server process under --cpu-prof, the ceiling then the
 * authenticated GET, each charged to the request's layers by scripts/profile-summary.ts.
 */
async function profile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-profile-"));
  const app = await startApp(1, { SERVER_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${dir}` });
  const windows: [string, string, number][] = [];
  try {
    const seed = await seedAccounts(app.base);
    const measure = async (name: string, load: (seconds: number) => Promise<autocannon.Result>) => {
      await load(3);
      const from = process.hrtime.bigint() / 1000n;
      const result = await load(DURATION);
      windows.push([name, `${from}-${process.hrtime.bigint() / 1000n}`, result.requests.total]);
      console.log(`${name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors`);
    };
    const get = (url: string, headers: Record<string, string>) => (duration: number) =>
      autocannon({ url, connections: CONNECTIONS, duration, headers });
    await measure("ceiling: GET /api/health/live", get(`${app.base}/api/health/live`, {}));
    await measure("(a) GET /api/auth/profile, Bearer", get(`${app.base}/api/auth/profile`, { authorization: `Bearer ${seed.access}` }));
    await measure("(b) GET /api/organizations/current/members, X-API-Key", get(`${app.base}/api/organizations/current/members`, { "x-api-key": seed.apiKey }));
    await measure("(c) POST /api/auth/refresh", (seconds) => rotations(app.base, seed.refreshTokens, seconds));
  } finally {
    await app.stop();
    await new Promise((resolve) => setTimeout(resolve, 5000)); // the profile is written on exit
  }
  const file = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]; // the main thread's, not a worker thread's
  if (!file) throw new Error(`No profile written in ${dir}`);
  for (const [name, window, requests] of windows) {
    console.log(`\n### ${name}\n`);
    spawnSync(path.join("node_modules", ".bin", "tsx"), ["scripts/profile-summary.ts", file, "--window", window, "--requests", String(requests)], { stdio: "inherit" });
  }
  console.log(`\nProfile: ${file}`);
}

/** RSS (MB) of each server process of the app: its cluster workers, else the one serving process. */
function serverProcessRss(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const tree: number[] = [];
  for (const queue = [rootPid]; queue.length; ) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  const read = (pid: number, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
      return "";
    }
  };
  const node = tree.filter((pid) => /(^|\/)node\0/.test(read(pid, "cmdline")) && /start\.ts|server-process/.test(read(pid, "cmdline")));
  const workers = node.filter((pid) => read(pid, "environ").includes("NODE_UNIQUE_ID="));
  const servers = workers.length ? workers : node.slice(-1);
  return servers.map((pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(read(pid, "status"))?.[1] ?? 0) / 1024));
}

type Options = { method?: autocannon.Request["method"]; headers?: Record<string, string>; body?: string };

async function run(url: string, options: Options, seconds = DURATION, connections = CONNECTIONS): Promise<autocannon.Result> {
  // Unmeasured warm-up first: every server process JIT-compiles and loads the route's chunks.
  await autocannon({ url, connections, duration: 3, ...options });
  return autocannon({ url, connections, duration: seconds, ...options });
}

const loginRequest = (email: string): Options => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email, password: PASSWORD }),
});

/**
 * Rotations need a fresh token per request: a shared queue hands them out and takes the new ones
 * back. The queue is the caller's, so a second pass continues with the live tokens. Warmed up
 * like every other scenario (it was not, and its first pass paid for the JIT).
 */
async function runRefresh(base: string, queue: string[]): Promise<autocannon.Result> {
  await rotations(base, queue, 3);
  return rotations(base, queue, DURATION);
}

function rotations(base: string, queue: string[], seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}/api/auth/refresh`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const token = queue.shift();
          if (!token) throw new Error("The bench ran out of refresh tokens: seed more spares.");
          return { ...request, body: JSON.stringify({ refresh_token: token }) };
        },
        onResponse: (status, body) => {
          if (status === 200) queue.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const row = (scenario: string, m: Measured, ceiling?: number, note?: string): Row => ({
  scenario,
  ...m,
  share: ceiling ? m.rps / ceiling : undefined,
  note,
});

const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
/** Requests per second: whole numbers, but sign-ins (a few a second) to one decimal. */
const rate = (rps: number) => rps.toFixed(rps < 100 ? 1 : 0);

async function waitForHealth(base: string) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The app did not become healthy in time");
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function seedAccounts(base: string) {
  const email = `bench-${Date.now()}@example.test`;
  const registered = await post(`${base}/api/auth/register`, { email, password: PASSWORD, name: "Bench" });
  const access = registered.access_token as string;
  const auth = { authorization: `Bearer ${access}` };
  await post(`${base}/api/auth/check-password`, { password: PASSWORD }, auth);
  const key = await post(`${base}/api/organizations/current/api-keys`, { name: "bench" }, auth);
  const refreshTokens: string[] = [];
  // Spare tokens: a request in flight when a run stops takes its token with it, so each run
  // (a warm-up and a measured run per pass) may lose one per connection.
  for (let i = 0; i < CONNECTIONS * (2 * PASSES + 2); i++) refreshTokens.push((await post(`${base}/api/auth/login`, { email, password: PASSWORD })).refresh_token);
  return { email, access, apiKey: key.key as string, refreshTokens };
}

/** bcrypt compares per second with one thread per core, as the app's hash pool runs them. */
async function rawBcryptComparesPerSecond(seconds = 6): Promise<number> {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const bcrypt = require(workerData.bcryptPath);
    const hash = bcrypt.hashSync("x", workerData.cost);
    const end = Date.now() + workerData.ms; let n = 0;
    while (Date.now() < end) { bcrypt.compareSync("x", hash); n++; }
    parentPort.postMessage(n);`;
  const bcryptPath = createRequire(import.meta.url).resolve("bcryptjs");
  const threads = os.availableParallelism();
  const counts = await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(source, { eval: true, workerData: { bcryptPath, cost: BCRYPT_COST, ms: seconds * 1000 } });
        worker.once("message", resolve);
        worker.once("error", reject);
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

function table(rows: Row[]): string {
  const header = "| Scenario | req/s | share of ceiling | p50 ms | p99 ms | errors | note |\n|---|---:|---:|---:|---:|---:|---|";
  const lines = rows.map((r) => `| ${r.scenario} | ${rate(r.rps)} | ${r.share === undefined ? "" : pct(r.share)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.note ?? ""} |`);
  return [header, ...lines].join("\n");
}

/**
 * The issue's targets, each judged on this run's figures. Issue 17 sets the request-rate shares
 * (GET, members list, refresh) at one process, and sign-in, the flood and memory at one process
 * and at the default count; the shares at other counts are reported beside them, unjudged.
 */
function targets(runs: TargetRun[]): string {
  const one = runs[0]!;
  const judged = (r: TargetRun, ok: boolean) => (r === one ? ok : undefined);
  const lines: [string, string, boolean | undefined][] = [
    ["authenticated GET (Bearer), one process: ≥ 75% of the ceiling", pct(one.ratios.getShare), one.ratios.getShare >= 0.75],
    ["… and p99 ≤ 15 ms at 10 connections", `${one.ratios.getP99} ms`, one.ratios.getP99 <= 15],
    ...runs.flatMap((r): [string, string, boolean | undefined][] => [
      [`members list, Bearer, ${r.processes} process(es): ≥ 60% of the ceiling`, pct(r.ratios.membersBearer), judged(r, r.ratios.membersBearer >= 0.6)],
      [`members list, X-API-Key, ${r.processes} process(es): ≥ 60% of the ceiling`, pct(r.ratios.membersKey), judged(r, r.ratios.membersKey >= 0.6)],
      [`refresh with rotation, ${r.processes} process(es): ≥ 70% of the authenticated GET`, pct(r.ratios.refreshOfGet), judged(r, r.ratios.refreshOfGet >= 0.7)],
      [`sign-in, ${r.processes} process(es): ≥ 90% of the all-cores bcrypt bound`, pct(r.ratios.loginOfBound), r.ratios.loginOfBound >= 0.9],
      [`GET p99 in a sign-in flood, ${r.processes} process(es): ≤ 1.5× its p99 alone`, `${r.ratios.floodP99.toFixed(2)}×`, r.ratios.floodP99 <= 1.5],
      [`RSS per server process, ${r.processes} process(es): ≤ 400 MB after the bench`, `${r.rss.at(-1)!.join(", ")} MB`, r.rss.at(-1)!.every((mb) => mb <= 400)],
      // Between the last two passes: the first also holds the start-up growth (JIT, route chunks).
      [`… no growth between the last two passes`, `${r.rss.at(-2)!.join(", ")} → ${r.rss.at(-1)!.join(", ")} MB`, r.rss.at(-1)!.every((mb, i) => mb <= r.rss.at(-2)![i]! * 1.05)],
    ]),
  ];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? "reported (set at one process)" : ok ? "yes" : "**no**");
  return ["| Target | this run | met |", "|---|---:|---|", ...lines.map(([t, v, ok]) => `| ${t} | ${v} | ${verdict(ok)} |`)].join("\n");
}

const MARK_START = "<!-- bench:start -->";
const MARK_END = "<!-- bench:end -->";

function report(runs: TargetRun[], bound: number) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const sections = runs.map((r) => `### ${r.processes} server process${r.processes > 1 ? "es" : ""} (WEB_CONCURRENCY=${r.processes})\n\n${table(r.rows)}\n\nRSS per server process after each pass: ${r.rss.map((mbs) => `${mbs.join(", ")} MB`).join(" → ")}.`);
  const measured = `${MARK_START}
Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: the production build
(\`next build\` + the launcher), the embedded PostgreSQL, autocannon on loopback in the same
process, ${CONNECTIONS} connections, ${DURATION} s per scenario after 3 s of unmeasured warm-up (the login
scenario 1.5×), rate limits off, bcrypt cost ${BCRYPT_COST}. Each process count runs on a fresh app;
the scenarios run ${PASSES} times there, one pass after another, and the tables show the median of the
passes (throughput, p50 and p99 each); RSS is read after every pass.

Machine: ${machine}. Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}.

The ceiling is \`GET /api/health/live\` in the same run and process count: the same Next.js
server, launcher and headers, no credentials and no database. The proxy does not run for it, nor
for any API call that carries a credential (proxy.ts: it has nothing to decide there). Raw bcrypt bound:
${bound.toFixed(2)} compares/s (cost ${BCRYPT_COST}, one worker thread per core, measured before the app starts).

${sections.join("\n\n")}

${targets(runs)}
${MARK_END}`;
  console.log(`\n${measured}\n`);
  const file = "docs/benchmarks.md";
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const at = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  // Only the measured part is rewritten: the notes around it (before/after, how to read) stay.
  const next =
    at >= 0 && end > at
      ? current.slice(0, at) + measured + current.slice(end + MARK_END.length)
      : `# Benchmarks\n\n${measured}\n\nWhat limits these figures, and what would raise them: [performance.md](performance.md).\n`;
  mkdirSync("docs", { recursive: true });
  writeFileSync(file, next);
  console.log(`Wrote ${file}`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
