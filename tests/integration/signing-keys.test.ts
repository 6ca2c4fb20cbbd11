// Signing keys (API.md, "OpenID Provider, signing keys and token introspection"): the JWKS and its
// headers, access tokens under JWT_ALGORITHM=ES256/EdDSA verified by a resource server with jose's
// remote JWKS across a rotation, a new key published before it signs, a retired key published
// until what it signed has expired, rotation by an aal2 admin (404 to others) and by the CLI, and
// private keys sealed at rest. Time is real: a publish delay of a few seconds, or activatesAt moved
// back through the database (then this instance's copy is dropped, as its cache TTL would).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { config, resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { privateSigningJwks } from "@/lib/keys/private-jwks";
import { rotateSigningKeys } from "@/lib/keys/rotate";
import { forgetSigningKeys, loadFromDatabase, retentionSeconds } from "@/lib/keys/store";
import { keyring } from "@/lib/mfa/keyring";
import { resealSigningKeys } from "@/lib/mfa/reseal";
import { open, sealedKid } from "@/lib/mfa/secret-box";
import { adminAtAal2 } from "../support/admin";
import { api, expectProblem } from "../support/api";
import { signIn, signUp } from "../support/accounts";
import { enrolTotp } from "../support/mfa";
import { Jar, passwordSignIn } from "../support/oauth-flow";
import { authorize, redeem, registerClient, relyingParty, useProviderServer } from "../support/oidc-provider";
import { createKey } from "./organizations-fixtures";

const JWKS_URL = "http://localhost:3000/.well-known/jwks.json";
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const saved = { ...process.env };

function configure(env: Record<string, string>) {
  Object.assign(process.env, env);
  resetConfigForTests();
}

async function jwks(headers: Record<string, string> = {}) {
  const response = await jwksRoute(new NextRequest(JWKS_URL, { headers }), { params: Promise.resolve({}) });
  const text = await response.text();
  return { response, text, keys: (text ? JSON.parse(text).keys : []) as Record<string, string>[] };
}
const publishedKids = async () => (await jwks()).keys.map((k) => k.kid);

