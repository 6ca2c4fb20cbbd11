import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import type { SigningKeyRow } from "@/lib/db/statements/signing-keys";
import { newKeyMaterial } from "./material";
import { privateSigningJwks } from "./private-jwks";
import { useKeySourceForTests } from "./store";

// The OpenID Provider's private JWKs (lib/oidc/provider.ts builds the provider from them). Keys
// come from memory here (useKeySourceForTests).

const SECRET = "unit-test-jwt-secret-unit-test-jwt-secret-0123";
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, { DATABASE_URL: "postgres://u:p@127.0.0.1:1/db", JWT_SECRET: SECRET, AUTH_SECRET: SECRET });
  resetConfigForTests();
});
afterAll(() => {
  vi.useRealTimers();
  useKeySourceForTests(undefined);
  process.env = saved;
  resetConfigForTests();
});

describe("privateSigningJwks", () => {
  it("counts the keys its own load created as active (a fresh instance's first request)", async () => {
    // The load creates each missing key, active at once (lib/keys/store.ts), after generating it:
    // an RSA key takes a while, so the key activates after the request asked.
    const material = await newKeyMaterial("RS256");
    vi.useFakeTimers({ toFake: ["Date"] });
    useKeySourceForTests((): SigningKeyRow[] => {
      vi.setSystemTime(Date.now() + 500);
      const at = new Date();
      return [{ ...material, publicJwk: material.publicJwk as SigningKeyRow["publicJwk"], createdAt: at, activatesAt: at }];
    });
    const { keys, version } = await privateSigningJwks(["RS256"]);
    expect(keys.map((k) => k.kid)).toEqual([material.id]);
    expect(version).toBe(material.id);
  });
});
