import { createHmac, createPrivateKey, sign as cryptoSign } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { config, resetConfigForTests } from "@/lib/config/env";
import type { SigningKeyRow } from "@/lib/db/statements/signing-keys";
import { publicJwks } from "@/lib/keys/jwks";
import { newKeyMaterial, type Algorithm } from "@/lib/keys/material";
import { privateSigningJwks } from "@/lib/keys/private-jwks";
import { useKeySourceForTests } from "@/lib/keys/store";
import { signAccessToken, verifyAccessToken } from "./jwt";

// JWT_ALGORITHM=ES256 / EdDSA: access tokens signed with lib/keys' active key, verified by kid with
// the algorithm pinned to that key's. Keys come from memory here (useKeySourceForTests); the
// integration tests (tests/integration/signing-keys.test.ts) run the same through the database.

const SECRET = "unit-test-jwt-secret-unit-test-jwt-secret-0123";
const saved = { ...process.env };
const claims = { sub: "user-1", sid: "session-1", org: null, role: null, email: "a@example.test", amr: ["pwd"], aal: "aal1" as const };
const now = () => Math.floor(Date.now() / 1000);
const HOUR = 3600_000;

let rows: SigningKeyRow[] = [];

async function keyRow(algorithm: Algorithm, activatesAt: Date, createdAt = activatesAt): Promise<SigningKeyRow> {
  const material = await newKeyMaterial(algorithm);
  return { ...material, publicJwk: material.publicJwk as SigningKeyRow["publicJwk"], createdAt, activatesAt };
}

function useAlgorithm(algorithm: string) {
  process.env.JWT_ALGORITHM = algorithm;
  resetConfigForTests();
}

beforeAll(async () => {
  Object.assign(process.env, { DATABASE_URL: "postgres://u:p@127.0.0.1:1/db", JWT_SECRET: SECRET, AUTH_SECRET: SECRET });
  resetConfigForTests();
  const past = new Date(Date.now() - HOUR);
  rows = [await keyRow("ES256", past), await keyRow("EdDSA", past), await keyRow("RS256", past)];
  useKeySourceForTests(() => rows);
});
afterEach(() => useAlgorithm("ES256"));
afterAll(() => {
  useKeySourceForTests(undefined);
  process.env = saved;
  resetConfigForTests();
});

const refusal = (token: string) =>
  verifyAccessToken(token).then(
    () => null,
    (error: { code?: string }) => error.code ?? String(error),
  );
const decode = (segment: string) => JSON.parse(Buffer.from(segment, "base64url").toString()) as Record<string, unknown>;
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const kidOf = (algorithm: Algorithm) => rows.find((r) => r.algorithm === algorithm && r.activatesAt.getTime() <= Date.now())!.id;

/** The private key of a row, as whoever stole it would hold it. */
async function privateKeyOf(kid: string) {
  const { keys } = await privateSigningJwks();
  return createPrivateKey({ key: keys.find((k) => k.kid === kid)!, format: "jwk" });
}

