// Issue 29's question "does the launcher cost a large share?": the same production build served
// by the launcher (scripts/start.ts: cluster worker, X-Forwarded-For rule, connection store) and
// by plain `next start` (TRUST_PROXY=true, as it would run behind a proxy that sets the header),
// beside the bare Next.js route, one process each, on one database, the targets interleaved in
// every pass (5 s warm-up, BENCH_SECONDS measured, --passes like the bench's). Run after a build:
//   npx tsx scripts/bench/serving.ts [--no-bare-build]
// The launcher's server heap flags are given to `next start` too (EXP_HEAP=0: Node's defaults).
// docs/performance.md ("The launcher against next start") has the figures and what they decided.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../lib/embedded-postgres";
import { startApp } from "./app";
import { BARE_PATH, buildBareNext, startBareNext } from "./bare-next";
import { options } from "./options";
import { seedAccounts } from "./seed";

const app = await startApp(1);
const seed = await seedAccounts(app.base);
const secrets = JSON.parse(readFileSync(path.join(app.dataDir, "secrets.json"), "utf8"));
const port = await freePort(options.port + 200);
const heap = process.env.EXP_HEAP === "0" ? [] : ["--max-old-space-size=256", "--heap-growing-percent=100"];
const child = spawn(
  process.execPath,
  [...heap, path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
  {
    env: {
      ...process.env,
      ...secrets,
      DATABASE_URL: app.databaseUrl,
      DATABASE_PREPARED_STATEMENTS: "true",
      APP_URL: app.base.replace("127.0.0.1", "localhost"),
      AUTH_URL: app.base.replace("127.0.0.1", "localhost"),
      AUTH_TRUST_HOST: "true",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      RATE_LIMITS_ENABLED: "false",
      EMAIL_CONFIRMATION_REQUIRED: "false",
      LOG_LEVEL: "error",
      HASH_WORKERS: "1",
      TRUST_PROXY: "true",
    },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
const plain = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${plain}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 300) throw new Error("next start did not come up");
  await new Promise((r) => setTimeout(r, 100));
}
if (!process.argv.includes("--no-bare-build")) buildBareNext();
const bare = await startBareNext(1);
console.log("app via launcher:", app.base, "; app via next start:", plain, "; heap flags:", heap.join(" ") || "none");
const auth = { authorization: `Bearer ${seed.access}` };
const targets: [string, string, Record<string, string>][] = [
  ["bare route", `${bare.base}${BARE_PATH}`, {}],
  ["liveness, launcher", `${app.base}/api/health/live`, {}],
  ["liveness, next start", `${plain}/api/health/live`, {}],
  ["GET profile, launcher", `${app.base}/api/auth/profile`, auth],
  ["GET profile, next start", `${plain}/api/auth/profile`, auth],
];
const results = new Map<string, number[][]>();
for (let pass = 1; pass <= options.passes; pass++) {
  for (const [name, url, headers] of targets) {
    await autocannon({ url, headers, connections: options.connections, duration: 5 });
    const r = await autocannon({ url, headers, connections: options.connections, duration: options.seconds });
    const errors = r.errors + r.non2xx;
    console.log(
      `pass ${pass} ${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${errors} errors`,
    );
    results.set(name, [...(results.get(name) ?? []), [r.requests.average, r.latency.p99]]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bareRps = median(results.get("bare route")!.map((x) => x[0]!));
const bareP99 = median(results.get("bare route")!.map((x) => x[1]!));
for (const [name, runs] of results) {
  const rps = median(runs.map((x) => x[0]!));
  const p99 = median(runs.map((x) => x[1]!));
  console.log(
    `${name}: ${rps.toFixed(0)} req/s (${((100 * rps) / bareRps).toFixed(0)}% of bare), p99 ${p99} ms (${(p99 / bareP99).toFixed(2)}x)`,
  );
}
child.kill("SIGTERM");
await bare.stop();
await app.stop();
process.exit(0);
