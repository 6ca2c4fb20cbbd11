import { describe, expect, it } from "vitest";
import { mainThreadTimes, parseSchedstat, schedulerWindow } from "./scheduler";

describe("the kernel's account of a thread (/proc/<pid>/task/<tid>/schedstat)", () => {
  it("reads time on a core and time waiting for one, in ms, from its nanoseconds", () => {
    expect(parseSchedstat("6100000000 1200500000 31415\n")).toEqual({ onCpuMs: 6100, waitingForCpuMs: 1200.5 });
    expect(parseSchedstat("")).toBeUndefined();
  });

  it("gives a window as the difference of two readings, or nothing without both", () => {
    expect(schedulerWindow({ onCpuMs: 10, waitingForCpuMs: 1 }, { onCpuMs: 25, waitingForCpuMs: 4 })).toEqual({
      onCpuMs: 15,
      waitingForCpuMs: 3,
    });
    expect(schedulerWindow(undefined, { onCpuMs: 25, waitingForCpuMs: 4 })).toBeUndefined();
  });

  it.runIf(process.platform === "linux")("reads this process's main thread on Linux", () => {
    expect(mainThreadTimes()?.onCpuMs).toBeGreaterThan(0);
  });
});
