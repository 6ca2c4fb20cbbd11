// `npm run bench -- --profile`: one server process under --cpu-prof, the ceiling, the
// authenticated GET, the members list with an API key, refresh, the OpenID Provider's refresh and
// userinfo, and the webhook dispatcher's throughput in turn (`--only` picks some, by scenario id), each window of samples charged to the
// request's layers by scripts/profile-summary.ts (docs/performance.md, "Profiling"); the
// dispatcher's per delivery.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startApp } from "./app";
import { BARE_PATH, startBareNext } from "./bare-next";
import { connectDatabase } from "./database";
import { rotations, WARM_UP_SECONDS } from "./load";
import { providerAccessToken, providerRefresh, seedOidc } from "./oidc";
import { options, wanted } from "./options";
import { startBenchReceiver } from "./receiver";
import { seedAccounts, seedWebhookOrganizations } from "./seed";
import { dispatcherThroughput } from "./webhooks";

export async function profile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-profile-"));
  // The launcher passes SERVER_NODE_ARGS to its server processes only, not to the primary; flags
  // of the caller's own (a heap setting under trial) are kept beside the profiler's.
  const app = await startApp(1, { SERVER_NODE_ARGS: `${process.env.SERVER_NODE_ARGS ?? ""} --cpu-prof --cpu-prof-dir=${dir}`.trim() });
  const windows: [string, string, number][] = [];
  const receiver = await startBenchReceiver();
  const db = await connectDatabase(app.databaseUrl);
  try {
    const seed = await seedAccounts(app.base);
    // Each load warmed up, then timed on the monotonic clock: the summary reads only the samples
    // of the measured window (--window), in µs as process.hrtime.bigint() / 1000n counts them.
    const measure = async (name: string, load: (seconds: number) => Promise<autocannon.Result>) => {
      await load(WARM_UP_SECONDS);
      const from = process.hrtime.bigint() / 1000n;
      const result = await load(options.seconds);
      windows.push([name, `${from}-${process.hrtime.bigint() / 1000n}`, result.requests.total]);
      console.log(
        `${name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors`,
      );
    };
    const get = (url: string, headers: Record<string, string>) => (duration: number) =>
      autocannon({ url, connections: options.connections, duration, headers });
    if (wanted("ceiling")) await measure("ceiling: GET /api/health/live", get(`${app.base}/api/health/live`, {}));
    if (wanted("get"))
      await measure("(a) GET /api/auth/profile, Bearer", get(`${app.base}/api/auth/profile`, { authorization: `Bearer ${seed.access}` }));
    if (wanted("membersKey"))
      await measure(
        "(b) GET /api/organizations/current/members, X-API-Key",
        get(`${app.base}/api/organizations/current/members`, { "x-api-key": seed.apiKey }),
      );
    if (wanted("refresh")) await measure("(c) POST /api/auth/refresh", (seconds) => rotations(app.base, seed.refreshTokens, seconds));
    if (wanted("oidc-refresh") || wanted("oidc-userinfo")) {
      const oidc = await seedOidc(app);
      if (wanted("oidc-refresh"))
        await measure("(j) POST /api/oidc/token, refresh_token", (seconds) =>
          rotations(app.base, oidc.refreshTokens, seconds, providerRefresh(oidc)),
        );
      if (wanted("oidc-userinfo")) {
        const bearer = { authorization: `Bearer ${await providerAccessToken(app.base, oidc)}` };
        await measure("(k) GET /api/oidc/me (userinfo)", get(`${app.base}/api/oidc/me`, bearer));
      }
    }
    if (wanted("webhooks")) {
      // One pass of the dispatcher scenario, after a smaller one to warm up: the window spans
      // the queueing (a child process, not sampled here) and the sending, so read it per delivery.
      const orgs = await seedWebhookOrganizations(app.base, receiver, db);
      const context = { base: app.base, app, db, receiver };
      await dispatcherThroughput(context, orgs.dispatch, Math.ceil(options.webhookEvents / 4));
      const from = process.hrtime.bigint() / 1000n;
      const result = await dispatcherThroughput(context, orgs.dispatch);
      const deliveries = options.webhookEvents * orgs.dispatch.endpointIds.length;
      windows.push(["(i) webhook dispatcher, per delivery", `${from}-${process.hrtime.bigint() / 1000n}`, deliveries]);
      console.log(`(i) webhook dispatcher: ${result.rps.toFixed(0)} deliveries/s, ${result.errors} errors`);
    }
  } finally {
    await db.close();
    await receiver.close();
    await app.stop();
    await new Promise((resolve) => setTimeout(resolve, 5000)); // the profile is written on exit
  }
  summarize(dir, windows);
  if (wanted("bare")) await profileBare();
}

/** The bare Next.js route under the same profiler: what Next itself spends per request (issue 29). */
async function profileBare() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-profile-bare-"));
  const bare = await startBareNext(1, [`--cpu-prof`, `--cpu-prof-dir=${dir}`]);
  const windows: [string, string, number][] = [];
  try {
    const load = (duration: number) => autocannon({ url: `${bare.base}${BARE_PATH}`, connections: options.connections, duration });
    await load(WARM_UP_SECONDS);
    const from = process.hrtime.bigint() / 1000n;
    const result = await load(options.seconds);
    windows.push(["bare Next.js: GET /api/bare", `${from}-${process.hrtime.bigint() / 1000n}`, result.requests.total]);
    console.log(
      `bare Next.js: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors`,
    );
  } finally {
    await bare.stop();
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the profile is written on exit
  }
  summarize(dir, windows);
}

/** Each window of the largest profile in `dir` (the main thread's, not a worker thread's), charged to its layers. */
function summarize(dir: string, windows: [string, string, number][]) {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) throw new Error(`No profile written in ${dir}`);
  for (const [name, window, requests] of windows) {
    console.log(`\n### ${name}\n\n(--window ${window} --requests ${requests}: add --detail <layer> to list its frames)\n`);
    spawnSync(
      path.join("node_modules", ".bin", "tsx"),
      ["scripts/profile-summary.ts", file, "--window", window, "--requests", String(requests)],
      { stdio: "inherit" },
    );
  }
  console.log(`\nProfile: ${file}`);
}
