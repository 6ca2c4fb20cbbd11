import { describe, expect, it } from "vitest";
import type { TailReport } from "../../lib/tail/monitor";
import { msCell, outside, tailComparison, tailTable, type TailWindow } from "./tail-report";

const s = (count: number, p50: number, p90: number, p99: number, max: number) => ({ count, p50, p90, p99, max });
const server: TailReport = {
  pid: 1,
  windowMs: 10_000,
  layers: {
    server: s(9000, 6, 9, 30, 52),
    handler: s(9000, 1.2, 2.5, 18, 40),
    poolWait: s(9000, 0.01, 0.02, 0.3, 4),
    pgRoundTrip: s(9000, 0.6, 1.1, 12, 31),
  },
  eventLoopDelay: s(8000, 0.1, 2, 21, 45),
  scheduler: { onCpuMs: 6100, waitingForCpuMs: 1200 },
  gc: {
    all: { ...s(120, 1.5, 3, 9, 14), totalMs: 250 },
    minor: { ...s(110, 1.4, 2.8, 5, 6), totalMs: 180 },
    major: { ...s(10, 7, 9, 14, 14), totalMs: 70 },
  },
};
const window: TailWindow = {
  label: "(a) GET",
  rps: 900.4,
  errors: 0,
  client: s(9001, 8, 12, 45, 60),
  clientLoop: s(9500, 0.2, 1, 6, 11),
  clientScheduler: { onCpuMs: 7000, waitingForCpuMs: 900 },
  probe: s(480, 0.3, 0.5, 9, 12),
  cpu: { cores: 2, machine: 1.9, app: 1.4, bench: 0.35, other: 0.15 },
  server,
};

describe("the tail tables", () => {
  it("print every layer beside the client's latency, and the GC kinds with their share of the window", () => {
    expect(tailTable(window)).toBe(
      [
        "### (a) GET: 900 req/s, 0 errors, 10.0 s",
        "",
        "| layer | n | p50 | p90 | p99 | max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        "| client (autocannon, 2xx) | 9,001 | 8.00 | 12.0 | 45.0 | 60.0 |",
        "| server process: headers read → response sent | 9,000 | 6.00 | 9.00 | 30.0 | 52.0 |",
        "| route handler (lib/http/route.ts) | 9,000 | 1.20 | 2.50 | 18.0 | 40.0 |",
        "| pool wait (per connection taken) | 9,000 | 0.01 | 0.02 | 0.30 | 4.00 |",
        "| PostgreSQL round trip (per statement) | 9,000 | 0.60 | 1.10 | 12.0 | 31.0 |",
        "| PostgreSQL round trip, the bench's probe (SELECT 1 every 20 ms) | 480 | 0.30 | 0.50 | 9.00 | 12.0 |",
        "| event-loop delay, server process (samples) | 8,000 | 0.10 | 2.00 | 21.0 | 45.0 |",
        "| GC pause, server process (every kind) | 120 | 1.50 | 3.00 | 9.00 | 14.0 |",
        "| event-loop delay, load generator (samples) | 9,500 | 0.20 | 1.00 | 6.00 | 11.0 |",
        "| client − handler (per percentile) |  | 6.80 | 9.50 | 27.0 | – |",
        "| client − server process (per percentile) |  | 2.00 | 3.00 | 15.0 | – |",
        "",
        "Event-loop threads over the window: server 61% on a core, 12% waiting for one; load generator 70% on a core, 9% waiting for one.",
        "",
        "Cores busy over the window, of 2: 1.90 = the app (launcher, server process, PostgreSQL) 1.40 + the bench (autocannon, probe) 0.35 + anything else 0.15.",
        "",
        "| GC kind | pauses | total ms | share of the window | p50 | p99 | max (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "| minor | 110 | 180 | 1.8% | 1.40 | 5.00 | 6.00 |",
        "| major | 10 | 70 | 0.7% | 7.00 | 14.0 | 14.0 |",
      ].join("\n"),
    );
  });

  it("leave a layer the scenario never passes as dashes (the liveness route has no handler, the bare app no pool)", () => {
    const bare = { ...window, server: { ...server, layers: { server: server.layers.server } } };
    const table = tailTable(bare);
    expect(table).toContain("| route handler (lib/http/route.ts) | 0 | – | – | – | – |");
    expect(table).toContain("| client − handler (per percentile) |  | – | – | – | – |");
    expect(outside(window.client, undefined).p99).toBeNaN();
  });

  it("set the scenarios' p99s side by side, a column each", () => {
    const lines = tailComparison([window, { ...window, label: "bare" }]).split("\n");
    expect(lines[0]).toBe("| p99 (ms) | (a) GET | bare |");
    expect(lines[2]).toBe("| client (autocannon, 2xx) | 45.0 | 45.0 |");
    expect(lines).toHaveLength(2 + 9);
  });

  it("say nothing of the scheduler where /proc gave nothing", () => {
    const elsewhere = { ...window, clientScheduler: undefined, server: { ...server, scheduler: undefined } };
    expect(tailTable(elsewhere)).not.toContain("Event-loop threads");
  });

  it("round milliseconds to two decimals below 10 and one above", () => {
    expect([msCell(0.004), msCell(9.994), msCell(10.04), msCell(NaN)]).toEqual(["0.00", "9.99", "10.0", "–"]);
  });
});
