// The database of a local run: DATABASE_URL when set, else the embedded PostgreSQL with its data
// in the git-ignored data folder. Pending migrations are applied either way.
import path from "node:path";
import { dataDir } from "../../lib/config/dev-secrets";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDeploy } from "./prisma-cli";

export async function prepareLocalDatabase(): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    await migrateDeploy(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 55432);
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dataDir(), "postgres"),
    port,
    database: "app",
    persistent: true,
  });
  console.log(`Embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.join(dataDir(), "postgres")})`);
  await migrateDeploy(database.url);
  return { ...database, embedded: true };
}
