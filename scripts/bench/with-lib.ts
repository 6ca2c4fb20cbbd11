// The bench's scripts that use lib/ (queue-events.ts, time-emit.ts, oidc-client.ts, signing.ts)
// run in a child process: lib/ reads its configuration from the environment and is server-only
// (the react-server condition), which the bench's own process is not.
import { spawn } from "node:child_process";
import path from "node:path";
import type { BenchApp } from "./app";

/** Runs scripts/bench/<script> with lib/, against the app's database when one is given; answers its JSON. */
export function runWithLib<T>(script: string, args: string[], app?: BenchApp): Promise<T> {
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", `scripts/bench/${script}`, ...args], {
    // As the app's server processes see the database: prepared statements, as the launcher sets
    // for its embedded PostgreSQL.
    env: {
      ...process.env,
      ...(app ? { DATABASE_URL: app.databaseUrl, DATABASE_PREPARED_STATEMENTS: "true", DATA_DIR: app.dataDir } : {}),
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} exited with ${code}`)))),
  );
}
