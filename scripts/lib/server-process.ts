// One server process: Next's request handler behind the launcher's HTTP server (app-server.ts).
//
// In production the launcher (scripts/start.ts) runs this file as plain JavaScript: it bundles it
// with esbuild at start (compileServerProcess) and forks the bundle with plain `node`, so no
// TypeScript loader lives in the processes that serve requests. Under tsx, every require() Next
// made went through tsx's resolver hooks, and tsx's source-map support parsed and kept the map of
// every chunk Next loaded: CPU on each request and tens of MB per process (docs/performance.md).
// `npm run dev` still serves from the launcher's own process (Next compiles the app there anyway).
import cluster from "node:cluster";
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installLauncherConnections } from "../../lib/http/launcher";
import { startTailMonitorFromEnv } from "../../lib/tail/monitor";
import { createAppServer } from "./app-server";

/** Starts Next and the HTTP server in this process; resolves to its stop function. */
export async function serve(options: { dev: boolean; port: number; hostname: string }): Promise<() => Promise<void>> {
  // NODE_ENV must be set before Next loads, and the connection store must exist before the app's
  // start-up check (instrumentation.ts) asks whether the launcher serves it.
  (process.env as Record<string, string>).NODE_ENV = options.dev ? "development" : "production";
  installLauncherConnections();
  // `npm run bench -- --tail` only (BENCH_TAIL=1): before Next loads, so the app's route wrapper
  // and pool find the tail histograms when their modules load (lib/tail/registry.ts).
  startTailMonitorFromEnv();
  const { default: next } = await import("next");
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: "localhost", port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const trustProxy = ["true", "1", "yes"].includes(process.env.TRUST_PROXY ?? "");
  const server = createAppServer(handle, { trustProxy });
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return async () => {
    server.close();
    await app.close().catch(() => {});
  };
}

/**
 * Bundles this file (with app-server.ts and lib/http/launcher.ts; packages stay imports) into
 * node_modules/.cache, where `next` resolves from. Written to a temporary name and renamed, so
 * two launchers starting at once never fork a half-written file. Returns the bundle's path.
 */
export async function compileServerProcess(): Promise<string> {
  const { build } = await import("esbuild");
  const dir = path.resolve("node_modules", ".cache", "keystone-launcher");
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, "server-process.mjs");
  const temporary = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  renameSync(temporary, outfile);
  return outfile;
}

// As a forked server process: serve, tell the primary, and stop when it says so.
if (cluster.isWorker) {
  const port = Number(process.env.PORT);
  await serve({ dev: false, port, hostname: process.env.HOSTNAME_BIND ?? "0.0.0.0" });
  process.send?.("ready");
  // process.exit (not the default signal death) so Node writes what --cpu-prof / --heap-prof
  // collected on the way out.
  process.on("SIGTERM", () => process.exit(0));
  process.on("SIGINT", () => {}); // the primary decides when to stop
}
