// Runs the Prisma CLI from node_modules against a given database.
import { spawn } from "node:child_process";
import path from "node:path";

export function runPrisma(args: string[], env: Record<string, string>, options: { quiet?: boolean } = {}): Promise<string> {
  // Resolves with standard output only (migrate diff prints the SQL there, notices elsewhere).
  const bin = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk) => ((output += chunk), (stdout += chunk)));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        if (!options.quiet) process.stdout.write(output.split("\n").filter(isUseful).join("\n") + "\n");
        resolve(stdout);
      } else reject(new Error(`prisma ${args.join(" ")} failed (exit ${code}):\n${output}`));
    });
  });
}

const isUseful = (line: string) => line.trim() !== "" && !line.includes("nodedir") && !line.startsWith("warn The configured");

export const migrateDeploy = (databaseUrl: string, quiet = false) =>
  runPrisma(["migrate", "deploy"], { DATABASE_URL: databaseUrl }, { quiet });
