// `npm run bench`: builds and starts the production app on a fresh embedded PostgreSQL, seeds
// accounts, and measures with autocannon on loopback. Prints a table and writes
// docs/benchmarks.md with the machine it ran on. A script, not a test: CI does not run it.
//
// Scenarios (scenarios.ts), at one server process and at the default count: the framework's own
// ceiling (a bare Next.js app of the same version, one route handler, `next start`: bare-next.ts),
// the app's liveness route (GET /api/health/live, no credentials, no database), (a) authenticated GET with a Bearer token,
// (b) the members list with a Bearer token and with X-API-Key, (c) refresh-token rotations,
// (d) sign-ins at the production bcrypt cost against the bound raw bcrypt allows on this machine,
// (e) authenticated GET latency while a sign-in flood runs; and issue 25's webhook figures
// (webhooks.ts): (f) a member's role change and (g) a sign-in, each without and with webhook
// endpoints subscribed in the organization, paired, (h) the emit statement alone the same two
// ways, and (i) the dispatchers' deliveries per second to 10 endpoints on a receiver in this
// process (receiver.ts); and issue 28's OpenID Provider rows (oidc.ts): (j) refresh at its token
// endpoint beside (c), (k) userinfo, and the cost of a token signature per algorithm, measured
// apart before the app starts (signing.ts, `--only=signing`). Every request rate is also given as
// a share of the ceiling, and the RSS of each server process is read after each pass.
// `npm run bench -- --profile` instead profiles one server process (profile.ts), and
// `npm run bench -- --tail` times the layers of its latency (tail.ts). Flags and defaults: options.ts.
import os from "node:os";
import { buildApp, serverProcessRss, startApp } from "./app";
import { buildBareNext, startBareNext } from "./bare-next";
import { rawBcryptComparesPerSecond } from "./bcrypt-bound";
import { connectDatabase } from "./database";
import { seedOidc, type OidcSeed } from "./oidc";
import { options, wanted } from "./options";
import { profile } from "./profile";
import { startBenchReceiver, type BenchReceiver } from "./receiver";
import { scenarioRows, signingTable, table, writeReport } from "./report";
import { SCENARIOS, type RowId, type RunFigures } from "./scenarios";
import { tail } from "./tail";
import { seedAccounts, seedWebhookOrganizations, type WebhookSeed } from "./seed";
import type { SigningCost } from "./signing";
import { medianRun, ms, rate, type Measured } from "./stats";
import { runWithLib } from "./with-lib";

/** The signing micro-benchmark's id in --only: not a load on the app, so not a scenario. */
const SIGNING = "signing";
/** Seconds per row of the signing table. */
const SIGNING_SECONDS = 1;

async function main() {
  const ids = [...SCENARIOS.map((s) => s.id as string), SIGNING];
  const unknown = options.only?.filter((id) => !ids.includes(id));
  if (unknown?.length) {
    // Checked before the build: a mistyped id would otherwise measure nothing, minutes later.
    console.error(`Unknown scenario in --only: ${unknown.join(", ")} (scenarios: ${ids.join(", ")})`);
    process.exit(1);
  }
  const loads = SCENARIOS.some((s) => wanted(s.id));
  if (options.build && (loads || options.profile || options.tail)) {
    buildApp();
    buildBareNext();
  }
  if (options.profile) return profile();
  if (options.tail) return tail();

  let signing: SigningCost[] = [];
  if (wanted(SIGNING)) {
    signing = await runWithLib<SigningCost[]>("signing.ts", [String(SIGNING_SECONDS)]);
    console.log(`\nToken signatures, one at a time in one process (signing.ts):\n${signingTable(signing)}`);
  }
  if (!loads) return;
  const bound = await rawBcryptComparesPerSecond();
  console.log(`Raw bcrypt (cost ${options.bcryptCost}, ${os.availableParallelism()} threads): ${bound.toFixed(2)} compares/s`);
  const runs: RunFigures[] = [];
  const receiver = await startBenchReceiver();
  try {
    for (const processes of options.processCounts) runs.push(await measureRun(processes, bound, receiver));
  } finally {
    await receiver.close();
  }
  if (options.partial) console.log("\nA partial run (--only, --processes, --passes or --quick): docs/benchmarks.md left as it was.");
  else writeReport(runs, bound, signing);
}

/** Every scenario, pass after pass, on one fresh app with `processes` server processes. */
async function measureRun(processes: number, bound: number, receiver: BenchReceiver): Promise<RunFigures> {
  console.log(`\n== ${processes} server process${processes > 1 ? "es" : ""}`);
  const app = await startApp(processes);
  const bare = await startBareNext(processes);
  const db = await connectDatabase(app.databaseUrl);
  try {
    // The webhook scenarios' organizations (some twenty accounts) only when one of them runs.
    let orgs: Promise<WebhookSeed> | undefined;
    let oidc: Promise<OidcSeed> | undefined;
    let oidcEs256: Promise<OidcSeed> | undefined;
    const context = {
      bareBase: bare.base,
      base: app.base,
      app,
      db,
      receiver,
      seed: await seedAccounts(app.base),
      orgs: () => (orgs ??= seedWebhookOrganizations(app.base, receiver, db)),
      oidc: () => (oidc ??= seedOidc(app)),
      oidcEs256: () => (oidcEs256 ??= seedOidc(app, "ES256")),
    };
    const scenarios = SCENARIOS.filter((s) => wanted(s.id));
    const results = new Map<RowId, Measured[]>();
    const rss: number[][] = [];
    // Every scenario runs `passes` times on the same processes and the tables show the median
    // run: one run on a shared machine can land on a scheduling hiccup. RSS is read after each
    // pass, so growth between passes shows.
    for (let pass = 1; pass <= options.passes; pass++) {
      for (const scenario of scenarios) {
        const figures = await scenario.run(context);
        for (const [id, m] of Object.entries(figures) as [RowId, Measured][]) {
          results.set(id, [...(results.get(id) ?? []), m]);
          console.log(`pass ${pass} ${id}: ${rate(m.rps)} req/s, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms, ${m.errors} errors`);
        }
      }
      rss.push(serverProcessRss(app.pid));
      console.log(`pass ${pass}: RSS per server process ${rss.at(-1)!.join(", ")} MB`);
    }
    const medians = Object.fromEntries([...results].map(([id, passes]) => [id, medianRun(passes)]));
    const run: RunFigures = { processes, medians, rss, bound, passes: Object.fromEntries(results) };
    console.log(table(scenarioRows(run)));
    return run;
  } finally {
    await db.close();
    await bare.stop();
    await app.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
