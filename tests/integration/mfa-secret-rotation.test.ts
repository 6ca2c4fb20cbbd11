// Issue 23 item 6: AUTH_SECRET and the MFA key rotate without stranding a second factor.
// An old AUTH_SECRET in AUTH_PREVIOUS_SECRETS keeps cookies, mailed codes, authenticator apps
// and recovery codes working; `secrets:reseal` moves every sealed secret to the current key so
// the previous ones can go; and a secret no configured key opens answers a problem, never a 500.
import { createCipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { normalizeRecoveryCode } from "@/lib/mfa/recovery-codes";
import { resealMfaSecrets } from "@/lib/mfa/reseal";
import { api } from "../support/api";
import { authCallback } from "../support/auth-callback";
import { PASSWORD, registerUser, signUp, type SignedIn } from "../support/accounts";
import { codeIn, latestEmailTo } from "../support/mail";
import { codeAt, enrolTotp, nextCode, passwordStep } from "../support/mfa";

const TEST_AUTH_SECRET = "test-auth-secret-test-auth-secret-0123456789";
const NEW_AUTH_SECRET = "rotated-auth-secret-rotated-auth-secret-0123456";
const MFA_K1 = "mfa-key-one-mfa-key-one-mfa-key-one-0123456789";
const MFA_K2 = "mfa-key-two-mfa-key-two-mfa-key-two-0123456789";
const VARIABLES = ["AUTH_PREVIOUS_SECRETS", "MFA_ENCRYPTION_KEY", "MFA_ENCRYPTION_PREVIOUS_KEYS"] as const;

/** This worker's configuration from now on (other files run in other processes). */
function configure(env: { AUTH_SECRET?: string } & Partial<Record<(typeof VARIABLES)[number], string>>) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, { AUTH_SECRET: TEST_AUTH_SECRET, ...env });
  resetConfigForTests();
}

afterEach(() => configure({}));

/** The second step through the API: the answer of POST /api/auth/mfa/verify. */
const verify = async (email: string, proof: { code: string } | { recoveryCode: string }) =>
  api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(email), ...proof } });

/**
 * Rewrites a person's factor as the release before sealed digests stored it: a v1 box under
 * AUTH_SECRET's key and recovery codes as HMACs under AUTH_SECRET. An existing deployment's rows.
 */
async function makeLegacy(user: SignedIn, secret: string, recoveryCodes: string[]) {
  const key = Buffer.from(hkdfSync("sha256", TEST_AUTH_SECRET, "keystone-auth", "totp-secret-v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const box = ["v1", iv, sealed, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
  await db().totpFactor.update({ where: { userId: user.userId }, data: { secretEncrypted: box } });
  await db().recoveryCode.deleteMany({ where: { userId: user.userId } });
  await db().recoveryCode.createMany({
    data: recoveryCodes.map((code) => ({
      userId: user.userId,
      codeHash: createHmac("sha256", TEST_AUTH_SECRET)
        .update(`recovery:${user.userId}:${normalizeRecoveryCode(code)}`)
        .digest("base64url"),
    })),
  });
}

/** Auth.js's Credentials callback, as the browser's forms reach it; `cookie` is the session cookie alone. */
async function credentialsCallback(fields: Record<string, string>) {
  const { res, sessionCookie } = await authCallback("credentials", fields);
  return { res, cookie: sessionCookie };
}

describe("rotating AUTH_SECRET and adding an MFA key", () => {
  it("strands nothing: authenticator apps and recovery codes (new and legacy rows), mailed codes and browser cookies", async () => {
    const current = await signUp();
    const { secret, recoveryCodes } = await enrolTotp(current);
    const legacy = await signUp();
    const legacyFactor = await enrolTotp(legacy);
    await makeLegacy(legacy, legacyFactor.secret, legacyFactor.recoveryCodes);
    const pending = await registerUser();
    const mailedCode = codeIn(await latestEmailTo(pending.email));
    const browser = await credentialsCallback({ email: (await signUp()).email, password: PASSWORD });
    expect(browser.cookie).not.toBe("");

    configure({ AUTH_SECRET: NEW_AUTH_SECRET, AUTH_PREVIOUS_SECRETS: TEST_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K1 });

    for (const [user, proof] of [
      [current, { code: codeAt(secret) }],
      [current, { recoveryCode: recoveryCodes[0]! }],
      [legacy, { code: codeAt(legacyFactor.secret) }],
      [legacy, { recoveryCode: legacyFactor.recoveryCodes[0]! }],
    ] as const) {
      const res = await verify(user.email, proof);
      expect(res.status, res.text).toBe(200);
    }
    const confirmed = await api("POST", "/api/auth/confirm-account", { json: { email: pending.email, code: mailedCode } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } })).status).toBe(200);

    // Without the old secret the cookie is no credential any more (everyone signs in again).
    configure({ AUTH_SECRET: NEW_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K1 });
    expect((await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } })).status).toBe(401);
  });
});

