// `npm test`: every suite, in the order that fails fastest — unit, integration (real PostgreSQL,
// real Resend SDK against the local stand-in), the SQL paths again through PgBouncer in
// transaction mode (integration-pooler), then the production build and the Playwright
// end-to-end suite in Debian's Chromium. Ends with one line totalling every suite:
// "N passed, M failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

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
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (result.status !== 0) failedStep ??= step;
  return result.status === 0;
}

// Unit and integration tests (vitest projects), then the SQL paths again through PgBouncer
// (integration-pooler) in a run of its own: its files also belong to "integration", and vitest's
// JSON report does not say which project a result came from.
function vitest(step: string, projects: string[], fileOf: (file: string) => string) {
  const report = path.join(reports, `vitest-${step}.json`);
  run(step, bin("vitest"), ["run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  if (!existsSync(report)) return void tallies.push({ suite: step, passed: 0, failed: 1, skipped: 0 });
  const { testResults } = JSON.parse(readFileSync(report, "utf8")) as {
    testResults: { name: string; assertionResults: { status: string }[] }[];
  };
  for (const project of projects) {
    const statuses = testResults.filter((f) => fileOf(f.name) === project).flatMap((f) => f.assertionResults.map((a) => a.status));
    tallies.push({
      suite: project,
      passed: statuses.filter((s) => s === "passed").length,
      failed: statuses.filter((s) => s === "failed").length,
      skipped: statuses.filter((s) => s === "skipped" || s === "pending" || s === "todo").length,
    });
  }
}
const isIntegration = (file: string) => file.includes(`${path.sep}tests${path.sep}integration${path.sep}`);
vitest("unit + integration", ["unit", "integration"], (file) => (isIntegration(file) ? "integration" : "unit"));
vitest("pooler", ["integration-pooler"], () => "integration-pooler");

// End-to-end: production build, then Playwright (its webServer starts the app on a fresh database).
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

console.log("\nSuite totals:");
for (const t of tallies) console.log(`  ${t.suite.padEnd(18)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
if (failedStep && failed === 0) console.log(`(step "${failedStep}" exited non-zero)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedStep ? 1 : 0);
