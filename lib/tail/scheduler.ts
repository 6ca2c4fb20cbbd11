// How the kernel shared the cores with the measured thread, for the tail tables: the time it ran
// and the time it was ready to run but waited for a core (Linux's /proc/<pid>/schedstat, the
// main thread, which is the event loop). On a shared 2-core machine the second is the noise: a
// request that arrives while its server's loop waits for a core waits with it, and no layer
// inside the process can see that wait.
import { readFileSync } from "node:fs";

/** Milliseconds of one thread's life (or of a window of it: the difference of two readings). */
export interface SchedulerTimes {
  onCpuMs: number;
  waitingForCpuMs: number;
}

/** The first two fields of a schedstat line, nanoseconds: time on a CPU, time waiting on a run queue. */
export function parseSchedstat(text: string): SchedulerTimes | undefined {
  const [onCpu, waiting] = text.trim().split(/\s+/).map(Number);
  if (onCpu === undefined || waiting === undefined || Number.isNaN(onCpu) || Number.isNaN(waiting)) return undefined;
  return { onCpuMs: onCpu / 1e6, waitingForCpuMs: waiting / 1e6 };
}

/** This process's main thread so far; undefined where there is no /proc (not Linux, or schedstats off). */
export function mainThreadTimes(): SchedulerTimes | undefined {
  try {
    return parseSchedstat(readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** `to` − `from`, or undefined when either reading is missing. */
export function schedulerWindow(from: SchedulerTimes | undefined, to: SchedulerTimes | undefined): SchedulerTimes | undefined {
  if (!from || !to) return undefined;
  return { onCpuMs: to.onCpuMs - from.onCpuMs, waitingForCpuMs: to.waitingForCpuMs - from.waitingForCpuMs };
}
