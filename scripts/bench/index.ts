// `npm run bench`: builds and starts the production app on a fresh embedded PostgreSQL, seeds
// accounts, and measures with autocannon on loopback. Prints a table and writes
// docs/benchmarks.md with the machine it ran on. A script, not a test: CI does not run it.
//
// Scenarios (scenarios.ts), at one server process and at the default count: the ceiling
// (GET /api/health/live, no credentials, no database), (a) authenticated GET with a Bearer token,
// (b) the members list with a Bearer token and with X-API-Key, (c) refresh-token rotations,
// (d) sign-ins at the production bcrypt cost against the bound raw bcrypt allows on this machine,
// (e) authenticated GET latency while a sign-in flood runs. Every scenario is also given as a
// share of the ceiling, and the RSS of each server process is read after each pass.
// `npm run bench -- --profile` instead profiles one server process (profile.ts). Flags and
// defaults: options.ts.
import os from "node:os";
import type autocannon from "autocannon";
import { buildApp, serverProcessRss, startApp } from "./app";
import { rawBcryptComparesPerSecond } from "./bcrypt-bound";
import { options } from "./options";
import { profile } from "./profile";
import { scenarioRows, table, writeReport } from "./report";
import { SCENARIOS, type RunFigures, type ScenarioId } from "./scenarios";
import { seedAccounts } from "./seed";
import { medianRun, rate } from "./stats";

async function main() {
  const unknown = options.only?.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown?.length) {
    // Checked before the build: a mistyped id would otherwise measure nothing, minutes later.
    console.error(`Unknown scenario in --only: ${unknown.join(", ")} (scenarios: ${SCENARIOS.map((s) => s.id).join(", ")})`);
    process.exit(1);
  }
  if (options.build) buildApp();
  if (options.profile) return profile();

  const bound = await rawBcryptComparesPerSecond();
  console.log(`Raw bcrypt (cost ${options.bcryptCost}, ${os.availableParallelism()} threads): ${bound.toFixed(2)} compares/s`);
  const runs: RunFigures[] = [];
  for (const processes of options.processCounts) runs.push(await measureRun(processes, bound));
  if (options.partial) console.log("\nA partial run (--only, --processes, --passes or --quick): docs/benchmarks.md left as it was.");
  else writeReport(runs, bound);
}

/** Every scenario, pass after pass, on one fresh app with `processes` server processes. */
async function measureRun(processes: number, bound: number): Promise<RunFigures> {
  console.log(`\n== ${processes} server process${processes > 1 ? "es" : ""}`);
  const app = await startApp(processes);
  try {
    const context = { base: app.base, seed: await seedAccounts(app.base) };
    const scenarios = SCENARIOS.filter((s) => !options.only || options.only.includes(s.id));
    const results = new Map<ScenarioId, autocannon.Result[]>();
    const rss: number[][] = [];
    // Every scenario runs `passes` times on the same processes and the tables show the median
    // run: one run on a shared machine can land on a scheduling hiccup. RSS is read after each
    // pass, so growth between passes shows.
    for (let pass = 1; pass <= options.passes; pass++) {
      for (const scenario of scenarios) {
        const result = await scenario.run(context);
        results.set(scenario.id, [...(results.get(scenario.id) ?? []), result]);
        console.log(
          `pass ${pass} ${scenario.id}: ${rate(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors`,
        );
      }
      rss.push(serverProcessRss(app.pid));
      console.log(`pass ${pass}: RSS per server process ${rss.at(-1)!.join(", ")} MB`);
    }
    const medians = Object.fromEntries([...results].map(([id, passes]) => [id, medianRun(passes)]));
    const run: RunFigures = { processes, medians, rss, bound };
    console.log(table(scenarioRows(run)));
    return run;
  } finally {
    await app.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
