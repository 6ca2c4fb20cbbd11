import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { NODE24_VERSION, node24Binary, Node24Error } from "./node24";

// What the test runner's Node 24 pass runs on; the download itself is exercised by every
// `npm test` on a fresh clone (it has no cached binary).

const scratch = mkdtempSync(path.join(os.tmpdir(), "node24-"));
const fakeNode = (file: string, version: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\necho v${version}\n`);
  chmodSync(file, 0o755);
  return file;
};
const previous = process.env.NODE24_BIN;
afterEach(() => {
  if (previous === undefined) delete process.env.NODE24_BIN;
  else process.env.NODE24_BIN = previous;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(process.platform === "win32")("node24Binary", () => {
  it("uses the cached binary of the pinned version without asking the registry", () => {
    delete process.env.NODE24_BIN;
    const root = path.join(scratch, "cached");
    const binary = fakeNode(path.join(root, ".data", "node24", NODE24_VERSION, "bin", "node"), NODE24_VERSION);
    expect(node24Binary(root)).toBe(binary);
  });

  it("takes NODE24_BIN when it is a Node 24, and refuses any other version", () => {
    process.env.NODE24_BIN = fakeNode(path.join(scratch, "nvm", "node"), "24.1.0");
    expect(node24Binary(path.join(scratch, "unused"))).toBe(process.env.NODE24_BIN);
    process.env.NODE24_BIN = fakeNode(path.join(scratch, "old", "node"), "22.11.0");
    expect(() => node24Binary(path.join(scratch, "unused"))).toThrow(Node24Error);
    expect(() => node24Binary(path.join(scratch, "unused"))).toThrow(/not a Node 24 binary \(it says v22\.11\.0\)/);
  });
});
