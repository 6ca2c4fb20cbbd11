import { describe, expect, it } from "vitest";
import { cpuWindow, parseMachineLine, parseProcessTicks, type CpuReading } from "./tail-cpu";

describe("where the cores went in a window", () => {
  it("reads the machine's busy ticks from /proc/stat's cpu line, idle and iowait left out", () => {
    expect(parseMachineLine("cpu  600 40 180 1000 30 0 60 0 0 0")).toEqual({ busy: 880, total: 1910 });
  });

  it("reads a process's user and system ticks past a command name with spaces and parentheses", () => {
    const stat = "4242 (node (server) x) S 1 4242 4242 0 -1 4194304 127 0 0 0 731 98 0 0 20 0 11 0";
    expect(parseProcessTicks(stat)).toBe(829);
  });

  it("gives cores busy per second: the app's tree, the bench, and what the machine did besides", () => {
    const from: CpuReading = { at: 0, machine: { busy: 0, total: 0 }, tree: new Map([[10, 100]]), benchMs: 1000 };
    // 10 s on 2 cores: 2,000 ticks of which 1,800 busy; the app 1,200 ticks (one new backend's 50 included), the bench 3 s.
    const to: CpuReading = {
      at: 10_000,
      machine: { busy: 1800, total: 2000 },
      tree: new Map([
        [10, 1250],
        [11, 50],
      ]),
      benchMs: 4000,
    };
    const window = cpuWindow(from, to, 2)!;
    expect(window.machine).toBeCloseTo(1.8);
    expect(window.app).toBeCloseTo(1.2);
    expect(window.bench).toBeCloseTo(0.3);
    expect(window.other).toBeCloseTo(0.3);
    expect(cpuWindow(undefined, to)).toBeUndefined();
  });
});
