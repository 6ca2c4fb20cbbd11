// Where the machine's cores went during a measured window of the tail mode: the app's processes
// (launcher, server process, PostgreSQL and its backends), the bench itself (autocannon and the
// probe), and anything else on the machine. The last is the noise no layer inside the app can
// see: another agent's benchmark on the same two cores shows up here, not in a histogram.
// Linux's /proc only; elsewhere the table goes without it.
import { readFileSync } from "node:fs";
import os from "node:os";
import { processTree } from "./app";

/** USER_HZ: /proc reports CPU times in hundredths of a second on every Linux we run on. */
const TICKS_PER_SECOND = 100;

export interface CpuReading {
  /** performance.now() when read. */
  at: number;
  /** The machine's busy and total ticks over every core since boot (/proc/stat). */
  machine: { busy: number; total: number };
  /** utime + stime of each process of the app's tree, ticks. */
  tree: Map<number, number>;
  /** The bench process's CPU (every thread), ms. */
  benchMs: number;
}

/** Cores busy on average over the window: 1.0 is one core the whole time. */
export interface CpuWindow {
  cores: number;
  machine: number;
  app: number;
  bench: number;
  /** What is left of the machine's busy time: other processes, the kernel's own work. */
  other: number;
}

/** The aggregate `cpu` line of /proc/stat: busy (all but idle and iowait) and total ticks. */
export function parseMachineLine(line: string): { busy: number; total: number } {
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime (ticks) from a /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseProcessTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  // After the name: state is field 3 of the line, utime 14 and stime 15.
  return Number(fields[11]) + Number(fields[12]);
}

export function readCpu(rootPid: number): CpuReading | undefined {
  try {
    const tree = new Map<number, number>();
    for (const pid of processTree(rootPid)) {
      try {
        tree.set(pid, parseProcessTicks(readFileSync(`/proc/${pid}/stat`, "utf8")));
      } catch {} // gone since the walk
    }
    const usage = process.cpuUsage();
    return {
      at: performance.now(),
      machine: parseMachineLine(readFileSync("/proc/stat", "utf8").split("\n")[0]!),
      tree,
      benchMs: (usage.user + usage.system) / 1000,
    };
  } catch {
    return undefined;
  }
}

/** The window between two readings; a process that started in between counts whole. */
export function cpuWindow(
  from: CpuReading | undefined,
  to: CpuReading | undefined,
  cores = os.availableParallelism(),
): CpuWindow | undefined {
  if (!from || !to) return undefined;
  const seconds = (to.at - from.at) / 1000;
  const machineTicks = to.machine.total - from.machine.total;
  const machine = machineTicks > 0 ? ((to.machine.busy - from.machine.busy) / machineTicks) * cores : NaN;
  let appTicks = 0;
  for (const [pid, ticks] of to.tree) appTicks += ticks - (from.tree.get(pid) ?? 0);
  const app = appTicks / TICKS_PER_SECOND / seconds;
  const bench = (to.benchMs - from.benchMs) / 1000 / seconds;
  return { cores, machine, app, bench, other: Math.max(0, machine - app - bench) };
}
