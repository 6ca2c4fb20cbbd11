// What the bench measures, one record per scenario: its id (for --only), its rows in the tables,
// how it loads the app, and the target the report judges it by (issues 17 and 25). The ceiling is
// GET /api/health/live in the same run and process count: the same Next.js server, launcher and
// headers, no credentials and no database; every request rate is read as a share of it. Most
// scenarios are one row; a paired one (webhooks.ts) measures two sides in the same seconds and
// gives a row to each.
import { BARE_PATH } from "./bare-next";
import { load, loadRefresh, type RequestShape } from "./load";
import { providerRefreshes, userinfoLoad, type OidcSeed } from "./oidc";
import { options } from "./options";
import { DISPATCH_ENDPOINTS, OUTBOX_ENDPOINTS, PASSWORD, type Seed, type WebhookSeed } from "./seed";
import { fromAutocannon, ms, pct, rate, ratio, type Measured } from "./stats";
import { dispatcherThroughput, emitStatementCost, outboxCost, roleFlips, signIns, type WebhookContext } from "./webhooks";

export type ScenarioId =
  | "bare"
  | "ceiling"
  | "get"
  | "membersBearer"
  | "membersKey"
  | "refresh"
  | "oidc-refresh"
  | "oidc-refresh-es256"
  | "oidc-userinfo"
  | "login"
  | "flood"
  | "memberChange"
  | "loginOutbox"
  | "emit"
  | "webhooks";

/** A row of the tables: a one-row scenario's is its own id. */
export type RowId =
  | Exclude<ScenarioId, "memberChange" | "loginOutbox" | "emit">
  | "memberChangePlain"
  | "memberChangeHooked"
  | "loginPlain"
  | "loginHooked"
  | "emitPlain"
  | "emitOne"
  | "emitHooked";

export interface ScenarioContext extends WebhookContext {
  /** The bare Next.js app of the same run and process count (bare-next.ts). */
  bareBase: string;
  seed: Seed;
  /** The webhook scenarios' organizations, seeded on first use. */
  orgs: () => Promise<WebhookSeed>;
  /** The OpenID Provider scenarios' client and refresh-token chains, seeded on first use. */
  oidc: () => Promise<OidcSeed>;
  /** The same for a client whose ID tokens are ES256. */
  oidcEs256: () => Promise<OidcSeed>;
}

/** One process count's figures, as the notes and the targets read them. */
export interface RunFigures {
  processes: number;
  /** Each row's median over its passes; absent when --only left it out. */
  medians: Partial<Record<RowId, Measured>>;
  /** RSS of each server process (MB) after each pass. */
  rss: number[][];
  /** Raw bcrypt compares per second on this machine (bcrypt-bound.ts). */
  bound: number;
  /** Each pass's figures per row, in pass order: a later pass faster than the first says the warm-up was short. */
  passes?: Partial<Record<RowId, Measured[]>>;
}

/**
 * A row of the targets table: the goal, this run's figure, whether it is met (null: a figure
 * reported beside the one the target is judged on, never judged itself).
 */
export type TargetRow = [goal: string, value: string, met: boolean | null];

export interface Target {
  /**
   * Where the issue sets the target, so where the report judges it. "one process": stated and
   * judged for the one-process run only. "one process, others reported": stated for every count,
   * judged at one process, the other counts' figures reported beside it. "every count": judged
   * at one process and at the default count alike.
   */
  at: "one process" | "one process, others reported" | "every count";
  rows: (run: RunFigures) => TargetRow[];
}

export interface Row {
  id: RowId;
  /** Its line in the tables. */
  label: string;
  /** False where a share of the ceiling means nothing: sign-ins are bounded by bcrypt. */
  shareOfCeiling: boolean;
  /** Beside the figures: the comparison the target makes. */
  note?: (m: Measured, run: RunFigures) => string | undefined;
}

export interface Scenario {
  id: ScenarioId;
  rows: Row[];
  /** One measured run (after its own warm-up) against the app at ctx.base: a figure per row. */
  run: (ctx: ScenarioContext) => Promise<Partial<Record<RowId, Measured>>>;
  target?: Target;
}

/** A scenario of one row, which shares its id. */
const single = (
  scenario: Omit<Row, "id"> & { id: ScenarioId & RowId; run: (ctx: ScenarioContext) => Promise<Measured>; target?: Target },
): Scenario => {
  const { id, run, target, ...row } = scenario;
  return { id, rows: [{ id, ...row }], run: async (ctx) => ({ [id]: await run(ctx) }), target };
};

