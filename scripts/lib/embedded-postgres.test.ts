import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres, unenterableFolder } from "./embedded-postgres";

// Real folders with real modes: the `postgres` user that PostgreSQL runs as under root must be
// able to enter every folder above its data, or initdb dies with a bare EACCES.
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function closedTree() {
  const top = mkdtempSync(path.join(os.tmpdir(), "pg-reach-"));
  folders.push(top);
  mkdirSync(path.join(top, "app", ".data"), { recursive: true });
  chmodSync(top, 0o700);
  return top;
}

describe("unenterableFolder", () => {
  const stranger = { uid: 54321, gid: 54321 };

  it("names the first folder a stranger cannot enter", () => {
    const top = closedTree();
    expect(unenterableFolder(path.join(top, "app", ".data", "postgres"), stranger)).toBe(top);
  });

  it("finds nothing once the folders are open to others, including ones not created yet", () => {
    const top = closedTree();
    chmodSync(top, 0o755);
    expect(unenterableFolder(path.join(top, "app", ".data", "postgres", "later"), stranger)).toBeUndefined();
  });

  it("counts the owner's bit for the owner", () => {
    const top = closedTree();
    expect(unenterableFolder(top, { uid: process.getuid!(), gid: 54321 })).toBeUndefined();
  });
});

describe.skipIf(process.getuid?.() !== 0)("startEmbeddedPostgres as root", () => {
  it("refuses a checkout under a folder the postgres user cannot enter, in one sentence saying what to do", async () => {
    const top = closedTree();
    const start = startEmbeddedPostgres({
      dataDir: path.join(top, "app", ".data", "postgres"),
      port: 0,
      database: "app",
      persistent: false,
    });
    await expect(start).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(new RegExp(`cannot enter ${top} \\(mode 700\\).*move the checkout.*normal user.*DATABASE_URL`));
  });
});