/** A resource server elsewhere: jose's remote JWKS, fetching our route (no cooldown, so a new kid is fetched at once). */
function resourceServer(): (token: string) => Promise<unknown> {
  const keySet: JWTVerifyGetKey = createRemoteJWKSet(new URL(JWKS_URL), {
    cooldownDuration: 0,
    [customFetch]: (url: string, options: { headers: Headers | Record<string, string> }) =>
      jwksRoute(new NextRequest(url, { headers: options.headers }), { params: Promise.resolve({}) }),
  });
  return async (token) =>
    (await jwtVerify(token, keySet, { issuer: config().jwtIssuer, audience: config().JWT_AUDIENCE, algorithms: ["ES256", "EdDSA"] }))
      .payload;
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;
const profileStatus = async (token: string) => (await api("GET", "/api/auth/profile", { token })).status;

/** Moves these keys' activation `secondsAgo` into the past, and drops this instance's copy (its TTL passing). */
async function activatedAgo(kids: string[], secondsAgo: number) {
  await db().signingKey.updateMany({ where: { id: { in: kids } }, data: { activatesAt: new Date(Date.now() - secondsAgo * 1000) } });
  forgetSigningKeys();
}

beforeAll(() => configure({ JWT_ALGORITHM: "ES256", JWKS_PUBLISH_DELAY_SECONDS: "600" }));
beforeEach(() => forgetSigningKeys());
afterAll(() => {
  process.env = saved;
  resetConfigForTests();
  forgetSigningKeys();
});

describe("first use", () => {
  it("creates one key per algorithm, active at once, even when several instances start together", async () => {
    await db().signingKey.deleteMany();
    await Promise.all(Array.from({ length: 6 }, () => loadFromDatabase()));
    const rows = await db().signingKey.findMany();
    expect(rows.map((r) => r.algorithm).sort()).toEqual(["ES256", "EdDSA", "RS256"]);
    for (const row of rows) expect(row.activatesAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("serves every published key with kid, alg and use, never a private member, cacheable for well under the publish delay", async () => {
    const { response, keys } = await jwks();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Set(keys.map((k) => k.alg))).toEqual(new Set(["ES256", "EdDSA", "RS256"]));
    for (const key of keys) {
      expect(key).toMatchObject({ use: "sig", kid: expect.any(String), kty: expect.stringMatching(/^(EC|OKP|RSA)$/) });
      for (const member of PRIVATE_MEMBERS) expect(key, `${key.alg} ${member}`).not.toHaveProperty(member);
    }
    expect(keys.find((k) => k.alg === "ES256")).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(keys.find((k) => k.alg === "EdDSA")).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(keys.find((k) => k.alg === "RS256")).toMatchObject({ kty: "RSA", e: "AQAB" });
  });

  it("answers 304 to a matching If-None-Match, and the full set once the keys change", async () => {
    const first = await jwks();
    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await jwks({ "if-none-match": etag });
    expect(again.response.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.response.headers.get("cache-control")).toBe("public, max-age=300");
    expect((await jwks({ "if-none-match": `W/${etag}` })).response.status).toBe(304);

    await rotateSigningKeys({ actorId: null });
    const changed = await jwks({ "if-none-match": etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get("etag")).not.toBe(etag);
  });

  it("is cached by clients for at most half of a short publish delay", async () => {
    configure({ JWKS_PUBLISH_DELAY_SECONDS: "60" });
    try {
      expect((await jwks()).response.headers.get("cache-control")).toBe("public, max-age=30");
    } finally {
      configure({ JWKS_PUBLISH_DELAY_SECONDS: "600" });
    }
  });
});

describe("private keys at rest", () => {
  it("are sealed: the stored box holds none of the private key, and opens only for its own kid", async () => {
    const { keys } = await privateSigningJwks();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      const row = await db().signingKey.findUniqueOrThrow({ where: { id: key.kid } });
      expect(row.privateKeyBox).toMatch(/^v2\./);
      expect(row.privateKeyBox).not.toContain(key.d!);
      expect(Buffer.from(row.privateKeyBox).toString("base64url")).not.toContain(key.d!);
      expect(JSON.stringify(row.publicJwk)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
      expect(JSON.parse(open(row.privateKeyBox, `signing-key:${key.kid}`)).d).toBe(key.d);
      const other = keys.find((k) => k.kid !== key.kid)!;
      expect(() => open(row.privateKeyBox, `signing-key:${other.kid}`)).toThrow();
    }
  });
});

describe.each(["ES256", "EdDSA"] as const)("access tokens with JWT_ALGORITHM=%s", (algorithm) => {
  beforeAll(() => configure({ JWT_ALGORITHM: algorithm }));
  afterAll(() => configure({ JWT_ALGORITHM: "ES256" }));

  it("are signed with the active key, accepted by the API, and verified by a resource server through the JWKS", async () => {
    const user = await signUp();
    const header = decodeProtectedHeader(user.access);
    expect(header).toMatchObject({ alg: algorithm, typ: "at+jwt" });
    expect(await publishedKids()).toContain(header.kid);
    expect(await profileStatus(user.access)).toBe(200);
    expect(await resourceServer()(user.access)).toMatchObject({ sub: user.userId, sid: decodeJwt(user.access).sid });
    // Refresh issues another, signed the same way.
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(kidOf(refreshed.body.access_token)).toBe(header.kid);
  });
});

describe("rotation", () => {
  it.each(["ES256", "EdDSA"] as const)(
    "publishes the new key before it signs, then signs with it; the old key keeps verifying, and nobody is logged out (%s)",
    async (algorithm) => {
      configure({ JWKS_PUBLISH_DELAY_SECONDS: "3", JWT_ALGORITHM: algorithm });
      try {
        const verify = resourceServer();
        const user = await signUp();
        const oldKid = kidOf(user.access);
        expect(await verify(user.access)).toMatchObject({ sub: user.userId });

        const rotated = await rotateSigningKeys({ actorId: null });
        const newKid = rotated.find((k) => k.algorithm === algorithm)!.kid;
        // Published at once, but not signing yet.
        expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
        const during = await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } });
        expect(kidOf(during.body.access_token)).toBe(oldKid);

        await sleep(Date.parse(rotated[0]!.activatesAt) - Date.now() + 200);
        const after = await api("POST", "/api/auth/refresh", { json: { refresh_token: during.body.refresh_token } });
        expect(after.status, after.text).toBe(200);
        expect(kidOf(after.body.access_token)).toBe(newKid);
        // The resource server fetches the JWKS again for the new kid; tokens from before still verify.
        expect(await verify(after.body.access_token)).toMatchObject({ sub: user.userId });
        expect(await verify(user.access)).toMatchObject({ sub: user.userId });
        expect(await profileStatus(user.access)).toBe(200);
        expect(await profileStatus(after.body.access_token)).toBe(200);
        expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
      } finally {
        configure({ JWKS_PUBLISH_DELAY_SECONDS: "600", JWT_ALGORITHM: "ES256" });
      }
    },
  );

  it("keeps the retired key published until its retention has passed, then drops it; the next rotation deletes it", async () => {
    const retention = retentionSeconds();
    expect(retention).toBeGreaterThanOrEqual(Math.max(config().ACCESS_TOKEN_TTL_SECONDS, 3600));
    // A clean history: keys active since long ago, then a rotation whose keys are moved back in time.
    await db().signingKey.deleteMany();
    forgetSigningKeys();
    const user = await signUp();
    const oldKid = kidOf(user.access);
    await activatedAgo(
      (await db().signingKey.findMany()).map((k) => k.id),
      3 * retention,
    );
    const newKids = (await rotateSigningKeys({ actorId: null })).map((k) => k.kid);

    // Its successor signs since a moment short of the retention: the old key is still published.
    await activatedAgo(newKids, retention - 30);
    expect(await publishedKids()).toEqual(expect.arrayContaining([oldKid, ...newKids]));
    expect((await listed()).find((k) => k.kid === oldKid)).toMatchObject({ state: "retiring" });

    // Past it: out of the JWKS and the list, and a token it signed (long expired by then) is refused.
    await activatedAgo(newKids, retention + 5);
    expect(await publishedKids()).not.toContain(oldKid);
    expect(await profileStatus(user.access)).toBe(401);
    expect((await listed()).map((k) => k.kid)).not.toContain(oldKid);
    expect(await db().signingKey.count({ where: { id: oldKid } })).toBe(1);
    await rotateSigningKeys({ actorId: null });
    expect(await db().signingKey.count({ where: { id: oldKid } })).toBe(0);
  });
});

let adminToken = "";
async function listed(): Promise<{ kid: string; state: string }[]> {
  adminToken ||= (await adminAtAal2()).access;
  const res = await api("GET", "/api/admin/signing-keys", { token: adminToken });
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

describe("admin API", () => {
  it("answers 404 to a person who is not an admin and 401 to an API key", async () => {
    const person = await signUp();
    const key = await createKey(person, person.organizationId);
    const before = await db().signingKey.count();
    for (const [method, path] of [
      ["GET", "/api/admin/signing-keys"],
      ["POST", "/api/admin/signing-keys/rotate"],
    ] as const) {
      expectProblem(await api(method, path, { token: person.access }), 404, "not_found");
      expect((await api(method, path, { apiKey: key.key })).status).toBe(401);
    }
    expect(await db().signingKey.count()).toBe(before);
  });

  it("needs the admin's second factor in the session, and is closed to an impersonation session", async () => {
    const admin = await signUp();
    await db().user.update({ where: { id: admin.userId }, data: { instanceAdmin: true } });
    const rotate = (token: string) => api("POST", "/api/admin/signing-keys/rotate", { token });
    expectProblem(await rotate(admin.access), 403, "mfa_enrollment_required");
    const older = await signIn(admin.email); // a session from before the factor: aal1
    await enrolTotp(admin);
    expectProblem(await rotate(older.access), 403, "mfa_required");
    expectProblem(await api("GET", "/api/admin/signing-keys", { token: older.access }), 403, "mfa_required");

    const boss = await adminAtAal2();
    const person = await signUp();
    const impersonation = await api("POST", `/api/admin/users/${person.userId}/impersonate`, {
      token: boss.access,
      json: { reason: "support" },
    });
    expect(impersonation.status, impersonation.text).toBe(200);
    expectProblem(await rotate(impersonation.body.access_token), 404, "not_found");
  });

  it("rotates for an aal2 admin: the new keys are pending for the publish delay, listed without private parts, and logged", async () => {
    const admin = await adminAtAal2();
    const res = await api("POST", "/api/admin/signing-keys/rotate", { token: admin.access });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((k: { algorithm: string }) => k.algorithm).sort()).toEqual(["ES256", "EdDSA", "RS256"]);
    for (const key of res.body.items) {
      const delay = Date.parse(key.activatesAt) - Date.now();
      expect(delay).toBeGreaterThan(590_000);
      expect(delay).toBeLessThanOrEqual(600_000);
    }
    const list = await api("GET", "/api/admin/signing-keys", { token: admin.access });
    expect(list.status).toBe(200);
    for (const key of res.body.items) {
      expect(list.body.items.find((k: { kid: string }) => k.kid === key.kid)).toMatchObject({ state: "pending", retiresAt: null });
    }
    const states = new Set(list.body.items.map((k: { state: string }) => k.state));
    expect(states.has("active")).toBe(true);
    for (const member of [...PRIVATE_MEMBERS, "privateKeyBox", "publicJwk"]) expect(list.text).not.toContain(`"${member}"`);

    const log = await api("GET", `/api/admin/audit-log?type=keys.rotated&actorId=${admin.userId}`, { token: admin.access });
    expect(log.status, log.text).toBe(200);
    expect(log.body.items[0].metadata.keys.map((k: { kid: string }) => k.kid).sort()).toEqual(
      res.body.items.map((k: { kid: string }) => k.kid).sort(),
    );
  });
});

describe("npm run keys:rotate", () => {
  it("creates a pending successor for every algorithm and prints their kids", async () => {
    const before = await db().signingKey.count();
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/keys-rotate.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent" },
      timeout: 60_000,
    });
    expect(await db().signingKey.count()).toBeGreaterThanOrEqual(before + 3);
    const newest = await db().signingKey.findMany({ orderBy: { createdAt: "desc" }, take: 3 });
    for (const key of newest) expect(stdout).toContain(key.id);
    expect(await publishedKids()).toEqual(expect.arrayContaining(newest.map((k) => k.id)));
  }, 60_000);
});

