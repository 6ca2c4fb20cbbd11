// The tables: one per process count after it runs, and for a full run the section of
// docs/benchmarks.md between its markers (the machine, the method, every table, the targets).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { WARM_UP_SECONDS } from "./load";
import { options } from "./options";
import { MEMORY_TARGET, SCENARIOS, type RunFigures, type Target } from "./scenarios";
import { DISPATCH_ENDPOINTS, OUTBOX_ENDPOINTS, rotationChains } from "./seed";
import type { SigningCost } from "./signing";
import { ms, pct, rate } from "./stats";

interface TableRow {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Share of the ceiling (GET /api/health/live in the same run and process count). */
  share?: number;
  /** Share of the bare Next.js route (bare-next.ts), and p99 against its p99. */
  shareOfBare?: number;
  p99OfBare?: number;
  note?: string;
}

/** The rows of one process count's table, in scenario order, for the scenarios it ran. */
export function scenarioRows(run: RunFigures): TableRow[] {
  const ceiling = run.medians.ceiling?.rps;
  const bare = run.medians.bare;
  return SCENARIOS.flatMap((scenario) =>
    scenario.rows.flatMap((row) => {
      const m = run.medians[row.id];
      if (!m) return [];
      const share = row.shareOfCeiling && ceiling ? m.rps / ceiling : undefined;
      const shareOfBare = row.shareOfCeiling && bare ? m.rps / bare.rps : undefined;
      const p99OfBare = row.shareOfCeiling && bare?.p99 ? m.p99 / bare.p99 : undefined;
      return [{ scenario: row.label, ...m, share, shareOfBare, p99OfBare, note: row.note?.(m, run) }];
    }),
  );
}

export function table(rows: TableRow[]): string {
  const withBare = rows.some((r) => r.shareOfBare !== undefined);
  const header = withBare
    ? "| Scenario | req/s | of bare route | of liveness | p50 ms | p99 ms | p99 / bare | errors | note |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
    : "| Scenario | req/s | share of ceiling | p50 ms | p99 ms | errors | note |\n|---|---:|---:|---:|---:|---:|---|";
  const share = (value?: number) => (value === undefined ? "" : pct(value));
  const lines = rows.map((r) =>
    withBare
      ? `| ${r.scenario} | ${rate(r.rps)} | ${share(r.shareOfBare)} | ${share(r.share)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.p99OfBare === undefined ? "" : `${r.p99OfBare.toFixed(2)}×`} | ${r.errors} | ${r.note ?? ""} |`
      : `| ${r.scenario} | ${rate(r.rps)} | ${share(r.share)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${r.note ?? ""} |`,
  );
  return [header, ...lines].join("\n");
}

/** The signing micro-benchmark (signing.ts): one row per token, algorithm and signer. */
export function signingTable(costs: SigningCost[]): string {
  return [
    "| Token | Algorithm | Signer | µs per signature (mean) | p99 µs | CPU µs per signature | signatures/s |",
    "|---|---|---|---:|---:|---:|---:|",
    ...costs.map(
      (c) =>
        `| ${c.token} | ${c.algorithm} | ${c.signer} | ${c.meanUs.toFixed(0)} | ${c.p99Us.toFixed(0)} | ${c.cpuUs.toFixed(0)} | ${rate(c.perSecond)} |`,
    ),
  ].join("\n");
}

/** Each pass of the bare route and the authenticated GET: a later pass faster than the first says the warm-up was short. */
export function passesLine(run: RunFigures): string {
  const of = (id: "bare" | "ceiling" | "get") => run.passes?.[id]?.map((m) => rate(m.rps)).join(", ");
  const parts = [
    of("bare") && `bare route ${of("bare")}`,
    of("ceiling") && `liveness ${of("ceiling")}`,
    of("get") && `authenticated GET ${of("get")}`,
  ].filter(Boolean);
  return parts.length ? `Req/s pass by pass (warm-up ${WARM_UP_SECONDS} s before each): ${parts.join("; ")}.` : "";
}

/**
 * The issues' targets, each judged on this run's figures. Issue 17 sets the request-rate shares
 * (GET, members list, refresh) at one process, and sign-in, the flood and memory at one process
 * and at the default count; the shares at other counts are reported beside them, unjudged. Issue
 * 25 sets the outbox's cost and the dispatcher's throughput at every count. A full run measures
 * one process first, so runs[0] is the one-process run. A scenario none of the runs measured
 * (figures from before it existed) has no target row.
 */
