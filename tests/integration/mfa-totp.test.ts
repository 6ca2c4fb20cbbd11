import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp } from "../support/accounts";
import { latestEmailTo } from "../support/mail";
import { codeAt, enrolTotp, nextCode, passwordStep, stepUp } from "../support/mfa";

describe("authenticator app enrolment", () => {
  it("needs the step-up window, stays pending until a code confirms it, and issues 10 recovery codes once", async () => {
    const user = await signUp();
    expect((await api("POST", "/api/auth/mfa/totp/setup", { token: user.access })).body.code).toBe("reauthentication_required");

    await stepUp(user);
    const setup = await api("POST", "/api/auth/mfa/totp/setup", { token: user.access });
    expect(setup.status, setup.text).toBe(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await api("GET", "/api/auth/mfa", { token: user.access })).body).toEqual({
      enabled: false,
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    // Pending: the password alone still signs in.
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);

    const wrong = await api("POST", "/api/auth/mfa/totp/enable", {
      token: user.access,
      json: { code: "000000" === codeAt(setup.body.secret) ? "111111" : "000000" },
    });
    expectProblem(wrong, 400, "invalid_code");

    const enable = await api("POST", "/api/auth/mfa/totp/enable", { token: user.access, json: { code: codeAt(setup.body.secret) } });
    expect(enable.status, enable.text).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    expect((await api("GET", "/api/auth/mfa", { token: user.access })).body).toEqual({
      enabled: true,
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
    });

    // The secret is never shown again, and is not stored in clear.
    const row = await db().totpFactor.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(row.secretEncrypted).not.toContain(setup.body.secret);
    const codes = await db().recoveryCode.findMany({ where: { userId: user.userId } });
    expect(codes.map((c) => c.codeHash)).not.toContain(enable.body.recoveryCodes[0]);

    expect((await latestEmailTo(user.email)).subject).toMatch(/authenticator app was added/i);
    const profile = await api("GET", "/api/auth/profile", { token: user.access });
    expect(profile.body.mfaEnabled).toBe(true);
    const events = await db().auditEvent.findMany({ where: { organizationId: user.organizationId, type: "mfa.enabled" } });
    expect(events).toHaveLength(1);
  });
});

describe("signing in with a second factor", () => {
  it("answers 403 mfa_required with an mfaToken and no session; the code finishes at aal2", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const sessionsBefore = await db().authSession.count({ where: { userId: user.userId } });
    const loginsBefore = await db().auditEvent.count({ where: { actorId: user.userId, type: "login.succeeded" } });

    const res = await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ code: "mfa_required", methods: expect.arrayContaining(["totp", "recovery_code"]) });
    expect(res.body.access_token).toBeUndefined();
    expect(await db().authSession.count({ where: { userId: user.userId } })).toBe(sessionsBefore);
    expect(await db().auditEvent.count({ where: { actorId: user.userId, type: "login.succeeded" } })).toBe(loginsBefore);

    const verified = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: res.body.mfaToken, code: codeAt(secret) } });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.headers.get("cache-control")).toContain("no-store");
    expect(verified.body.mfaEnabled).toBe(true);
    const claims = decodeJwt(verified.body.access_token);
    expect(claims.aal).toBe("aal2");
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp", "mfa"]));
    const login = await db().auditEvent.findFirstOrThrow({
      where: { actorId: user.userId, type: "login.succeeded" },
      orderBy: { createdAt: "desc" },
    });
    expect(login.metadata).toMatchObject({ amr: expect.arrayContaining(["pwd", "otp", "mfa"]) });

    // The mfaToken is single use.
    const again = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: res.body.mfaToken, code: nextCode(secret) } });
    expectProblem(again, 400, "invalid_token");
  });

  it("refuses a code that was already accepted (replay), and the same code sent twice at once is accepted once", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const code = codeAt(secret);
    const first = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), code } });
    expect(first.status, first.text).toBe(200);
    const replay = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), code } });
    expectProblem(replay, 400, "invalid_code");

    const racing = nextCode(secret);
    const [a, b] = await Promise.all([passwordStep(user.email), passwordStep(user.email)]);
    const results = await Promise.all([a, b].map((mfaToken) => api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: racing } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("accepts one step of clock drift either way", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    // enrolTotp used the previous step; the next step is one step ahead of the server's clock.
    const ahead = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), code: nextCode(secret) } });
    expect(ahead.status, ahead.text).toBe(200);
    const user2 = await signUp();
    const enrolled = await enrolTotp(user2);
    const tooFar = await api("POST", "/api/auth/mfa/verify", {
      json: { mfaToken: await passwordStep(user2.email), code: nextCode(enrolled.secret, 3) },
    });
    expect(tooFar.status).toBe(400);
  });

  it("signs in with a recovery code once, tells the owner, and refuses it after", async () => {
    const user = await signUp();
    const { recoveryCodes } = await enrolTotp(user);
    const recoveryCode = recoveryCodes[0]!.toUpperCase();
    const ok = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), recoveryCode } });
    expect(ok.status, ok.text).toBe(200);
    expect((await latestEmailTo(user.email)).subject).toMatch(/recovery code was used/i);
    const again = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), recoveryCode } });
    expect(again.status).toBe(400);
    expect((await api("GET", "/api/auth/mfa", { token: ok.body.access_token })).body.recoveryCodesLeft).toBe(9);
  });

  it("kills the mfaToken after 5 wrong codes, even sent at once, and limits wrong codes per account", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const good = codeAt(secret);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, "0");
    const mfaToken = await passwordStep(user.email);
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: wrong } })),
    );
    expect(tries.filter((r) => r.body.code === "invalid_code").length).toBeLessThanOrEqual(5);
    const afterwards = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken, code: good } });
    expectProblem(afterwards, 400, "invalid_token");

    // The account's allowance (5 in 5 minutes) is spent: a fresh token gets 429, right code or not,
    // while the password itself is not locked (separate counters).
    const fresh = await passwordStep(user.email);
    const limited = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: fresh, code: good } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    const events = await db().auditEvent.count({ where: { actorId: user.userId, type: "mfa.failed" } });
    expect(events).toBeGreaterThanOrEqual(5);
  });

  it("refuses another user's mfaToken with one's own code (the token is bound to its user)", async () => {
    const alice = await signUp();
    const bob = await signUp();
    await enrolTotp(alice);
    const bobTotp = await enrolTotp(bob);
    const aliceToken = await passwordStep(alice.email);
    const res = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: aliceToken, code: codeAt(bobTotp.secret) } });
    expectProblem(res, 400, "invalid_code");
  });
});