describe.each(["ES256", "EdDSA"] as const)("JWT_ALGORITHM=%s", (algorithm) => {
  it("signs with the active key (header alg, typ at+jwt, kid) and verifies", async () => {
    useAlgorithm(algorithm);
    const { token } = await signAccessToken(claims);
    expect(decode(token.split(".")[0]!)).toEqual({ alg: algorithm, typ: "at+jwt", kid: kidOf(algorithm) });
    expect(await verifyAccessToken(token)).toMatchObject({ sub: "user-1", sid: "session-1" });
  });

  it("issues tokens jose verifies against the published JWKS", async () => {
    useAlgorithm(algorithm);
    const { token, expiresIn } = await signAccessToken({ ...claims, org: "org-1", role: "owner" });
    const jwks = createLocalJWKSet(JSON.parse((await publicJwks()).body) as { keys: JWK[] });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      algorithms: [algorithm],
      issuer: config().jwtIssuer,
      audience: config().JWT_AUDIENCE,
      typ: "at+jwt",
      requiredClaims: ["sub", "sid", "exp", "iat", "jti"],
    });
    expect(protectedHeader.kid).toBe(kidOf(algorithm));
    expect(payload).toMatchObject({ sub: "user-1", org: "org-1", role: "owner", tenant_id: "org-1" });
    expect(payload.exp! - payload.iat!).toBe(expiresIn);
  });

  it("accepts a token jose signs with the key, and refuses one whose signature was changed", async () => {
    useAlgorithm(algorithm);
    const kid = kidOf(algorithm);
    const token = await new SignJWT({ sid: "s" })
      .setProtectedHeader({ alg: algorithm, typ: "at+jwt", kid })
      .setSubject("u")
      .setIssuer(config().jwtIssuer)
      .setAudience(config().JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(await privateKeyOf(kid));
    expect(await verifyAccessToken(token)).toMatchObject({ sub: "u", sid: "s" });
    const [h, p, s] = token.split(".") as [string, string, string];
    const flipped = Buffer.from(s, "base64url");
    flipped[5]! ^= 1;
    expect(await refusal(`${h}.${p}.${flipped.toString("base64url")}`)).toBe("unauthorized");
    expect(await refusal(`${h}.${encode({ ...decode(p), sub: "someone-else" })}.${s}`)).toBe("unauthorized");
  });

  it("keeps verifying HS256 tokens (issued before the switch, or by an instance not yet switched)", async () => {
    useAlgorithm("HS256");
    const { token } = await signAccessToken(claims);
    useAlgorithm(algorithm);
    expect(await verifyAccessToken(token)).toMatchObject({ sub: "user-1" });
  });
});

