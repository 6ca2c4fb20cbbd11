import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

// Instance admins are made as an operator makes them: `npm run admin:grant -- <email>`
// (scripts/admin-grant.ts), pointed at the database of the suite's app instance.

const run = promisify(execFile);

export async function grantInstanceAdmin(email: string) {
  const database = `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 55510}/app`;
  const { stdout } = await run(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/admin-grant.ts", "grant", email],
    { env: { ...process.env, DATABASE_URL: database }, timeout: 60_000 },
  );
  if (!stdout.includes("is an instance admin")) throw new Error(`admin:grant did not grant ${email}: ${stdout}`);
}