describe("npm run secrets:reseal", () => {
  it("moves every sealed secret to the current key, is idempotent, and the previous keys can then go", async () => {
    const user = await signUp();
    const { secret, recoveryCodes } = await enrolTotp(user);
    const legacy = await signUp();
    const legacyFactor = await enrolTotp(legacy);
    await makeLegacy(legacy, legacyFactor.secret, legacyFactor.recoveryCodes);
    const pendingSetup = await signUp();
    await api("POST", "/api/auth/check-password", { token: pendingSetup.access, json: { password: PASSWORD } });
    const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: pendingSetup.access });
    expect(setup.status, setup.text).toBe(200);
    const userIds = [user.userId, legacy.userId, pendingSetup.userId];

    // 1. AUTH_SECRET leaked: rotate it, and seal with an MFA key of its own from now on.
    configure({ AUTH_SECRET: NEW_AUTH_SECRET, AUTH_PREVIOUS_SECRETS: TEST_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K1 });
    const first = await resealMfaSecrets({ userIds, batchSize: 2 });
    expect(first.totpFactors).toEqual({ resealed: 3, current: 0, changedMeanwhile: 0, unopenable: {}, legacy: 0 });
    expect(first.recoveryCodes).toEqual({ resealed: 10, current: 0, changedMeanwhile: 0, unopenable: {}, legacy: 10 });
    const again = await resealMfaSecrets({ userIds });
    expect(again.totpFactors).toMatchObject({ resealed: 0, current: 3 });
    expect(again.recoveryCodes).toMatchObject({ resealed: 0, current: 10, legacy: 10 });

    configure({ AUTH_SECRET: NEW_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K1 });
    expect((await verify(user.email, { code: codeAt(secret) })).status).toBe(200);
    expect((await verify(user.email, { recoveryCode: recoveryCodes[0]! })).status).toBe(200);
    expect((await verify(legacy.email, { code: codeAt(legacyFactor.secret) })).status).toBe(200);
    // Legacy recovery codes are HMACs under the old AUTH_SECRET: no re-seal can move them.
    expect((await verify(legacy.email, { recoveryCode: legacyFactor.recoveryCodes[1]! })).body.code).toBe("invalid_code");
    const enable = await api("POST", "/api/auth/mfa/totp/enable", {
      token: pendingSetup.access,
      json: { code: codeAt(setup.body.secret) },
    });
    expect(enable.status, enable.text).toBe(200);

    // 2. A routine MFA key rotation: K1 → K2, re-seal, drop K1.
    configure({ AUTH_SECRET: NEW_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K2, MFA_ENCRYPTION_PREVIOUS_KEYS: MFA_K1 });
    const second = await resealMfaSecrets({ userIds });
    expect(second.totpFactors).toMatchObject({ resealed: 3, unopenable: {} });
    configure({ AUTH_SECRET: NEW_AUTH_SECRET, MFA_ENCRYPTION_KEY: MFA_K2 });
    expect((await verify(user.email, { code: nextCode(secret) })).status).toBe(200);
    expect((await verify(user.email, { recoveryCode: recoveryCodes[1]! })).status).toBe(200);
  });
});

describe("a sealed secret no configured key opens", () => {
  it("answers 503 problem+json at the second step, the raise and the step-up, counts no wrong code, and logs no secret", async () => {
    configure({ MFA_ENCRYPTION_KEY: MFA_K1 });
    const user = await signUp();
    const { secret, recoveryCodes } = await enrolTotp(user);
    const mfaToken = await passwordStep(user.email);

    configure({ MFA_ENCRYPTION_KEY: MFA_K2 }); // K1 dropped before a re-seal
    const logLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "error";
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let written: string[] = [];
    try {
      for (const res of [
        await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: codeAt(secret) } }),
        await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, recoveryCode: recoveryCodes[0]! } }),
        await api("POST", "/api/auth/mfa/verify", { token: user.access, json: { code: codeAt(secret) } }),
        await api("POST", "/api/auth/mfa/step-up", { token: user.access, json: { code: codeAt(secret) } }),
      ]) {
        expect(res.status, res.text).toBe(503);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.body).toMatchObject({ code: "service_unavailable", status: 503 });
      }
      // The browser's second step: Auth.js's refusal carries the same code, and no session.
      const browser = await credentialsCallback({ mfaToken: await passwordStep(user.email), code: codeAt(secret) });
      expect(browser.cookie).toBe("");
      expect(browser.res.headers.get("location")).toContain("code=service_unavailable");
    } finally {
      written = stderr.mock.calls.map(([line]) => String(line));
      stderr.mockRestore();
      process.env.LOG_LEVEL = logLevel;
    }
    const lines = written.filter((line) => line.includes("mfa sealed secret cannot be opened"));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ level: "error", userId: user.userId, reason: "unknown_key", kid: expect.any(String) });
      for (const material of [MFA_K1, MFA_K2, TEST_AUTH_SECRET, secret, recoveryCodes[0]!]) expect(line).not.toContain(material);
    }
    expect(await db().auditEvent.count({ where: { actorId: user.userId, type: "mfa.failed" } })).toBe(0);

    // With K1 back (as a previous key) the same pending sign-in finishes: nothing was spent.
    configure({ MFA_ENCRYPTION_KEY: MFA_K2, MFA_ENCRYPTION_PREVIOUS_KEYS: MFA_K1 });
    const done = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, recoveryCode: recoveryCodes[0]! } });
    expect(done.status, done.text).toBe(200);
  });
});