describe("npm run secrets:reseal", () => {
  it("moves the private signing keys to the current MFA key, unchanged", async () => {
    const rows = await db().signingKey.findMany();
    const before = new Map(rows.map((r) => [r.id, JSON.parse(open(r.privateKeyBox, `signing-key:${r.id}`)).d as string]));
    configure({ MFA_ENCRYPTION_KEY: "mfa-key-for-signing-keys-mfa-key-for-signing-0123" });
    try {
      expect(await resealSigningKeys({ batchSize: 2 })).toEqual({
        resealed: rows.length,
        current: 0,
        changedMeanwhile: 0,
        unopenable: {},
        legacy: 0,
      });
      expect(await resealSigningKeys({ batchSize: 500 })).toMatchObject({ resealed: 0, current: rows.length });
      for (const row of await db().signingKey.findMany()) {
        expect(sealedKid(row.privateKeyBox)).toBe(keyring().current.kid);
        expect(JSON.parse(open(row.privateKeyBox, `signing-key:${row.id}`)).d).toBe(before.get(row.id));
      }
    } finally {
      delete process.env.MFA_ENCRYPTION_KEY;
      resetConfigForTests();
      // Sealed under a key this worker no longer has: start the next file's use afresh.
      await db().signingKey.deleteMany();
      forgetSigningKeys();
    }
  });
});

