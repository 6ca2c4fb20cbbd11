// The local launcher behind `npm start` (production build) and `npm run dev`:
//   1. with no DATABASE_URL, starts the embedded PostgreSQL and generates development secrets;
//   2. applies pending migrations;
//   3. builds when the build is missing or older than the sources (production mode);
//   4. serves the app from one process per core (WEB_CONCURRENCY), overwriting X-Forwarded-For
//      with the socket address unless TRUST_PROXY is set, so per-client rate limits cannot be
//      dodged with a forged header. In production the server processes are forked from plain
//      JavaScript, without tsx (scripts/lib/server-process.ts says why).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { loadOrCreateDevSecrets } from "../lib/config/dev-secrets";
import { compileServerProcess, serve } from "./lib/server-process";
import { EmbeddedPostgresError, isPortFree } from "./lib/embedded-postgres";
import { prepareLocalDatabase } from "./lib/local-database";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
// One Next server process per core in production (Node serves a process on one core); the
// primary owns the database, the build and the workers' lifecycle.
const processes = dev ? 1 : Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());
// Extra Node flags for the server processes only (not the primary, which holds the database):
// `SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles exactly the processes that
// serve requests.
const serverNodeArgs = (process.env.SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
// The server processes' heap (docs/performance.md, "Memory"). V8 lets a heap grow far past its
// live set before it collects in full: a process with ~100 MB of live objects stood at 550-800 MB
// after the bench, so the old generation is capped. Under a cap that small V8 grows the heap by
// only 1.3× its live set between full collections, and every request here promotes garbage that
// only a full collection frees (Node 20's Request keeps each request's signal graph alive through
// young collections), so it collected about every 0.7 s and the p99 doubled; a fixed 2× growth
// collects every ~1.6 s for ~30 MB more RSS. An operator's own flag wins, one by one.
const SERVER_HEAP_DEFAULTS = ["--max-old-space-size=256", "--heap-growing-percent=100"];
const operatorFlags = [...serverNodeArgs, process.env.NODE_OPTIONS ?? ""].join(" ");
for (const flag of SERVER_HEAP_DEFAULTS) {
  if (!operatorFlags.includes(flag.split("=")[0]!)) serverNodeArgs.unshift(flag);
}
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.PORT = String(port);

if (cluster.isPrimary) {
  if (!(await isPortFree(port))) {
    console.error(`Port ${port} is in use: set PORT to a free one.`);
    process.exit(1);
  }

  const database = await prepareLocalDatabase().catch((error: unknown) => {
    // A problem the operator can fix gets its one sentence, not a stack trace.
    if (!(error instanceof EmbeddedPostgresError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  process.env.DATABASE_URL = database.url;
  if (database.embedded) {
    // Local defaults only: a deployment with its own database must bring its own secrets.
    const secrets = loadOrCreateDevSecrets();
    process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
    process.env.JWT_SECRET ??= secrets.JWT_SECRET;
    // Without a Resend key mail lands in the local outbox; let the developer read it at /dev/outbox.
    process.env.MAIL_OUTBOX_UI ??= "true";
    // The embedded database is a direct connection, with no pooler in between that could lose a
    // server-side prepared statement: let the hot statements be parsed and planned once.
    process.env.DATABASE_PREPARED_STATEMENTS ??= "true";
    // A local try-out: webhooks may go to a receiver on this machine (http://localhost:…). With
    // a database of your own this stays off unless you set it.
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS ??= "true";
  }
  process.env.APP_URL ??= `http://localhost:${port}`;
  process.env.AUTH_URL ??= process.env.APP_URL;
  process.env.AUTH_TRUST_HOST ??= "true";
  // Hashing threads are shared out so the processes together use one per core.
  process.env.HASH_WORKERS ??= String(Math.max(1, Math.floor(os.availableParallelism() / processes)));

  if (!dev && (process.argv.includes("--build") || buildIsStale())) {
    console.log("Building the app (next build)…");
    const result = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: process.env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }

  let stopping = false;
  let stopServing: () => Promise<void> = async () => {};
  if (!dev) {
    // Even one server process is forked: it runs without tsx, and takes SERVER_NODE_ARGS.
    cluster.setupPrimary({ exec: await compileServerProcess(), execArgv: serverNodeArgs });
    for (let i = 0; i < processes; i++) cluster.fork(process.env);
    cluster.on("exit", (worker, code) => {
      if (stopping) return;
      console.error(`Server process ${worker.process.pid} exited (${code}); starting another.`);
      cluster.fork(process.env);
    });
    let ready = 0;
    cluster.on("message", (_worker, message) => {
      if (message === "ready" && ++ready === processes) console.log(`Ready on ${process.env.APP_URL} (${processes} processes)`);
    });
    stopServing = async () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    };
  } else {
    stopServing = await serve({ dev, port, hostname });
    console.log(`Ready on ${process.env.APP_URL}`);
  }

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stopServing();
    await database.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

function buildIsStale(): boolean {
  const buildId = path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    existsSync(dir) &&
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== "generated" && newer(full);
      return statSync(full).mtimeMs > builtAt;
    });
  return [
    "app",
    "components",
    "lib",
    "emails",
    "pages",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.ts",
    "auth.ts",
    "auth.config.ts",
  ].some((p) => (existsSync(p) && statSync(p).isDirectory() ? newer(p) : existsSync(p) && statSync(p).mtimeMs > builtAt));
}