describe("assurance on refresh, switch-org and Bearer verify", () => {
  it("refresh keeps aal1; a Bearer verify raises the same sid to aal2; refresh keeps aal2", async () => {
    const user = await signUp();
    const before = await signIn(user.email); // opened with the password before the factor existed: aal1
    const { secret } = await enrolTotp(user);
    const refreshed = await api("POST", "/api/auth/refresh", { json: { refresh_token: before.refresh } });
    expect(decodeJwt(refreshed.body.access_token).aal).toBe("aal1");

    const raised = await api("POST", "/api/auth/mfa/verify", { token: refreshed.body.access_token, json: { code: nextCode(secret) } });
    expect(raised.status, raised.text).toBe(200);
    const claims = decodeJwt(raised.body.access_token);
    expect(claims.aal).toBe("aal2");
    expect(claims.sid).toBe(decodeJwt(before.access).sid);
    const again = await api("POST", "/api/auth/refresh", { json: { refresh_token: raised.body.refresh_token } });
    expect(decodeJwt(again.body.access_token).aal).toBe("aal2");
  });
});

describe("step-up by code, turning the app off, recovery codes", () => {
  it("a code opens the step-up window; removing the app needs it; the password alone signs in again", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const session = await api("POST", "/api/auth/mfa/verify", { json: { mfaToken: await passwordStep(user.email), code: codeAt(secret) } });
    const token = session.body.access_token;
    expect((await api("DELETE", "/api/auth/mfa/totp", { token })).body.code).toBe("reauthentication_required");
    expect((await api("POST", "/api/auth/mfa/recovery-codes", { token })).body.code).toBe("reauthentication_required");
    // The code just used to sign in is a replay; a fresh one opens the window.
    expect((await api("POST", "/api/auth/mfa/step-up", { token, json: { code: codeAt(secret) } })).status).toBe(400);
    const stepped = await api("POST", "/api/auth/mfa/step-up", { token, json: { code: nextCode(secret) } });
    expect(stepped.status, stepped.text).toBe(200);
    expect(stepped.body).toEqual({ valid: true });

    const regenerated = await api("POST", "/api/auth/mfa/recovery-codes", { token });
    expect(regenerated.status, regenerated.text).toBe(200);
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    expect((await api("DELETE", "/api/auth/mfa/totp", { token })).status).toBe(204);
    expect((await latestEmailTo(user.email)).subject).toMatch(/authenticator app was removed/i);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
    expect((await api("GET", "/api/auth/mfa", { token })).body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
  });
});