export function targetsTable(runs: RunFigures[]): string {
  const one = runs[0]!;
  const measured = (s: (typeof SCENARIOS)[number]) => s.rows.some((row) => runs.some((run) => run.medians[row.id]));
  const targets = SCENARIOS.flatMap((s) => (s.target && measured(s) ? [s.target] : []));
  // undefined: reported beside a target set at one process, not judged.
  const judged = (target: Target, run: RunFigures) =>
    target
      .rows(run)
      .map(([goal, value, met]): [string, string, boolean | null | undefined] => [
        goal,
        value,
        target.at === "every count" || run === one ? met : undefined,
      ]);
  const lines = [
    ...targets.filter((t) => t.at === "one process").flatMap((t) => judged(t, one)),
    ...runs.flatMap((run) => [...targets.filter((t) => t.at !== "one process"), MEMORY_TARGET].flatMap((t) => judged(t, run))),
  ];
  const verdict = (ok: boolean | null | undefined) =>
    ok === undefined ? "reported (set at one process)" : ok === null ? "reported, not judged" : ok ? "yes" : "**no**";
  return ["| Target | this run | met |", "|---|---:|---|", ...lines.map(([t, v, ok]) => `| ${t} | ${v} | ${verdict(ok)} |`)].join("\n");
}

export const MARK_START = "<!-- bench:start -->";
export const MARK_END = "<!-- bench:end -->";

/** The measured section of docs/benchmarks.md, markers included. */
export function measuredSection(runs: RunFigures[], bound: number, at = new Date(), signing: SigningCost[] = []): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const sections = runs.map(
    (r) =>
      `### ${r.processes} server process${r.processes > 1 ? "es" : ""} (WEB_CONCURRENCY=${r.processes})\n\n${table(scenarioRows(r))}\n\nRSS per server process after each pass: ${r.rss.map((mbs) => `${mbs.join(", ")} MB`).join(" → ")}. ${passesLine(r)}`,
  );
  return `${MARK_START}
Measured by \`npm run bench\` on ${at.toISOString().slice(0, 16).replace("T", " ")} UTC: the production build
(\`next build\` + the launcher), the embedded PostgreSQL, autocannon on loopback in the same
process, ${options.connections} connections, ${options.seconds} s per scenario after ${WARM_UP_SECONDS} s of unmeasured warm-up (the login
scenario 1.5×), rate limits off, bcrypt cost ${options.bcryptCost}. Each process count runs on a fresh app;
the scenarios run ${options.passes} times there, one pass after another, and the tables show the median of the
passes (throughput, p50 and p99 each); RSS is read after every pass.

Machine: ${machine}. Load average when the run ended: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}.

Two ceilings, both in the same run and process count. The bare route (issue 29) is a minimal
Next.js app of the same Next version, one route handler answering JSON, built in \`.bench/\` and
served by \`next start\` (several processes: a cluster of Next's own start): the framework doing
nothing. The liveness route is \`GET /api/health/live\` of this app: the same Next.js server,
launcher and headers as every other row, no credentials and no database; the gap between the two
is what the app adds before any handler runs. The proxy does not run for it, nor
for any API call that carries a credential (proxy.ts: it has nothing to decide there). Raw bcrypt bound:
${bound.toFixed(2)} compares/s (cost ${options.bcryptCost}, one worker thread per core, measured before the app starts).

Webhooks (issue 25; "Webhooks" below says how to read them): (f) and (g) send the same change to
an organization without webhook endpoints and to one with ${OUTBOX_ENDPOINTS}, each request's side drawn at random,
on one connection, timed by the bench to 0.01 ms; (h) times the emit statement alone for none, 1
and ${OUTBOX_ENDPOINTS} endpoints, in transactions rolled back; (i) queues ${options.webhookEvents} events for ${DISPATCH_ENDPOINTS} endpoints in one
transaction through the app's emit() and counts the deliveries per second the app's own dispatchers
(WEBHOOKS_CONCURRENCY 32 per process, polling every 200 ms) bring to a receiver in the bench process,
from the first received to the last, each checked to arrive once and be recorded as succeeded.

OpenID Provider (issue 28; performance.md, "The OpenID Provider's rows"): (j) rotates refresh tokens at
\`POST /api/oidc/token\` for a confidential, first-party client (client_secret_basic), each request spending
the newest token of one of ${rotationChains()} chains, each chain a whole authorization-code flow with PKCE through the
running app, its ID tokens RS256 (OpenID Connect's default), then the same for a client registered with
ES256 ID tokens; (k) reads \`GET /api/oidc/me\` with an access token from one such rotation.

${sections.join("\n\n")}
${
  signing.length
    ? `
### Token signatures (issue 28)

One signature at a time in one process, before the app starts (scripts/bench/signing.ts): ID tokens as
the OpenID Provider signs them (jose, WebCrypto) and through lib/keys/jws.ts (node:crypto), access tokens
as lib/auth/jwt.ts signs them.

${signingTable(signing)}
`
    : ""
}
${targetsTable(runs)}
${MARK_END}`;
}

export function writeReport(runs: RunFigures[], bound: number, signing: SigningCost[] = []) {
  const measured = measuredSection(runs, bound, new Date(), signing);
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
