// What the bench measures, one record per scenario: its id (for --only), its row in the tables,
// how it loads the app, and the target the report judges it by (issue 17). The ceiling is
// GET /api/health/live in the same run and process count: the same Next.js server, launcher and
// headers, no credentials and no database; every request rate is read as a share of it.
import type autocannon from "autocannon";
import { load, loadRefresh, type RequestShape } from "./load";
import { options } from "./options";
import { PASSWORD, type Seed } from "./seed";
import { pct, ratio, type Measured } from "./stats";

export type ScenarioId = "ceiling" | "get" | "membersBearer" | "membersKey" | "refresh" | "login" | "flood";

export interface ScenarioContext {
  base: string;
  seed: Seed;
}

/** One process count's figures, as the notes and the targets read them. */
export interface RunFigures {
  processes: number;
  /** Each scenario's median over its passes; absent when --only left it out. */
  medians: Partial<Record<ScenarioId, Measured>>;
  /** RSS of each server process (MB) after each pass. */
  rss: number[][];
  /** Raw bcrypt compares per second on this machine (bcrypt-bound.ts). */
  bound: number;
}

/** A row of the targets table: the goal, this run's figure, whether it is met. */
export type TargetRow = [goal: string, value: string, met: boolean];

export interface Target {
  /**
   * Where issue 17 sets the target, so where the report judges it. "one process": stated and
   * judged for the one-process run only. "one process, others reported": stated for every count,
   * judged at one process, the other counts' figures reported beside it. "every count": judged
   * at one process and at the default count alike.
   */
  at: "one process" | "one process, others reported" | "every count";
  rows: (run: RunFigures) => TargetRow[];
}

export interface Scenario {
  id: ScenarioId;
  /** Its row in the tables. */
  label: string;
  /** One measured run (after its own warm-up) against the app at ctx.base. */
  run: (ctx: ScenarioContext) => Promise<autocannon.Result>;
  /** False where a share of the ceiling means nothing: sign-ins are bounded by bcrypt. */
  shareOfCeiling: boolean;
  /** Beside the figures: the comparison the target makes. */
  note?: (m: Measured, run: RunFigures) => string | undefined;
  target?: Target;
}

const bearer = (seed: Seed) => ({ authorization: `Bearer ${seed.access}` });
const loginRequest = (email: string): RequestShape => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email, password: PASSWORD }),
});
const shareOfCeiling = (run: RunFigures, id: ScenarioId) => ratio(run.medians[id]?.rps, run.medians.ceiling?.rps);

/** In run order. */
export const SCENARIOS: Scenario[] = [
  {
    id: "ceiling",
    label: "ceiling: GET /api/health/live (no auth, no database)",
    run: ({ base }) => load(`${base}/api/health/live`, {}),
    shareOfCeiling: true,
  },
  {
    id: "get",
    label: "(a) GET /api/auth/profile, Bearer",
    run: ({ base, seed }) => load(`${base}/api/auth/profile`, { headers: bearer(seed) }),
    shareOfCeiling: true,
    target: {
      at: "one process",
      rows: (run) => {
        const share = shareOfCeiling(run, "get");
        const p99 = run.medians.get?.p99 ?? NaN;
        return [
          ["authenticated GET (Bearer), one process: ≥ 75% of the ceiling", pct(share), share >= 0.75],
          ["… and p99 ≤ 15 ms at 10 connections", `${p99} ms`, p99 <= 15],
        ];
      },
    },
  },
  {
    id: "membersBearer",
    label: "(b) GET /api/organizations/current/members, Bearer",
    run: ({ base, seed }) => load(`${base}/api/organizations/current/members`, { headers: bearer(seed) }),
    shareOfCeiling: true,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const share = shareOfCeiling(run, "membersBearer");
        return [[`members list, Bearer, ${run.processes} process(es): ≥ 60% of the ceiling`, pct(share), share >= 0.6]];
      },
    },
  },
  {
    id: "membersKey",
    label: "(b) GET /api/organizations/current/members, X-API-Key",
    run: ({ base, seed }) => load(`${base}/api/organizations/current/members`, { headers: { "x-api-key": seed.apiKey } }),
    shareOfCeiling: true,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const share = shareOfCeiling(run, "membersKey");
        return [[`members list, X-API-Key, ${run.processes} process(es): ≥ 60% of the ceiling`, pct(share), share >= 0.6]];
      },
    },
  },
  {
    id: "refresh",
    label: "(c) POST /api/auth/refresh (rotation)",
    run: ({ base, seed }) => loadRefresh(base, seed.refreshTokens),
    shareOfCeiling: true,
    note: (m, run) => run.medians.get && `${pct(m.rps / run.medians.get.rps)} of (a)`,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const ofGet = ratio(run.medians.refresh?.rps, run.medians.get?.rps);
        return [[`refresh with rotation, ${run.processes} process(es): ≥ 70% of the authenticated GET`, pct(ofGet), ofGet >= 0.7]];
      },
    },
  },
  {
    id: "login",
    label: `(d) POST /api/auth/login, bcrypt cost ${options.bcryptCost}`,
    run: ({ base, seed }) => load(`${base}/api/auth/login`, loginRequest(seed.email), options.seconds * 1.5),
    shareOfCeiling: false,
    note: (m, run) => `${pct(m.rps / run.bound)} of the ${run.bound.toFixed(2)}/s bcrypt bound`,
    target: {
      at: "every count",
      rows: (run) => {
        const ofBound = ratio(run.medians.login?.rps, run.bound);
        return [[`sign-in, ${run.processes} process(es): ≥ 90% of the all-cores bcrypt bound`, pct(ofBound), ofBound >= 0.9]];
      },
    },
  },
  {
    id: "flood",
    label: "(e) GET /api/auth/profile during a login flood",
    // The authenticated GET at the usual load while 20 more connections sign in; its target
    // compares this p99 with (a)'s.
    run: async ({ base, seed }) => {
      const [underFlood] = await Promise.all([
        load(`${base}/api/auth/profile`, { headers: bearer(seed) }),
        load(`${base}/api/auth/login`, loginRequest(seed.email), options.seconds, 20),
      ]);
      return underFlood;
    },
    shareOfCeiling: true,
    note: (m, run) => run.medians.get && `p99 ${(m.p99 / run.medians.get.p99).toFixed(2)}× of (a)`,
    target: {
      at: "every count",
      rows: (run) => {
        const ofAlone = ratio(run.medians.flood?.p99, run.medians.get?.p99);
        return [
          [`GET p99 in a sign-in flood, ${run.processes} process(es): ≤ 1.5× its p99 alone`, `${ofAlone.toFixed(2)}×`, ofAlone <= 1.5],
        ];
      },
    },
  },
];

/** Memory, read after every pass of the scenarios (not a scenario of its own). */
export const MEMORY_TARGET: Target = {
  at: "every count",
  rows: ({ processes, rss }) => [
    [
      `RSS per server process, ${processes} process(es): ≤ 400 MB after the bench`,
      `${rss.at(-1)!.join(", ")} MB`,
      rss.at(-1)!.every((mb) => mb <= 400),
    ],
    // Between the last two passes: the first also holds the start-up growth (JIT, route chunks).
    [
      `… no growth between the last two passes`,
      `${rss.at(-2)!.join(", ")} → ${rss.at(-1)!.join(", ")} MB`,
      rss.at(-1)!.every((mb, i) => mb <= rss.at(-2)![i]! * 1.05),
    ],
  ],
};
