// Issue 12 item 16: a previous JWT secret verifies only tokens issued before the rotation, and
// no token is accepted past one access lifetime (plus clock skew) from its iat, nor with an iat
// in the future, whatever its exp says. Session ids stay out of the audit log admins read.
import { createHash } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { config, resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signUp } from "../support/accounts";

const TEST_SECRET = "test-jwt-secret-test-jwt-secret-test-0123456789";
const NEW_SECRET = "a-brand-new-secret-a-brand-new-secret-123456";
const YEAR = 365 * 86_400;
const now = () => Math.floor(Date.now() / 1000);
const kidOf = (secret: string) => createHash("sha256").update(secret).digest("base64url").slice(0, 12);

/** Re-signs `claims` with `secret` and the given iat/exp, as someone holding that secret could. */
async function sign(claims: Record<string, unknown>, secret: string, iat: number, exp: number) {
  return new SignJWT({ ...claims, iat: undefined, exp: undefined })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: kidOf(secret) })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

const profileStatus = async (token: string) => (await api("GET", "/api/auth/profile", { token })).status;

function rotate(previous: string) {
  process.env.JWT_SECRET = NEW_SECRET;
  process.env.JWT_PREVIOUS_SECRETS = previous;
  resetConfigForTests();
}

afterEach(() => {
  delete process.env.JWT_PREVIOUS_SECRETS;
  process.env.JWT_SECRET = TEST_SECRET;
  resetConfigForTests();
});

describe("access token age", () => {
  it("refuses a token whose iat is in the future, even with the current secret", async () => {
    const user = await signUp();
    const claims = decodeJwt(user.access);
    expect(await profileStatus(await sign(claims, TEST_SECRET, now() + 5 * YEAR, now() + 10 * YEAR))).toBe(401);
    expect(await profileStatus(await sign(claims, TEST_SECRET, now() + 600, now() + 1200))).toBe(401);
    // A few seconds of clock difference between instances is not refused.
    expect(await profileStatus(await sign(claims, TEST_SECRET, now() + 5, now() + 600))).toBe(200);
  });

  it("refuses a token older than one access lifetime plus skew, whatever its exp says", async () => {
    const user = await signUp();
    const ttl = config().ACCESS_TOKEN_TTL_SECONDS;
    const res = await api("GET", "/api/auth/profile", {
      token: await sign(decodeJwt(user.access), TEST_SECRET, now() - ttl - 600, now() + YEAR),
    });
    expectProblem(res, 401, "token_expired");
  });
});

describe("JWT_PREVIOUS_SECRETS", () => {
  it("does not let a previous secret mint long-lived tokens for a live session (iat +5 years, exp +10 years)", async () => {
    const user = await signUp();
    rotate(TEST_SECRET);
    expect(await profileStatus(await sign(decodeJwt(user.access), TEST_SECRET, now() + 5 * YEAR, now() + 10 * YEAR))).toBe(401);
  });

  it("with a rotation time, accepts the old secret only for tokens issued before it", async () => {
    const user = await signUp();
    const claims = decodeJwt(user.access);
    const rotatedAt = now() - 120;
    rotate(`${TEST_SECRET}@${new Date(rotatedAt * 1000).toISOString()}`);
    expect(await profileStatus(await sign(claims, TEST_SECRET, rotatedAt - 60, rotatedAt + 3000))).toBe(200);
    expect(await profileStatus(await sign(claims, TEST_SECRET, rotatedAt + 60, rotatedAt + 3000))).toBe(401);
    expect(await profileStatus(await sign(claims, TEST_SECRET, now(), now() + 600))).toBe(401);
    // The new secret is unaffected.
    expect(await profileStatus(await sign(claims, NEW_SECRET, now(), now() + 600))).toBe(200);
  });

  it("without a rotation time (the old syntax), takes the moment the configuration was read", async () => {
    const user = await signUp();
    const claims = decodeJwt(user.access);
    rotate(TEST_SECRET);
    expect(await profileStatus(user.access)).toBe(200); // issued before: still works (loads the configuration)
    await new Promise((r) => setTimeout(r, 1100));
    expect(await profileStatus(await sign(claims, TEST_SECRET, now(), now() + 600))).toBe(401);
  });

  it("refuses a rotation time that is not a date, naming the variable", () => {
    process.env.JWT_PREVIOUS_SECRETS = `${TEST_SECRET}@yesterday-ish`;
    resetConfigForTests();
    expect(() => config()).toThrow(/JWT_PREVIOUS_SECRETS/);
  });
});

describe("audit metadata", () => {
  it("never carries a session id (admins read the log, and a session id is half of a forged token)", async () => {
    const user = await signUp();
    const sid = decodeJwt(user.access).sid as string;
    const joined = await api("POST", "/api/organizations", { token: user.access, json: { name: "Second Org" } });
    expect(joined.status, joined.text).toBe(201);
    const switched = await api("POST", "/api/auth/switch-org", { token: user.access, json: { organizationId: joined.body.id } });
    expect(switched.status).toBe(200);
    // Switching supersedes the session's earlier refresh tokens: the answer's one is the live one.
    const refresh = switched.body.refresh_token as string;
    const changed = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: "Another-Horse-77-Lamp" },
    });
    expect(changed.status, changed.text).toBe(200);
    // Reuse detection: a refresh token spent more than the grace window ago.
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: refresh } });
    expect(refreshed.status).toBe(200);
    await db().refreshToken.updateMany({ where: { session: { id: sid } }, data: { usedAt: new Date(Date.now() - 60_000) } });
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: refresh } })).status).toBe(401);

    const rows = await db().auditEvent.findMany({ where: { actorId: user.userId }, select: { type: true, metadata: true } });
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(["login.succeeded", "org.switched", "password.changed", "token.reuse_detected"]),
    );
    expect(JSON.stringify(rows)).not.toContain(sid);
  });
});
