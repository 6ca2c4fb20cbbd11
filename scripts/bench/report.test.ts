// The report's shape is what docs/benchmarks.md has held since issue 17: these are the figures and
// the tables of its 2026-12-01 run, written by the single-file bench this folder replaced. A
// change to a label, a note, a target or a verdict shows here before it shows in a report.
import type autocannon from "autocannon";
import { describe, expect, it } from "vitest";
import { MARK_END, MARK_START, measuredSection, passesLine, scenarioRows, signingTable, table, targetsTable } from "./report";
import type { RunFigures } from "./scenarios";
import { fromAutocannon, medianRun, percentile } from "./stats";

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

describe("the webhook rows (issue 25)", () => {
  const webhooks: RunFigures = {
    ...one,
    medians: {
      memberChangePlain: figures(40.1, 24.5, 60.25),
      memberChangeHooked: figures(40.3, 25.75, 58),
      loginPlain: figures(1.5, 330.4, 410.9),
      loginHooked: figures(1.5, 335, 402.12),
      emitPlain: figures(500, 0.3, 2.5),
      emitOne: figures(500, 0.41, 2.5),
      emitHooked: figures(500, 0.72, 3.1),
      webhooks: figures(875, 5, 21),
    },
  };

  it("show the bench's own timings to the hundredth of a millisecond, the hooked side's difference beside it", () => {
    const rows = table(scenarioRows(webhooks)).split("\n").slice(2);
    expect(rows[0]).toBe("| (f) PATCH member role, 1 connection, no webhook endpoint | 40.1 |  | 24.50 | 60.25 | 0 |  |");
    expect(rows[1]).toBe(
      "| (f) PATCH member role, 1 connection, 10 endpoints subscribed | 40.3 |  | 25.75 | 58 | 0 | p50 +1.25 ms, p99 −2.25 ms over no endpoints |",
    );
    expect(rows[5]).toBe(
      "| (h) the emit statement alone, 1 endpoint subscribed | 500 |  | 0.41 | 2.50 | 0 | p50 +0.11 ms, p99 +0 ms over no endpoints |",
    );
    expect(rows[6]).toBe(
      "| (h) the emit statement alone, 10 endpoints subscribed | 500 |  | 0.72 | 3.10 | 0 | p50 +0.42 ms, p99 +0.60 ms over no endpoints |",
    );
    expect(rows[7]).toMatch(
      /^\| \(i\) webhook dispatcher: deliveries\/s to 10 endpoints \| 875 \|  \| 5 \| 21 \| 0 \| 2000 events × 10 per pass;/,
    );
  });

  it("judge the outbox on the emit statement, report the requests beside it, and judge the dispatcher", () => {
    const rows = targetsTable([webhooks]).split("\n");
    expect(rows).toContain(
      "| writing the outbox (10 endpoints), 1 process(es): the emit statement adds < 0.5 ms p50 | +0.42 ms (0.30 → 0.72 ms) | yes |",
    );
    expect(rows).toContain("| … a member change's p50, paired on one connection | +1.25 ms (24.50 → 25.75 ms) | reported, not judged |");
    expect(rows).toContain("| … a sign-in's p50, paired on one connection | +4.60 ms (330.40 → 335 ms) | reported, not judged |");
    expect(rows).toContain("| webhook dispatcher, 1 process(es): ≥ 500 deliveries/s, each delivered once | 875/s, 0 errors | yes |");
  });

  it("fail the dispatcher that is fast but loses or doubles a delivery", () => {
    const lossy: RunFigures = { ...webhooks, medians: { ...webhooks.medians, webhooks: { ...figures(900, 5, 21), errors: 3 } } };
    expect(targetsTable([lossy]).split("\n")).toContain(
      "| webhook dispatcher, 1 process(es): ≥ 500 deliveries/s, each delivered once | 900/s, 3 errors | **no** |",
    );
  });

  it("are left out of the targets of a run that did not measure them", () => {
    expect(targetsTable([one, two])).not.toContain("outbox");
    expect(targetsTable([one, two])).not.toContain("dispatcher");
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
    fromAutocannon({ requests: { average }, latency: { p50, p99 }, errors, non2xx: 0 } as unknown as autocannon.Result);

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

describe("percentile", () => {
  it("is the nearest rank, as HdrHistogram reports it", () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("the bare Next.js route (issue 29)", () => {
  const withBare: RunFigures = {
    ...one,
    medians: { bare: figures(2500, 3, 10), ceiling: one.medians.ceiling, get: one.medians.get, membersBearer: one.medians.membersBearer },
    passes: { bare: [figures(2400, 3, 11), figures(2500, 3, 10)], get: [figures(1500, 5, 16), figures(1588, 5, 15)] },
  };

  it("adds a share of both ceilings and the p99 against the bare route's to every row", () => {
    expect(table(scenarioRows(withBare)).split("\n")).toEqual([
      "| Scenario | req/s | of bare route | of liveness | p50 ms | p99 ms | p99 / bare | errors | note |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---|",
      "| bare Next.js: GET /api/bare (`next start`, one route handler) | 2500 | 100% | 124% | 3 | 10 | 1.00× | 0 |  |",
      "| ceiling: GET /api/health/live (no auth, no database) | 2020 | 81% | 100% | 4 | 11 | 1.10× | 0 |  |",
      "| (a) GET /api/auth/profile, Bearer | 1588 | 64% | 79% | 5 | 15 | 1.50× | 0 |  |",
      "| (b) GET /api/organizations/current/members, Bearer | 1315 | 53% | 65% | 7 | 19 | 1.90× | 0 |  |",
    ]);
    expect(passesLine(withBare)).toContain("bare route 2400, 2500; authenticated GET 1500, 1588");
  });

  it("judges the GET and the members list against the bare route too", () => {
    const rows = targetsTable([withBare]).split("\n");
    expect(rows).toContain("| authenticated GET (Bearer), one process: ≥ 75% of the bare Next.js route | 64% | **no** |");
    expect(rows).toContain("| … and p99 ≤ 1.5× the bare route's | 1.50× (15 / 10 ms) | yes |");
    expect(rows).toContain("| members list, Bearer, 1 process(es): ≥ 60% of the bare Next.js route | 53% | **no** |");
  });
});

describe("the OpenID Provider rows (issue 28)", () => {
  const oidc: RunFigures = {
    ...one,
    medians: {
      get: one.medians.get,
      refresh: figures(1000, 7, 19),
      "oidc-refresh": figures(850, 9, 24),
      "oidc-userinfo": figures(1200, 6, 17),
    },
  };

  it("show the provider's refresh against ours and its userinfo against the authenticated GET", () => {
    expect(table(scenarioRows(oidc)).split("\n").slice(3)).toEqual([
      "| (c) POST /api/auth/refresh (rotation) | 1000 |  | 7 | 19 | 0 | 63% of (a) |",
      "| (j) POST /api/oidc/token, refresh_token (OpenID Provider, rotation) | 850 |  | 9 | 24 | 0 | 85% of (c) |",
      "| (k) GET /api/oidc/me, the provider's access token (userinfo) | 1200 |  | 6 | 17 | 0 | 76% of (a) |",
    ]);
  });

  it("judge the provider's refresh at one process against ours, and report it at other counts", () => {
    const slow: RunFigures = { ...two, medians: { ...two.medians, "oidc-refresh": figures(700, 9, 24), refresh: figures(1000, 7, 19) } };
    const rows = targetsTable([oidc, slow]).split("\n");
    expect(rows).toContain("| provider refresh, 1 process(es): ≥ 80% of our refresh (c) | 85% | yes |");
    expect(rows).toContain("| provider refresh, 2 process(es): ≥ 80% of our refresh (c) | 70% | reported (set at one process) |");
    const behind: RunFigures = { ...oidc, medians: { ...oidc.medians, "oidc-refresh": figures(700, 9, 24) } };
    expect(targetsTable([behind]).split("\n")).toContain("| provider refresh, 1 process(es): ≥ 80% of our refresh (c) | 70% | **no** |");
  });
});

describe("the signing table (issue 28)", () => {
  const costs = [
    { token: "ID token", algorithm: "RS256", signer: "jose (oidc-provider)", meanUs: 612.4, p99Us: 1804, cpuUs: 590.2, perSecond: 1633 },
    {
      token: "access token",
      algorithm: "EdDSA",
      signer: "node:crypto (lib/keys/jws.ts)",
      meanUs: 36.9,
      p99Us: 78,
      cpuUs: 35.7,
      perSecond: 27136,
    },
  ] as const;

  it("is a row per token, algorithm and signer, in µs and signatures per second", () => {
    expect(signingTable([...costs]))
      .toBe(`| Token | Algorithm | Signer | µs per signature (mean) | p99 µs | CPU µs per signature | signatures/s |
|---|---|---|---:|---:|---:|---:|
| ID token | RS256 | jose (oidc-provider) | 612 | 1804 | 590 | 1633 |
| access token | EdDSA | node:crypto (lib/keys/jws.ts) | 37 | 78 | 36 | 27136 |`);
  });

  it("goes into the measured section of a full run, before the targets", () => {
    const section = measuredSection([one], bound, new Date("2026-12-01T01:14:00Z"), [...costs]);
    expect(section).toContain(`### Token signatures (issue 28)`);
    expect(section.indexOf(signingTable([...costs]))).toBeLessThan(section.indexOf("| Target |"));
    expect(measuredSection([one], bound)).not.toContain("Token signatures");
  });
});