describe("algorithm confusion", () => {
  it("refuses an HS256 token whose kid names an asymmetric key (HMAC keyed with the public key)", async () => {
    const { token } = await signAccessToken(claims);
    const [, payload] = token.split(".") as [string, string];
    const kid = kidOf("ES256");
    const { keys } = JSON.parse((await publicJwks()).body) as { keys: JWK[] };
    const publicJwk = keys.find((k) => k.kid === kid)!;
    for (const hmacKey of [JSON.stringify(publicJwk), publicJwk.x!, Buffer.from(publicJwk.x!, "base64url")]) {
      const input = `${encode({ alg: "HS256", typ: "JWT", kid })}.${payload}`;
      expect(await refusal(`${input}.${createHmac("sha256", hmacKey).update(input).digest("base64url")}`)).toBe("unauthorized");
    }
  });

  it("refuses an ES256 token whose kid names the HMAC secret, and one whose kid names another algorithm's key", async () => {
    useAlgorithm("HS256");
    const hsKid = decode((await signAccessToken(claims)).token.split(".")[0]!).kid as string;
    useAlgorithm("ES256");
    const { token } = await signAccessToken(claims);
    const [h, p] = token.split(".") as [string, string];
    const reSign = async (header: object) => {
      const input = `${encode(header)}.${p}`;
      const key = await privateKeyOf(kidOf("ES256"));
      return `${input}.${cryptoSign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
    };
    expect(await refusal(await reSign({ ...decode(h), kid: hsKid }))).toBe("unauthorized");
    expect(await refusal(await reSign({ ...decode(h), kid: kidOf("EdDSA") }))).toBe("unauthorized");
    expect(await refusal(await reSign({ ...decode(h), alg: "ES384" }))).toBe("unauthorized");
    expect(await refusal(`${encode({ alg: "none", kid: kidOf("ES256") })}.${p}.`)).toBe("unauthorized");
  });

  it("refuses a token that is not typed at+jwt (an ID token signed with the same key is no access token)", async () => {
    const { token } = await signAccessToken(claims);
    const [h, p] = token.split(".") as [string, string];
    const key = await privateKeyOf(kidOf("ES256"));
    for (const header of [
      { ...decode(h), typ: "JWT" },
      { alg: "ES256", kid: kidOf("ES256") },
    ]) {
      const input = `${encode(header)}.${p}`;
      const signature = cryptoSign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
      expect(await refusal(`${input}.${signature}`)).toBe("unauthorized");
    }
  });

  it("refuses a kid nobody published", async () => {
    const { token } = await signAccessToken(claims);
    const [h, p, s] = token.split(".") as [string, string, string];
    expect(await refusal(`${encode({ ...decode(h), kid: "no-such-key" })}.${p}.${s}`)).toBe("unauthorized");
  });
});

describe("rotation", () => {
  afterEach(async () => {
    const past = new Date(Date.now() - HOUR);
    rows = [await keyRow("ES256", past), await keyRow("EdDSA", past), await keyRow("RS256", past)];
    useKeySourceForTests(() => rows);
  });

  it("signs with the old key while its successor is pending, and both verify", async () => {
    const before = await signAccessToken(claims);
    rows = [...rows, await keyRow("ES256", new Date(Date.now() + HOUR), new Date())];
    useKeySourceForTests(() => rows);
    const during = await signAccessToken(claims);
    expect(decode(during.token.split(".")[0]!).kid).toBe(decode(before.token.split(".")[0]!).kid);
    const jwks = JSON.parse((await publicJwks()).body) as { keys: JWK[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(rows.at(-1)!.id);
    expect(await verifyAccessToken(during.token)).toMatchObject({ sub: "user-1" });
  });

  it("after the successor activates: signs with it; the old key verifies what it signed before, not after", async () => {
    const oldKid = kidOf("ES256");
    const old = await privateKeyOf(oldKid);
    const activated = new Date(Date.now() - 120_000);
    rows = [...rows, await keyRow("ES256", activated, new Date(Date.now() - 600_000))];
    useKeySourceForTests(() => rows);
    const { token } = await signAccessToken(claims);
    expect(decode(token.split(".")[0]!).kid).toBe(rows.at(-1)!.id);
    const byOld = (iat: number) =>
      new SignJWT({ sid: "s" })
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: oldKid })
        .setSubject("u")
        .setIssuer(config().jwtIssuer)
        .setAudience(config().JWT_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3000)
        .sign(old);
    expect(await refusal(await byOld(now() - 300))).toBeNull();
    expect(await refusal(await byOld(now()))).toBe("unauthorized");
  });

  it("drops the old key once its retention has passed", async () => {
    const oldKid = kidOf("ES256");
    const retention = (Math.max(config().ACCESS_TOKEN_TTL_SECONDS, 3600) + 120) * 1000;
    rows = [
      ...rows.filter((r) => r.id !== oldKid),
      { ...rows.find((r) => r.id === oldKid)!, activatesAt: new Date(Date.now() - 2 * retention) },
    ];
    rows.push(await keyRow("ES256", new Date(Date.now() - retention)));
    useKeySourceForTests(() => rows);
    const { keys } = JSON.parse((await publicJwks()).body) as { keys: JWK[] };
    expect(keys.map((k) => k.kid)).not.toContain(oldKid);
    expect((await privateSigningJwks(["ES256"])).keys.map((k) => k.kid)).toEqual([rows.at(-1)!.id]);
  });
});

describe("the OpenID Provider's private JWKs", () => {
  afterAll(() => {
    vi.useRealTimers();
    useKeySourceForTests(() => rows);
  });

  it("count the keys their own load created as active (a fresh instance's first request)", async () => {
    // The load creates each missing key, active at once (lib/keys/store.ts), after generating it:
    // an RSA key takes a while, so the key activates after the request asked for the keys.
    const created = await keyRow("RS256", new Date());
    vi.useFakeTimers({ toFake: ["Date"] });
    useKeySourceForTests(() => {
      vi.setSystemTime(Date.now() + 500);
      return [{ ...created, createdAt: new Date(), activatesAt: new Date() }];
    });
    const { keys, version } = await privateSigningJwks(["RS256"]);
    expect(keys.map((k) => k.kid)).toEqual([created.id]);
    expect(version).toBe(created.id);
  });
});