const bearer = (seed: Seed) => ({ authorization: `Bearer ${seed.access}` });
const loginRequest = (email: string): RequestShape => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email, password: PASSWORD }),
});
const shareOfCeiling = (run: RunFigures, id: RowId) => ratio(run.medians[id]?.rps, run.medians.ceiling?.rps);
const shareOfBare = (run: RunFigures, id: RowId) => ratio(run.medians[id]?.rps, run.medians.bare?.rps);
/** The target's row against the bare route, when this run measured it. */
const ofBare = (run: RunFigures, id: RowId, label: string, least: number): TargetRow[] => {
  if (!run.medians.bare) return [];
  const share = shareOfBare(run, id);
  return [[`${label}: ≥ ${pct(least)} of the bare Next.js route`, pct(share), share >= least]];
};
const signed = (value: number) => {
  const hundredths = Math.round(value * 100) / 100;
  return `${hundredths >= 0 ? "+" : "−"}${ms(Math.abs(hundredths))}`;
};
/** The hooked side against the plain one: what writing the outbox added. */
const added = (run: RunFigures, plain: RowId, hooked: RowId) => {
  const [a, b] = [run.medians[plain], run.medians[hooked]];
  return a && b ? { p50: b.p50 - a.p50, p99: b.p99 - a.p99 } : undefined;
};
const addedNote = (plain: RowId, hooked: RowId) => (_: Measured, run: RunFigures) => {
  const delta = added(run, plain, hooked);
  return delta && `p50 ${signed(delta.p50)} ms, p99 ${signed(delta.p99)} ms over no endpoints`;
};

