// The tail monitor for the bare Next.js app (tail.ts), which has no launcher to start it:
// `node --import <this, compiled>` runs it in the `next start` process before Next loads.
// compileTailPreload bundles the monitor (TypeScript, in lib/tail) into plain JavaScript beside
// the bare app, so its server process runs no TypeScript loader, as the app's does not.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The compiled preload, as the file URL `--import` takes. */
export async function compileTailPreload(): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = path.resolve(".bench", "tail-preload.mjs");
  await build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), "tail-preload-entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
  return pathToFileURL(outfile).href;
}
