// The framework's own ceiling (issue 29): a minimal Next.js app of the same Next version, one
// route handler answering JSON, no auth, no database, no custom server, built and served by
// `next start` beside the app in the same run. With several processes, each is a cluster worker
// running Next's own start (the listening socket shared, as the app's launcher shares it).
// It lives in the git-ignored .bench/ inside the repository, so it resolves the repository's
// node_modules (the same next, react and react-dom) without a second install. It is built with
// webpack (`next build --webpack`): Turbopack takes the repository as its workspace root there
// and compiled the app's own instrumentation.ts into the bare build (a database check at start),
// and outside the repository it refuses a node_modules that lives elsewhere. The server that
// answers is Next's own either way; for a three-line route handler the bundler is not the cost.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../lib/embedded-postgres";
import { options } from "./options";

const DIR = path.resolve(".bench", "bare-next");
export const BARE_PATH = "/api/bare";

const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "bare-next", private: true, type: "module" }),
  "next.config.mjs": "export default { poweredByHeader: false };\n",
  // A route handler answering what the app's liveness route answers, the same size of JSON.
  "app/api/bare/route.js":
    'export const dynamic = "force-dynamic";\nexport function GET() {\n  return Response.json({ status: "ok" });\n}\n',
  "app/layout.js": "export default function Layout({ children }) {\n  return children;\n}\n",
  // Several processes: Node's cluster, each worker Next's own `next start` on the shared port.
  "cluster.mjs": [
    'import cluster from "node:cluster";',
    "const count = Number(process.env.BARE_PROCESSES);",
    "if (cluster.isPrimary) {",
    "  for (let i = 0; i < count; i++) cluster.fork();",
    '  process.on("SIGTERM", () => {',
    "    for (const worker of Object.values(cluster.workers)) worker.process.kill();",
    "    process.exit(0);",
    "  });",
    "} else {",
    '  process.on("disconnect", () => process.exit(0));',
    '  const { nextStart } = await import("next/dist/cli/next-start.js");',
    '  await nextStart({ port: Number(process.env.PORT), hostname: "127.0.0.1" }, process.cwd());',
    "}",
    "",
  ].join("\n"),
};

export function buildBareNext() {
  rmSync(DIR, { recursive: true, force: true });
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(DIR, file)), { recursive: true });
    writeFileSync(path.join(DIR, file), text);
  }
  console.log("Building the bare Next.js app (next build)…");
  const build = spawnSync(path.resolve("node_modules", ".bin", "next"), ["build", "--webpack"], {
    cwd: DIR,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

export interface BareNext {
  base: string;
  /** The process started (with one process, the one that serves). */
  pid: number;
  stop: () => Promise<void>;
}

/**
 * `next start` (one process) or a cluster of Next's start (several), on a free port. `nodeArgs`
 * go to the serving process (the profile's --cpu-prof, which NODE_OPTIONS does not take), and
 * `extraEnv` to its environment (the tail mode's BENCH_TAIL).
 */
export async function startBareNext(processes: number, nodeArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<BareNext> {
  const port = await freePort(options.port + 100);
  const env = {
    ...process.env,
    ...extraEnv,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
    PORT: String(port),
    BARE_PROCESSES: String(processes),
  };
  const child: ChildProcess =
    processes === 1
      ? spawn(
          process.execPath,
          [...nodeArgs, path.resolve("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"],
          {
            cwd: DIR,
            env,
            stdio: "ignore",
          },
        )
      : spawn(process.execPath, [...nodeArgs, "cluster.mjs"], { cwd: DIR, env, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const ok = await fetch(`${base}${BARE_PATH}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (tries > 300 || child.exitCode !== null) throw new Error("The bare Next.js app did not start.");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
