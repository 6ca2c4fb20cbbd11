// How anything outside the app starts the production app: the benchmark (scripts/bench/app.ts),
// Playwright's webServer (playwright.config.ts) and a test's extra instance
// (e2e/two-instances.spec.ts). Each runs the launcher behind `npm start` (scripts/start.ts:
// migrations, a build if stale, one server process per WEB_CONCURRENCY), never `next start`, so
// what they measure or test is what an operator runs. This module says once which command that
// is, which environment places an instance (its port, data folder, database), and how a script
// waits for one to answer and stops it with everything it started.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The launcher, run by tsx: its server processes are forked as plain JavaScript (server-process.ts). */
export const LAUNCHER = { command: path.join("node_modules", ".bin", "tsx"), args: ["scripts/start.ts"] };
/** The same as one command line, for Playwright's webServer (which runs a command). */
export const LAUNCHER_COMMAND_LINE = [LAUNCHER.command, ...LAUNCHER.args].join(" ");

export interface AppInstance {
  port: number;
  /** DATA_DIR: the embedded PostgreSQL's data and the generated development secrets. */
  dataDir: string;
  /** A fresh embedded PostgreSQL on this port, or an existing database (another instance's). */
  database: { embeddedPort: number } | { url: string };
  /** WEB_CONCURRENCY; unset, the launcher runs one server process per core. */
  processes?: number;
  /** Anything else the app reads (secrets, mail, BCRYPT_COST, LOG_LEVEL…). */
  env?: Record<string, string | undefined>;
}

/**
 * The variables that place an instance, over the caller's own ones. Only what differs from the
 * parent's environment: Playwright and spawn both add it to process.env.
 */
export function launcherEnv(instance: AppInstance): Record<string, string> {
  const env: Record<string, string | undefined> = {
    NEXT_TELEMETRY_DISABLED: "1",
    ...instance.env,
    PORT: String(instance.port),
    DATA_DIR: instance.dataDir,
    ...("url" in instance.database
      ? { DATABASE_URL: instance.database.url }
      : { EMBEDDED_PG_PORT: String(instance.database.embeddedPort) }),
    ...(instance.processes === undefined ? {} : { WEB_CONCURRENCY: String(instance.processes) }),
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface RunningApp {
  /** `http://localhost:PORT`: Next builds URLs from localhost, and Auth.js cookies follow them. */
  base: string;
  /** The launcher's process (tsx); its server processes and database are its descendants. */
  pid: number;
  /** Stops the whole process group and resolves once the launcher has exited. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** The launcher's own output: shown (a script) or dropped (a test). */
  output?: "inherit" | "ignore";
  /** How long the app may take to answer GET /api/health (the launcher may build first). */
  readyWithinMs?: number;
}

/** Starts an instance and resolves once its readiness probe answers 200. */
export async function launchApp(instance: AppInstance, options: LaunchOptions = {}): Promise<RunningApp> {
  const child = spawn(LAUNCHER.command, LAUNCHER.args, {
    env: { ...process.env, ...launcherEnv(instance) },
    stdio: ["ignore", options.output ?? "inherit", options.output ?? "inherit"],
    // Its own process group: the launcher forks server processes and PostgreSQL, and one signal
    // to the group reaches them all, even if the launcher itself is past answering.
    detached: true,
  });
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {}
  };
  const onExit = () => signal("SIGTERM");
  // A script that ends or crashes without stopping the app must not leave it running.
  process.on("exit", onExit);
  const stop = async () => {
    process.off("exit", onExit);
    signal("SIGTERM");
    // The launcher exits after its database has stopped; a hung one gets SIGKILL.
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, 15_000, false))),
    ]);
    clearTimeout(timer);
    if (!done) signal("SIGKILL");
  };
  const base = `http://localhost:${instance.port}`;
  try {
    await waitForHealth(base, child, exited, options.readyWithinMs ?? 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid: child.pid!, stop };
}

async function waitForHealth(base: string, child: ChildProcess, exited: Promise<string>, withinMs: number) {
  // A launcher that gives up (port taken, database refused) says why on its output and exits:
  // report that at once instead of polling until the deadline.
  let exit: string | undefined;
  void exited.then((how) => (exit = how));
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`The app launcher (pid ${child.pid}) exited (${exit}) before ${base} was healthy`);
    try {
      // Bounded: whatever else may hold the port could accept and never answer.
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {}
    await sleep(500);
  }
  throw new Error(`The app at ${base} did not become healthy within ${withinMs / 1000} s`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
