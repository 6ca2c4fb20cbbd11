import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import type { SigningKeyRow } from "@/lib/db/statements/signing-keys";
import { open } from "@/lib/mfa/secret-box";
import { boxContext, newKeyMaterial, type Algorithm } from "./material";
import { activeKey, publishedKey, useKeySourceForTests } from "./store";

// The copy in memory: one read for many verifications, one throttled reload for kids it does not
// know (a key another instance just made is found; a flood of made-up kids costs at most one read every few seconds).

const SECRET = "unit-test-secret-unit-test-secret-unit-test-0123";
const saved = { ...process.env };
let rows: SigningKeyRow[] = [];
let reads = 0;

async function keyRow(algorithm: Algorithm, activatesAt: Date): Promise<SigningKeyRow> {
  const material = await newKeyMaterial(algorithm);
  return { ...material, publicJwk: material.publicJwk as SigningKeyRow["publicJwk"], createdAt: activatesAt, activatesAt };
}

beforeAll(async () => {
  Object.assign(process.env, { DATABASE_URL: "postgres://u:p@127.0.0.1:1/db", JWT_SECRET: SECRET, AUTH_SECRET: SECRET });
  resetConfigForTests();
  rows = [await keyRow("ES256", new Date(Date.now() - 60_000))];
  useKeySourceForTests(() => {
    reads++;
    return rows;
  });
});
afterAll(() => {
  useKeySourceForTests(undefined);
  process.env = saved;
  resetConfigForTests();
});

describe("the signing key store", () => {
  it("reads once for many lookups, finds a key made elsewhere with one reload, and no more for a flood of unknown kids", async () => {
    const first = rows[0]!;
    await Promise.all(Array.from({ length: 20 }, () => publishedKey(first.id)));
    expect(reads).toBe(1);

    // Another instance rotates: this one learns the new kid on first sight.
    const made = await keyRow("ES256", new Date(Date.now() + 600_000));
    rows = [...rows, made];
    expect((await publishedKey(made.id))?.kid).toBe(made.id);
    expect(reads).toBe(2);

    // Within the throttle's few seconds of that reload, made-up kids cost no read at all.
    const unknown = await Promise.all(Array.from({ length: 50 }, (_, i) => publishedKey(`made-up-${i}`)));
    expect(unknown.every((key) => key === undefined)).toBe(true);
    expect(reads).toBe(2);
  });

  it("signs with the newest key whose activation has passed, never a pending one", async () => {
    const { key, privateKey } = await activeKey("ES256");
    expect(key.kid).toBe(rows[0]!.id);
    const sealed = JSON.parse(open(rows[0]!.privateKeyBox, boxContext(rows[0]!.id)));
    expect(privateKey.equals(createPrivateKey({ key: sealed, format: "jwk" }))).toBe(true);
    await expect(activeKey("EdDSA")).rejects.toThrow(/No active EdDSA signing key/);
  });
});