/** In run order. */
export const SCENARIOS: Scenario[] = [
  single({
    id: "bare",
    label: "bare Next.js: GET /api/bare (`next start`, one route handler)",
    run: async ({ bareBase }) => fromAutocannon(await load(`${bareBase}${BARE_PATH}`, {})),
    shareOfCeiling: true,
  }),
  single({
    id: "ceiling",
    label: "ceiling: GET /api/health/live (no auth, no database)",
    run: async ({ base }) => fromAutocannon(await load(`${base}/api/health/live`, {})),
    shareOfCeiling: true,
  }),
  single({
    id: "get",
    label: "(a) GET /api/auth/profile, Bearer",
    run: async ({ base, seed }) => fromAutocannon(await load(`${base}/api/auth/profile`, { headers: bearer(seed) })),
    shareOfCeiling: true,
    target: {
      at: "one process",
      rows: (run) => {
        const share = shareOfCeiling(run, "get");
        const p99 = run.medians.get?.p99 ?? NaN;
        const bareP99 = run.medians.bare?.p99;
        return [
          ["authenticated GET (Bearer), one process: ≥ 75% of the ceiling", pct(share), share >= 0.75],
          ["… and p99 ≤ 15 ms at 10 connections", `${p99} ms`, p99 <= 15],
          ...ofBare(run, "get", "authenticated GET (Bearer), one process", 0.75),
          ...(bareP99
            ? ([
                ["… and p99 ≤ 1.5× the bare route's", `${ratio(p99, bareP99).toFixed(2)}× (${p99} / ${bareP99} ms)`, p99 <= 1.5 * bareP99],
              ] as TargetRow[])
            : []),
        ];
      },
    },
  }),
  single({
    id: "membersBearer",
    label: "(b) GET /api/organizations/current/members, Bearer",
    run: async ({ base, seed }) => fromAutocannon(await load(`${base}/api/organizations/current/members`, { headers: bearer(seed) })),
    shareOfCeiling: true,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const share = shareOfCeiling(run, "membersBearer");
        return [
          [`members list, Bearer, ${run.processes} process(es): ≥ 60% of the ceiling`, pct(share), share >= 0.6],
          ...ofBare(run, "membersBearer", `members list, Bearer, ${run.processes} process(es)`, 0.6),
        ];
      },
    },
  }),
  single({
    id: "membersKey",
    label: "(b) GET /api/organizations/current/members, X-API-Key",
    run: async ({ base, seed }) =>
      fromAutocannon(await load(`${base}/api/organizations/current/members`, { headers: { "x-api-key": seed.apiKey } })),
    shareOfCeiling: true,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const share = shareOfCeiling(run, "membersKey");
        return [[`members list, X-API-Key, ${run.processes} process(es): ≥ 60% of the ceiling`, pct(share), share >= 0.6]];
      },
    },
  }),
  single({
    id: "refresh",
    label: "(c) POST /api/auth/refresh (rotation)",
    run: async ({ base, seed }) => fromAutocannon(await loadRefresh(base, seed.refreshTokens)),
    shareOfCeiling: true,
    note: (m, run) => run.medians.get && `${pct(m.rps / run.medians.get.rps)} of (a)`,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const ofGet = ratio(run.medians.refresh?.rps, run.medians.get?.rps);
        return [[`refresh with rotation, ${run.processes} process(es): ≥ 70% of the authenticated GET`, pct(ofGet), ofGet >= 0.7]];
      },
    },
  }),
  // Issue 28: the OpenID Provider's refresh beside ours (the same rotation for a confidential
  // client through oidc-provider: client authentication, the grant and the account read, the
  // single-use consume, an access token and an ID token signed), then its userinfo.
  single({
    id: "oidc-refresh",
    label: "(j) POST /api/oidc/token, refresh_token (OpenID Provider, rotation)",
    run: async ({ base, oidc }) => fromAutocannon(await providerRefreshes(base, await oidc())),
    shareOfCeiling: true,
    note: (m, run) => run.medians.refresh && `${pct(m.rps / run.medians.refresh.rps)} of (c)`,
    target: {
      at: "one process, others reported",
      rows: (run) => {
        const ofOurs = ratio(run.medians["oidc-refresh"]?.rps, run.medians.refresh?.rps);
        return [[`provider refresh, ${run.processes} process(es): ≥ 80% of our refresh (c)`, pct(ofOurs), ofOurs >= 0.8]];
      },
    },
  }),
  // The same rotation for a client registered with ES256 ID tokens (the admin's choice per
  // client; RS256 stays the default): what the RSA signature costs the row above. Reported only.
  single({
    id: "oidc-refresh-es256",
    label: "(j) POST /api/oidc/token, refresh_token, a client with ES256 ID tokens",
    run: async ({ base, oidcEs256 }) => fromAutocannon(await providerRefreshes(base, await oidcEs256())),
    shareOfCeiling: true,
    note: (m, run) => run.medians.refresh && `${pct(m.rps / run.medians.refresh.rps)} of (c)`,
  }),
  single({
    id: "oidc-userinfo",
    label: "(k) GET /api/oidc/me, the provider's access token (userinfo)",
    run: async ({ base, oidc }) => fromAutocannon(await userinfoLoad(base, await oidc())),
    shareOfCeiling: true,
    note: (m, run) => run.medians.get && `${pct(m.rps / run.medians.get.rps)} of (a)`,
  }),
  single({
    id: "login",
    label: `(d) POST /api/auth/login, bcrypt cost ${options.bcryptCost}`,
    run: async ({ base, seed }) => fromAutocannon(await load(`${base}/api/auth/login`, loginRequest(seed.email), options.seconds * 1.5)),
    shareOfCeiling: false,
    note: (m, run) => `${pct(m.rps / run.bound)} of the ${run.bound.toFixed(2)}/s bcrypt bound`,
    target: {
      at: "every count",
      rows: (run) => {
        const ofBound = ratio(run.medians.login?.rps, run.bound);
        return [[`sign-in, ${run.processes} process(es): ≥ 90% of the all-cores bcrypt bound`, pct(ofBound), ofBound >= 0.9]];
      },
    },
  }),
  single({
    id: "flood",
    label: "(e) GET /api/auth/profile during a login flood",
    // The authenticated GET at the usual load while 20 more connections sign in; its target
    // compares this p99 with (a)'s.
    run: async ({ base, seed }) => {
      const [underFlood] = await Promise.all([
        load(`${base}/api/auth/profile`, { headers: bearer(seed) }),
        load(`${base}/api/auth/login`, loginRequest(seed.email), options.seconds, 20),
      ]);
      return fromAutocannon(underFlood);
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
  }),
  {
    // Issue 25: what writing the webhook outbox adds to a change. The same role change in an
    // organization without endpoints and in one with OUTBOX_ENDPOINTS, paired in the same seconds
    // on one connection (webhooks.ts says why).
    id: "memberChange",
    rows: [
      { id: "memberChangePlain", label: "(f) PATCH member role, 1 connection, no webhook endpoint", shareOfCeiling: false },
      {
        id: "memberChangeHooked",
        label: `(f) PATCH member role, 1 connection, ${OUTBOX_ENDPOINTS} endpoints subscribed`,
        shareOfCeiling: false,
        note: addedNote("memberChangePlain", "memberChangeHooked"),
      },
    ],
    run: async (ctx) => {
      const { plain, hooked } = await ctx.orgs();
      const [memberChangePlain, memberChangeHooked] = await outboxCost(ctx, roleFlips, plain, hooked);
      return { memberChangePlain, memberChangeHooked };
    },
  },
  {
    // The same for a sign-in (login.succeeded lands in the organization the session opens in).
    id: "loginOutbox",
    rows: [
      { id: "loginPlain", label: "(g) POST /api/auth/login, 1 connection, no webhook endpoint", shareOfCeiling: false },
      {
        id: "loginHooked",
        label: `(g) POST /api/auth/login, 1 connection, ${OUTBOX_ENDPOINTS} endpoints subscribed`,
        shareOfCeiling: false,
        note: addedNote("loginPlain", "loginHooked"),
      },
    ],
    run: async (ctx) => {
      const { plain, hooked } = await ctx.orgs();
      const [loginPlain, loginHooked] = await outboxCost(ctx, signIns, plain, hooked, options.seconds * 1.5);
      return { loginPlain, loginHooked };
    },
  },
  {
    // What the request figures above cannot resolve: the emit statement alone, timed to the
    // microsecond in rolled-back transactions (time-emit.ts), for the same two organizations and
    // one with a single endpoint, so the cost per endpoint shows.
    id: "emit",
    rows: [
      { id: "emitPlain", label: "(h) the emit statement alone, no webhook endpoint", shareOfCeiling: false },
      {
        id: "emitOne",
        label: "(h) the emit statement alone, 1 endpoint subscribed",
        shareOfCeiling: false,
        note: addedNote("emitPlain", "emitOne"),
      },
      {
        id: "emitHooked",
        label: `(h) the emit statement alone, ${OUTBOX_ENDPOINTS} endpoints subscribed`,
        shareOfCeiling: false,
        note: addedNote("emitPlain", "emitHooked"),
      },
    ],
    run: async (ctx) => {
      const { plain, one, hooked } = await ctx.orgs();
      const [emitPlain, emitOne, emitHooked] = await emitStatementCost(ctx.app, [plain, one, hooked]);
      return { emitPlain, emitOne, emitHooked };
    },
    // Issue 25: "writing events adds under 0.5 ms p50 to a change". Judged on the statement, the
    // one thing the two sides of (f) and (g) do differently; the whole requests' difference is
    // reported beside it, since on a shared machine their p50 moves by more than that between
    // passes.
    target: {
      at: "every count",
      rows: (run) => {
        const versus = (plain: RowId, hooked: RowId) => {
          const delta = added(run, plain, hooked)?.p50 ?? NaN;
          return [
            delta,
            `${signed(delta)} ms (${ms(run.medians[plain]?.p50 ?? NaN)} → ${ms(run.medians[hooked]?.p50 ?? NaN)} ms)`,
          ] as const;
        };
        const [statement, statementValue] = versus("emitPlain", "emitHooked");
        return [
          [
            `writing the outbox (${OUTBOX_ENDPOINTS} endpoints), ${run.processes} process(es): the emit statement adds < 0.5 ms p50`,
            statementValue,
            statement < 0.5,
          ],
          [`… a member change's p50, paired on one connection`, versus("memberChangePlain", "memberChangeHooked")[1], null],
          [`… a sign-in's p50, paired on one connection`, versus("loginPlain", "loginHooked")[1], null],
        ];
      },
    },
  },
  single({
    id: "webhooks",
    label: `(i) webhook dispatcher: deliveries/s to ${DISPATCH_ENDPOINTS} endpoints`,
    run: async (ctx) => dispatcherThroughput(ctx, (await ctx.orgs()).dispatch),
    shareOfCeiling: false,
    note: () =>
      `${options.webhookEvents} events × ${DISPATCH_ENDPOINTS} per pass; p50/p99: one POST as the dispatcher timed it; errors: lost, doubled, retried or failed`,
    target: {
      at: "every count",
      rows: (run) => {
        const m = run.medians.webhooks;
        return [
          [
            `webhook dispatcher, ${run.processes} process(es): ≥ 500 deliveries/s, each delivered once`,
            m ? `${rate(m.rps)}/s, ${m.errors} errors` : "not run",
            !!m && m.rps >= 500 && m.errors === 0,
          ],
        ];
      },
    },
  }),
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
