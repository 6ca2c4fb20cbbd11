// Starts Debian's PgBouncer (`apt-get install pgbouncer`) in front of a PostgreSQL, in
// transaction mode: the way Supabase's pooler, Neon's pooled URLs and most managed PgBouncers
// hand out server connections (a new one may serve each transaction; 1.18 keeps no prepared
// statements across them). The pooler test project runs the integration tests through it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export interface PgBouncer {
  url: string;
  stop(): Promise<void>;
}

const BINARY_CANDIDATES = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"];

export function pgbouncerBinary(): string {
  const found = BINARY_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      "PgBouncer is not installed: the pooler test project runs the integration tests through it. " +
        "Install it (Debian/Ubuntu: `apt-get install pgbouncer`; .ci/run does this) or run only `--project integration`.",
    );
  }
  return found;
}

/** PgBouncer refuses to run as root: as root (CI, containers) it runs as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = ids("-u");
  if (!Number.isInteger(uid) || uid <= 0) throw new Error("Running as root, PgBouncer needs a `postgres` user to run as.");
  return { uid, gid: ids("-g") };
}

export async function startPgBouncer(options: {
  dir: string;
  port: number;
  target: { host: string; port: number; database: string; user: string; password: string };
  poolSize?: number;
}): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  const { dir, port, target } = options;
  mkdirSync(dir, { recursive: true });
  const owner = runAs();
  // The postgres user must reach and write its folder (mkdtemp folders are mode 700).
  if (owner) {
    chmodSync(path.dirname(dir), 0o755);
    spawnSync("chown", [`${owner.uid}:${owner.gid}`, dir]);
  }
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(path.join(dir, "users.txt"), `"${target.user}" "${target.password}"\n`);
  writeFileSync(
    ini,
    [
      "[databases]",
      `${target.database} = host=${target.host} port=${target.port} dbname=${target.database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = md5",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 5}`,
      "max_client_conn = 500",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  if (owner) spawnSync("chown", ["-R", `${owner.uid}:${owner.gid}`, dir]);

  const child: ChildProcess = spawn(binary, [ini], { stdio: "ignore", ...(owner ?? {}) });
  let exited = false;
  child.once("exit", () => (exited = true));
  await waitForPort(
    port,
    () => exited,
    () => logTail(dir),
  );
  return {
    url: `postgresql://${encodeURIComponent(target.user)}:${encodeURIComponent(target.password)}@127.0.0.1:${port}/${target.database}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function logTail(dir: string): string {
  const log = path.join(dir, "pgbouncer.log");
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-10).join("\n") : "(no log)";
}

async function waitForPort(port: number, failed: () => boolean, diagnostics: () => string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (failed()) throw new Error(`PgBouncer exited at start:\n${diagnostics()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PgBouncer did not listen on ${port} within 10 s:\n${diagnostics()}`);
}
