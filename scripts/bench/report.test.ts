// The report's shape is what docs/benchmarks.md has held since issue 17: these are the figures and
// the tables of its 2026-12-01 run, written by the single-file bench this folder replaced. A
// change to a label, a note, a target or a verdict shows here before it shows in a report.
import type autocannon from "autocannon";
import { describe, expect, it } from "vitest";
import { MARK_END, MARK_START, measuredSection, scenarioRows, table, targetsTable } from "./report";
import type { RunFigures } from "./scenarios";
import { medianRun } from "./stats";

const figures = (rps: number, p50: number, p99: number) => ({ rps, p50, p99, errors: 0 });
const bound = 9.67;
const one: RunFigures = {
  processes: 1,
  bound,
  rss: [[341], [323], [327]],
  medians: {
    ceiling: figures(2020, 4, 11),
    get: figures(1588, 5, 15),
    membersBearer: figures(1315, 7, 19),
    membersKey: figures(1331, 7, 17),
    refresh: figures(1195, 7, 19),
    login: figures(8.8, 1112, 1240),
    flood: figures(1292, 6, 20),
  },
};
const two: RunFigures = {
  processes: 2,
  bound,
  rss: [
    [308, 320],
    [309, 325],
    [311, 315],
  ],
  medians: {
    ceiling: figures(3222, 2, 11),
    get: figures(2021, 4, 14),
    membersBearer: figures(1783, 4, 16),
    membersKey: figures(1793, 4, 15),
    refresh: figures(1388, 6, 18),
    login: figures(9.0, 895, 1323),
    flood: figures(1934, 4, 15),
  },
};

describe("the scenario table", () => {
  it("is the table docs/benchmarks.md shows for one process", () => {
    expect(table(scenarioRows(one))).toBe(`| Scenario | req/s | share of ceiling | p50 ms | p99 ms | errors | note |
|---|---:|---:|---:|---:|---:|---|
| ceiling: GET /api/health/live (no auth, no database) | 2020 | 100% | 4 | 11 | 0 |  |
| (a) GET /api/auth/profile, Bearer | 1588 | 79% | 5 | 15 | 0 |  |
| (b) GET /api/organizations/current/members, Bearer | 1315 | 65% | 7 | 19 | 0 |  |
| (b) GET /api/organizations/current/members, X-API-Key | 1331 | 66% | 7 | 17 | 0 |  |
| (c) POST /api/auth/refresh (rotation) | 1195 | 59% | 7 | 19 | 0 | 75% of (a) |
| (d) POST /api/auth/login, bcrypt cost 12 | 8.8 |  | 1112 | 1240 | 0 | 91% of the 9.67/s bcrypt bound |
| (e) GET /api/auth/profile during a login flood | 1292 | 64% | 6 | 20 | 0 | p99 1.33× of (a) |`);
  });

  it("shows only what a partial run measured, without shares or notes it cannot work out", () => {
    const partial: RunFigures = { ...one, medians: { get: one.medians.get, refresh: one.medians.refresh } };
    expect(table(scenarioRows(partial)).split("\n").slice(2)).toEqual([
      "| (a) GET /api/auth/profile, Bearer | 1588 |  | 5 | 15 | 0 |  |",
      "| (c) POST /api/auth/refresh (rotation) | 1195 |  | 7 | 19 | 0 | 75% of (a) |",
    ]);
  });
});

describe("the targets", () => {
  it("are issue 17's, judged where it sets them", () => {
    expect(targetsTable([one, two])).toBe(`| Target | this run | met |
|---|---:|---|
| authenticated GET (Bearer), one process: ≥ 75% of the ceiling | 79% | yes |
| … and p99 ≤ 15 ms at 10 connections | 15 ms | yes |
| members list, Bearer, 1 process(es): ≥ 60% of the ceiling | 65% | yes |
| members list, X-API-Key, 1 process(es): ≥ 60% of the ceiling | 66% | yes |
| refresh with rotation, 1 process(es): ≥ 70% of the authenticated GET | 75% | yes |
| sign-in, 1 process(es): ≥ 90% of the all-cores bcrypt bound | 91% | yes |
| GET p99 in a sign-in flood, 1 process(es): ≤ 1.5× its p99 alone | 1.33× | yes |
| RSS per server process, 1 process(es): ≤ 400 MB after the bench | 327 MB | yes |
| … no growth between the last two passes | 323 → 327 MB | yes |
| members list, Bearer, 2 process(es): ≥ 60% of the ceiling | 55% | reported (set at one process) |
| members list, X-API-Key, 2 process(es): ≥ 60% of the ceiling | 56% | reported (set at one process) |
| refresh with rotation, 2 process(es): ≥ 70% of the authenticated GET | 69% | reported (set at one process) |
| sign-in, 2 process(es): ≥ 90% of the all-cores bcrypt bound | 93% | yes |
| GET p99 in a sign-in flood, 2 process(es): ≤ 1.5× its p99 alone | 1.07× | yes |
| RSS per server process, 2 process(es): ≤ 400 MB after the bench | 311, 315 MB | yes |
| … no growth between the last two passes | 309, 325 → 311, 315 MB | yes |`);
  });

  it("say no where a bound is missed, at every count it is judged", () => {
    const slow: RunFigures = {
      ...two,
      medians: { ...two.medians, flood: figures(1500, 5, 30), login: figures(8, 900, 1300) },
      rss: [
        [300, 300],
        [300, 300],
        [300, 420],
      ],
    };
    const rows = targetsTable([one, slow]).split("\n");
    expect(rows).toContain("| sign-in, 2 process(es): ≥ 90% of the all-cores bcrypt bound | 83% | **no** |");
    expect(rows).toContain("| GET p99 in a sign-in flood, 2 process(es): ≤ 1.5× its p99 alone | 2.14× | **no** |");
    expect(rows).toContain("| RSS per server process, 2 process(es): ≤ 400 MB after the bench | 300, 420 MB | **no** |");
    expect(rows).toContain("| … no growth between the last two passes | 300, 300 → 300, 420 MB | **no** |");
  });
});

describe("the measured section", () => {
  it("holds a table per process count with its memory, then the targets, between the markers", () => {
    const section = measuredSection([one, two], bound, new Date("2026-12-01T01:14:00Z"));
    expect(section.startsWith(`${MARK_START}\nMeasured by \`npm run bench\` on 2026-12-01 01:14 UTC:`)).toBe(true);
    expect(section.endsWith(`| … no growth between the last two passes | 309, 325 → 311, 315 MB | yes |\n${MARK_END}`)).toBe(true);
    expect(section).toContain(
      `### 1 server process (WEB_CONCURRENCY=1)\n\n${table(scenarioRows(one))}\n\nRSS per server process after each pass: 341 MB → 323 MB → 327 MB.`,
    );
    expect(section).toContain("### 2 server processes (WEB_CONCURRENCY=2)");
    expect(section).toContain("Raw bcrypt bound:\n9.67 compares/s (cost 12, one worker thread per core");
  });
});

describe("medianRun", () => {
  const result = (average: number, p50: number, p99: number, errors = 0) =>
    ({ requests: { average }, latency: { p50, p99 }, errors, non2xx: 0 }) as unknown as autocannon.Result;

  it("takes each figure's own median over the passes, and every pass's errors", () => {
    expect(medianRun([result(900, 5, 30, 1), result(1000, 6, 12), result(1100, 4, 14, 2)])).toEqual({
      rps: 1000,
      p50: 5,
      p99: 14,
      errors: 3,
    });
  });

  it("has nothing to say about a scenario that did not run", () => {
    expect(medianRun([])).toBeUndefined();
  });
});
