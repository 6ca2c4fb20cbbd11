// The app under load: the production build, started through the same launcher as the tests
// (scripts/lib/launch-app.ts) on a fresh embedded PostgreSQL in a scratch folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../lib/embedded-postgres";
import { launchApp, type RunningApp } from "../lib/launch-app";
import { options } from "./options";

export function buildApp() {
  console.log("Building (next build)…");
  const build = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

export interface BenchApp extends RunningApp {
  /** Its embedded PostgreSQL (scripts/lib/local-database.ts names the database "app"). */
  databaseUrl: string;
  /** DATA_DIR: the database's files and the generated development secrets. */
  dataDir: string;
}

/** Starts the production app with `processes` server processes; stopping it removes its data. */
export async function startApp(processes: number, extraEnv: Record<string, string> = {}): Promise<BenchApp> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const pgPort = await freePort(options.pgPort);
  const app = await launchApp({
    port: await freePort(options.port),
    dataDir: scratch,
    database: { embeddedPort: pgPort },
    processes,
    env: {
      BCRYPT_COST: String(options.bcryptCost),
      // The scenarios send thousands of requests from one address and one account.
      RATE_LIMITS_ENABLED: "false",
      EMAIL_CONFIRMATION_REQUIRED: "false",
      LOG_LEVEL: "error",
      NODE_ENV: "production",
      // The webhook scenarios' endpoints are the bench's receiver on loopback, over http. The
      // dispatchers look for due deliveries every 200 ms instead of 5 s, so a backlog queued from
      // outside the app (webhooks.ts) is taken up at once: idle, that is four empty claims per
      // process per poll, some 20 statements a second beside the thousands the scenarios send.
      WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
      WEBHOOKS_POLL_INTERVAL_MS: "200",
      ...extraEnv,
    },
  });
  return {
    ...app,
    databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/app`,
    dataDir: scratch,
    async stop() {
      await app.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** `rootPid` and every process below it (the launcher, its server processes, PostgreSQL and its backends), from /proc. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const tree: number[] = [];
  for (const queue = [rootPid]; queue.length;) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** RSS (MB) of each server process of the app: its cluster workers, else the one serving process. */
export function serverProcessRss(rootPid: number): number[] {
  const tree = processTree(rootPid);
  const read = (pid: number, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
      return "";
    }
  };
  const node = tree.filter((pid) => /(^|\/)node\0/.test(read(pid, "cmdline")) && /start\.ts|server-process/.test(read(pid, "cmdline")));
  const workers = node.filter((pid) => read(pid, "environ").includes("NODE_UNIQUE_ID="));
  const servers = workers.length ? workers : node.slice(-1);
  return servers.map((pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(read(pid, "status"))?.[1] ?? 0) / 1024));
}
