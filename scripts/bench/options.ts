// Every knob of `npm run bench`, read once. Flags: `npm run bench -- --flag`; the load's shape
// comes from BENCH_* variables, which a full run also writes into its report.
//
//   --no-build           use the existing production build (default: `next build` first)
//   --profile            profile one server process instead of measuring (profile.ts)
//   --tail               latency histograms per layer of one server process instead (tail.ts)
//   --processes=1,2      server process counts to measure (default: 1 and one per core)
//   --only=ceiling,get   scenarios to run, by id (scenarios.ts; `signing` for the signing table)
//   --passes=N           passes over the scenarios per process count (default 3)
//   --quick              a smoke run: one process, one pass, 2 s per scenario (BENCH_SECONDS wins)
//   BENCH_CONNECTIONS    autocannon connections (10)
//   BENCH_SECONDS        measured seconds per scenario (10; sign-ins 1.5×), after 3 s of warm-up
//   BENCH_BCRYPT_COST    the app's BCRYPT_COST, and the raw bcrypt bound's (12)
//   BENCH_WEBHOOK_EVENTS events queued per pass of the dispatcher scenario, each delivered to its
//                        10 endpoints (2000; --quick makes it 300)
//   BENCH_PORT, BENCH_PG_PORT   first ports tried for the app and its database (3400, 56500)
//
// Only a full run is a report: any of --only, --processes, --passes or --quick measures part of
// it and leaves docs/benchmarks.md alone.
import os from "node:os";

export interface BenchOptions {
  build: boolean;
  profile: boolean;
  /** Where each scenario's tail comes from (tail.ts): p50…max per layer, not a report. */
  tail: boolean;
  connections: number;
  /** Measured seconds per scenario. */
  seconds: number;
  bcryptCost: number;
  /** Events per pass of the dispatcher scenario (deliveries: ten times as many). */
  webhookEvents: number;
  processCounts: number[];
  /** Scenario ids to run; undefined runs them all. */
  only?: string[];
  passes: number;
  /** Part of a full run: printed, not written to docs/benchmarks.md. */
  partial: boolean;
  port: number;
  pgPort: number;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  /** `--name=value` from the command line. */
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = argv.includes("--quick");
  const only = option("only")?.split(",");
  const processes = option("processes")?.split(",").map(Number);
  return {
    build: !argv.includes("--no-build"),
    profile: argv.includes("--profile"),
    tail: argv.includes("--tail"),
    connections: Number(env.BENCH_CONNECTIONS ?? 10),
    seconds: Number(env.BENCH_SECONDS ?? (quick ? 2 : 10)),
    bcryptCost: Number(env.BENCH_BCRYPT_COST ?? 12),
    webhookEvents: Number(env.BENCH_WEBHOOK_EVENTS ?? (quick ? 300 : 2000)),
    // One process (the per-process targets) and the default count, each on a fresh app.
    processCounts: processes ?? (quick ? [1] : [...new Set([1, os.availableParallelism()])]),
    only,
    passes: Number(option("passes") ?? (quick ? 1 : 3)),
    partial: Boolean(only || processes || option("passes") || quick),
    port: Number(env.BENCH_PORT ?? 3400),
    pgPort: Number(env.BENCH_PG_PORT ?? 56500),
  };
}

export const options = parseOptions(process.argv, process.env);

/** Whether --only (or its absence) picks this scenario id. */
export const wanted = (id: string) => !options.only || options.only.includes(id);
