// The bench's side of the tail monitor's protocol (lib/tail/monitor.ts): which server processes
// record, and asking them for the window since their previous report.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { REPORT_SIGNAL, reportFile, type TailReport } from "../../lib/tail/monitor";

/** The processes that started a monitor in `dir` (each wrote `tail-<pid>.started`). */
export function recordingPids(dir: string): number[] {
  return readdirSync(dir)
    .map((file) => /^tail-(\d+)\.started$/.exec(file)?.[1])
    .filter((pid): pid is string => pid !== undefined)
    .map(Number);
}

/** Waits until at least one process of the app or the bare app has started its monitor. */
export async function waitForRecorders(dir: string, withinMs = 30_000): Promise<number[]> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(100)) {
    const pids = recordingPids(dir);
    if (pids.length) return pids;
  }
  throw new Error(`No server process started the tail monitor in ${dir} (BENCH_TAIL=1 not passed on?)`);
}

/**
 * The report of every live recorder, each since its previous one. A process gone since it started
 * (a worker the launcher replaced) is skipped.
 */
export async function collectReports(dir: string, pids: number[], withinMs = 10_000): Promise<TailReport[]> {
  const asked = pids.filter((pid) => {
    rmSync(reportFile(dir, pid), { force: true });
    try {
      process.kill(pid, REPORT_SIGNAL);
      return true;
    } catch {
      return false;
    }
  });
  for (const deadline = Date.now() + withinMs; !asked.every((pid) => existsSync(reportFile(dir, pid))); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`No tail report from ${asked.filter((pid) => !existsSync(reportFile(dir, pid)))}`);
  }
  // JSON has no NaN: an empty histogram's figures come back as null.
  const read = (pid: number) => JSON.parse(readFileSync(reportFile(dir, pid), "utf8"), (_key, value) => value ?? NaN) as TailReport;
  return asked.map(read);
}

/** The report of the process that served the window: the one that timed the most requests. */
export const servingReport = (reports: TailReport[]): TailReport =>
  reports.reduce((best, r) => ((r.layers.server?.count ?? 0) > (best.layers.server?.count ?? 0) ? r : best));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
