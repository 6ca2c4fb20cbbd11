// `npm run bench`: builds and starts the production app on a fresh embedded PostgreSQL, seeds
// accounts, and measures with autocannon on loopback. Prints a table and writes
// docs/benchmarks.md with the machine it ran on. A script, not a test: CI does not run it.
//
// Scenarios: (a) authenticated GET with a Bearer token, (b) the same with X-API-Key,
// (c) refresh-token rotations, (d) sign-ins at the production bcrypt cost against the bound raw
// bcrypt allows on this machine, (e) authenticated GET latency while a sign-in flood runs.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
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
  note?: string;
}

async function main() {
  if (!process.argv.includes("--no-build")) {
    console.log("Building (next build)…");
    const build = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const bound = await rawBcryptComparesPerSecond();
  console.log(`Raw bcrypt (cost ${BCRYPT_COST}, ${os.availableParallelism()} threads): ${bound.toFixed(2)} compares/s`);

  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const port = await freePort(3400);
  const base = `http://localhost:${port}`;
  const app = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    env: {
      ...process.env,
      DATA_DIR: scratch,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort(56500)),
      BCRYPT_COST: String(BCRYPT_COST),
      RATE_LIMITS_ENABLED: "false",
      EMAIL_CONFIRMATION_REQUIRED: "false",
      LOG_LEVEL: "error",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);

  try {
    await waitForHealth(base);
    const seed = await seedAccounts(base);
    const rows: Row[] = [];

    const bearer = await run(`${base}/api/auth/profile`, { headers: { authorization: `Bearer ${seed.access}` } });
    rows.push(row("(a) GET /api/auth/profile, Bearer", bearer));

    const apiKey = await run(`${base}/api/organizations/current`, { headers: { "x-api-key": seed.apiKey } });
    rows.push(row("(b) GET /api/organizations/current, X-API-Key", apiKey));

    const refresh = await runRefresh(base, seed.refreshTokens);
    rows.push(row("(c) POST /api/auth/refresh (rotation)", refresh));

    const logins = await run(`${base}/api/auth/login`, loginRequest(seed.email), DURATION * 1.5);
    rows.push(row("(d) POST /api/auth/login, bcrypt cost " + BCRYPT_COST, logins, `${((logins.requests.average / bound) * 100).toFixed(0)}% of the ${bound.toFixed(2)}/s bcrypt bound`));

    const [underFlood] = await Promise.all([
      run(`${base}/api/auth/profile`, { headers: { authorization: `Bearer ${seed.access}` } }),
      run(`${base}/api/auth/login`, loginRequest(seed.email), DURATION, 20),
    ]);
    rows.push(row("(e) GET /api/auth/profile during a login flood", underFlood, `p99 ${(underFlood.latency.p99 / bearer.latency.p99).toFixed(2)}× of (a)`));

    report(rows, bound);
  } finally {
    stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    rmSync(scratch, { recursive: true, force: true });
  }
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

/** Rotations need a fresh token per request: a shared queue hands them out and takes the new ones back. */
function runRefresh(base: string, tokens: string[]): Promise<autocannon.Result> {
  const queue = [...tokens];
  return autocannon({
    url: `${base}/api/auth/refresh`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ refresh_token: queue.shift() }) }),
        onResponse: (status, body) => {
          if (status === 200) queue.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });
}

const row = (scenario: string, r: autocannon.Result, note?: string): Row => ({
  scenario,
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.non2xx,
  note,
});

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
  for (let i = 0; i < CONNECTIONS * 2; i++) refreshTokens.push((await post(`${base}/api/auth/login`, { email, password: PASSWORD })).refresh_token);
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

function report(rows: Row[], bound: number) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const header = "| Scenario | req/s | p50 ms | p99 ms | errors | note |\n|---|---:|---:|---:|---:|---|";
  const lines = rows.map((r) => `| ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.note ?? ""} |`);
  const table = [header, ...lines].join("\n");
  console.log(`\n${table}\n`);
  mkdirSync("docs", { recursive: true });
  writeFileSync(
    "docs/benchmarks.md",
    `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: the production build
(\`next build\` + the launcher), the embedded PostgreSQL, autocannon on loopback in the same
process, ${CONNECTIONS} connections, ${DURATION} s per scenario (the login scenario 1.5×), rate limits
off, bcrypt cost ${BCRYPT_COST}.

Machine: ${machine}.

${table}

Raw bcrypt bound: ${bound.toFixed(2)} compares/s (cost ${BCRYPT_COST}, one worker thread per core,
measured by the script before the app starts). Every authenticated request verifies the JWT and
reads its session row (revocation check); the API-key scenario reads the key row instead.
What limits these figures, and what would raise them: [performance.md](performance.md).
`,
  );
  console.log("Wrote docs/benchmarks.md");
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
