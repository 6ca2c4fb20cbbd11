// Vercel's build command: apply pending migrations through the direct (unpooled) URL, check the
// production configuration, then build. Failing here stops a broken deploy before it serves.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { migrateDeploy } from "./lib/prisma-cli";

const migrationUrl = process.env.DATABASE_URL_UNPOOLED || process.env.DATABASE_URL;
if (!migrationUrl) {
  console.error("DATABASE_URL (and ideally DATABASE_URL_UNPOOLED) must be set for the build to migrate.");
  process.exit(1);
}
for (const name of ["AUTH_SECRET", "JWT_SECRET", "APP_URL"]) {
  if (!process.env[name]) {
    console.error(`${name} is required in production: set it in the project's environment variables.`);
    process.exit(1);
  }
}

await migrateDeploy(migrationUrl);
const build = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: process.env });
process.exit(build.status ?? 1);
