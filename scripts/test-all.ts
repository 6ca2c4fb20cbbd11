// `npm test`: every suite, in the order that fails fastest — unit, integration (real PostgreSQL,
// real Resend SDK against the local stand-in), the SQL paths again through PgBouncer in
// transaction mode (integration-pooler), unit and integration again on Node 24 (when this Node is
// another version; the binary comes from the npm registry, scripts/lib/node24.ts), then the
// production build and the Playwright end-to-end suite in Debian's Chromium. Ends with one line
// totalling every suite: "N passed, M failed".
//
// TEST_ONLY=step[,step…] runs only those steps (lint = ESLint, Prettier and the import-cycle
// check; main = unit + integration, pooler, node24, e2e
// = build + Playwright), e.g. `TEST_ONLY=node24 npm test` while working on the Node 24 pass.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { node24Binary, Node24Error } from "./lib/node24";

const STEPS = ["lint", "main", "pooler", "node24", "e2e"] as const;
const only = process.env.TEST_ONLY?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const unknownStep = only?.find((s) => !(STEPS as readonly string[]).includes(s));
if (unknownStep) {
  console.error(`TEST_ONLY: no step "${unknownStep}" (steps: ${STEPS.join(", ")}).`);
  process.exit(2);
}
const wanted = (step: (typeof STEPS)[number]) => !only?.length || only.includes(step);

const reports = path.resolve(".data", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name: string) => path.join("node_modules", ".bin", name);

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];
let failedStep: string | undefined;

function run(step: string, command: string, args: string[], extraEnv: Record<string, string> = {}) {
  console.log(`\n▶ ${step}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`▶ ${step}: ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) failedStep ??= step;
  return result.status === 0;
}

// Unit and integration tests (vitest projects), then the SQL paths again through PgBouncer
// (integration-pooler) in a run of its own: its files also belong to "integration", and vitest's
// JSON report does not say which project a result came from.
// With `node`, vitest runs on that binary, first on PATH so that what the tests spawn with
// `#!/usr/bin/env node` (the Prisma CLI in the integration global setup) runs on it too; the
// suites are then named "unit (node 24)" and so on.
function vitest(step: string, projects: string[], fileOf: (file: string) => string, node?: { binary: string; label: string }) {
  const report = path.join(reports, `vitest-${step}.json`);
  const args = [
    "run",
    ...projects.flatMap((p) => ["--project", p]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ];
  const suite = (name: string) => (node ? `${name} (${node.label})` : name);
  if (node) {
    const pathWithNode = [path.dirname(node.binary), process.env.PATH].filter(Boolean).join(path.delimiter);
    run(step, node.binary, [path.join("node_modules", "vitest", "vitest.mjs"), ...args], { PATH: pathWithNode });
  } else run(step, bin("vitest"), args);
  if (!existsSync(report)) return void tallies.push({ suite: suite(step), passed: 0, failed: 1, skipped: 0 });
  const { testResults } = JSON.parse(readFileSync(report, "utf8")) as {
    testResults: { name: string; assertionResults: { status: string }[] }[];
  };
  for (const project of projects) {
    const statuses = testResults.filter((f) => fileOf(f.name) === project).flatMap((f) => f.assertionResults.map((a) => a.status));
    tallies.push({
      suite: suite(project),
      passed: statuses.filter((s) => s === "passed").length,
      failed: statuses.filter((s) => s === "failed").length,
      skipped: statuses.filter((s) => s === "skipped" || s === "pending" || s === "todo").length,
    });
  }
}
const isIntegration = (file: string) => file.includes(`${path.sep}tests${path.sep}integration${path.sep}`);
const unitOrIntegration = (file: string) => (isIntegration(file) ? "integration" : "unit");
// Lint first, over the whole tree with zero warnings: ESLint (Next's config and the layering rule
// of ARCHITECTURE.md), Prettier, and no runtime import cycle (madge). Each check counts as one.
if (wanted("lint")) {
  const checks = [
    run("lint: eslint", bin("eslint"), [".", "--max-warnings=0"]),
    run("lint: prettier", bin("prettier"), ["--check", "."]),
    run("lint: import cycles", bin("madge"), ["--circular", "lib", "app", "pages", "auth.ts", "proxy.ts"]),
  ];
  tallies.push({ suite: "lint", passed: checks.filter(Boolean).length, failed: checks.filter((ok) => !ok).length, skipped: 0 });
}
if (wanted("main")) vitest("unit + integration", ["unit", "integration"], unitOrIntegration);
if (wanted("pooler")) vitest("pooler", ["integration-pooler"], () => "integration-pooler");

// Unit and integration again on Node 24 (Vercel's default; engines allow 20, 22 and 24), after
// the first pass has ended, so the integration setup's ports are free again. Skipped when this
// Node is 24 already: the first pass was that run.
if (wanted("node24")) {
  if (process.versions.node.startsWith("24.")) console.log(`\n▶ node 24: this is Node ${process.versions.node}, the first pass ran on it`);
  else {
    let binary: string | undefined;
    try {
      binary = node24Binary();
    } catch (error) {
      if (!(error instanceof Node24Error)) throw error;
      console.error(`\n▶ node 24: ${error.message}`);
      failedStep ??= "node 24";
      tallies.push({ suite: "node 24", passed: 0, failed: 1, skipped: 0 });
    }
    if (binary) vitest("unit + integration (node 24)", ["unit", "integration"], unitOrIntegration, { binary, label: "node 24" });
  }
}

// End-to-end: production build, then Playwright (its webServer starts the app on a fresh database).
if (wanted("e2e")) {
  if (run("build", bin("next"), ["build"])) {
    const e2eReport = path.join(reports, "playwright.json");
    run("e2e", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
    if (existsSync(e2eReport)) {
      const { stats } = JSON.parse(readFileSync(e2eReport, "utf8")) as {
        stats: { expected: number; unexpected: number; flaky: number; skipped: number };
      };
      tallies.push({ suite: "e2e", passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped });
    } else tallies.push({ suite: "e2e", passed: 0, failed: 1, skipped: 0 });
  } else tallies.push({ suite: "build", passed: 0, failed: 1, skipped: 0 });
}

console.log("\nSuite totals:");
for (const t of tallies) console.log(`  ${t.suite.padEnd(22)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
if (failedStep && failed === 0) console.log(`(step "${failedStep}" exited non-zero)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedStep ? 1 : 0);