// Here rather than with the provider's other tests: this file empties and rotates the shared key
// table, so a test that needs a key to stay published for its whole length runs in its order.
describe("the OpenID Provider's ID tokens across a rotation", () => {
  const { issuer } = useProviderServer();

  it("verify against the published JWKS (jose.createRemoteJWKSet), before and after", async () => {
    const registered = await registerClient({ type: "public", firstParty: true });
    const configuration = await relyingParty(registered);
    const person = await signUp();
    const jar = await passwordSignIn(new Jar(), person.email, person.password);
    // A resource server's key set; no cooldown, as one whose cache has run out by the time the new key signs.
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`), { cooldownDuration: 0 });
    const verify = (token: string) => jwtVerify(token, jwks, { issuer: issuer(), audience: registered.id });
    const before = await redeem(configuration, await authorize(configuration, registered, jar));
    const first = await verify(before.id_token!);
    expect(first.payload.sub).toBe(person.userId);

    const rotated = await rotateSigningKeys({ actorId: null });
    const successors = rotated.map((key) => key.kid);
    // The keys signing now may be only a moment old (the test before emptied the table, and the
    // first use created them): they have signed for a minute, the successors for a second, so the
    // successors are the newest whatever the timing.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await db().signingKey.updateMany({
      where: { id: { notIn: successors }, activatesAt: { gt: aMinuteAgo } },
      data: { activatesAt: aMinuteAgo },
    });
    // The publish delay passed: the successors sign now.
    await activatedAgo(successors, 1);
    const after = await redeem(configuration, await authorize(configuration, registered, jar));
    const second = await verify(after.id_token!);
    expect(second.protectedHeader.kid).not.toBe(first.protectedHeader.kid);
    // The retired key is still published: the earlier token still verifies.
    expect((await verify(before.id_token!)).payload.sub).toBe(person.userId);
  });
});
