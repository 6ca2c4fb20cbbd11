import { describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, signIn, signUp } from "../support/accounts";
import { emailsTo, latestEmailTo, linkTokenIn } from "../support/mail";

const NEW_PASSWORD = "Violet-Harbor-Lantern-7";

describe("POST /api/auth/change-password", () => {
  it("changes the password, keeps this session, signs out every other one and mails a notice", async () => {
    const user = await signUp();
    const other = await signIn(user.email);

    const res = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: expect.any(String) });

    // The old password stops working; the new one works.
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(401);
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: NEW_PASSWORD } })).status).toBe(200);

    // The other session's access and refresh tokens are rejected at once; this one goes on.
    expect((await api("GET", "/api/auth/profile", { token: other.access })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: other.refresh } })).status).toBe(401);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).status).toBe(200);
    expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: user.refresh } })).status).toBe(200);

    const notice = await latestEmailTo(user.email);
    expect(notice.subject).toMatch(/password was changed/i);
    expect(notice.text).toMatch(/signed out/i);
    expect(notice.text).not.toContain(NEW_PASSWORD);

    const events = await db().auditEvent.findMany({ where: { organizationId: user.organizationId, type: "password.changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.userId, actorType: "user" });
  });

  it("accepts PATCH as well", async () => {
    const user = await signUp();
    const res = await api("PATCH", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    await signIn(user.email, NEW_PASSWORD);
  });

  it("answers 403 incorrect_password for a wrong current password and changes nothing", async () => {
    const user = await signUp();
    const other = await signIn(user.email);
    const res = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: "Wrong-Horse-99", newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body.code).toBe("incorrect_password");
    await signIn(user.email, PASSWORD);
    expect((await api("GET", "/api/auth/profile", { token: other.access })).status).toBe(200);
  });

  it.each([
    [{ newPassword: "short1A" }, "newPassword", "weak_password"],
    [{ newPassword: "Password123!" }, "newPassword", "weak_password"],
    [{ newPassword: "NOLOWERCASE123" }, "newPassword", "weak_password"],
    [{ newPassword: PASSWORD }, "newPassword", "validation_failed"],
    [{ newPassword: undefined }, "newPassword", "validation_failed"],
    [{ currentPassword: undefined }, "currentPassword", "validation_failed"],
  ])("refuses %j with 422 and a message on the field", async (override, field, code) => {
    const user = await signUp();
    const res = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, ...override },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(res.body.errors[field]?.[0]).toEqual(expect.any(String));
    await signIn(user.email, PASSWORD);
  });

  it("needs a signed-in user", async () => {
    const res = await api("POST", "/api/auth/change-password", { json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(401);
    expect((await api("GET", "/api/auth/change-password")).status).toBe(405);
  });

  it("kills a pending reset link, which was issued for the old password", async () => {
    const user = await signUp();
    const since = new Date();
    expect((await api("POST", "/api/auth/forgot-password", { json: { email: user.email } })).status).toBe(202);
    const token = linkTokenIn(await latestEmailTo(user.email, { after: since, subject: /reset your password/i }), "/reset-password/");
    expect(token).toBeTruthy();
    await api("POST", "/api/auth/change-password", { token: user.access, json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    const res = await api("POST", "/api/auth/validate-token", { json: { token } });
    expectProblem(res, 400, "invalid_token");
  });
});

describe("POST /api/auth/check-password", () => {
  it("answers { valid: true } and opens a 10-minute step-up window on this session only", async () => {
    const user = await signUp();
    const other = await signIn(user.email);
    const before = Date.now();
    const res = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ valid: true });

    const sessions = await db().authSession.findMany({ where: { userId: user.userId }, select: { id: true, stepUpUntil: true } });
    const opened = sessions.filter((s) => s.stepUpUntil);
    expect(opened).toHaveLength(1);
    const until = opened[0]!.stepUpUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 600_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);

    // The other session still has to prove itself.
    const change = await api("PATCH", "/api/auth/profile", { token: other.access, json: { email: `new-${user.email}` } });
    expectProblem(change, 403, "reauthentication_required");
  });

  it("opens a window of STEP_UP_WINDOW_SECONDS when configured", async () => {
    const user = await signUp();
    process.env.STEP_UP_WINDOW_SECONDS = "60";
    resetConfigForTests();
    try {
      expect((await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } })).status).toBe(200);
    } finally {
      delete process.env.STEP_UP_WINDOW_SECONDS;
      resetConfigForTests();
    }
    const [session] = await db().authSession.findMany({ where: { userId: user.userId, stepUpUntil: { not: null } } });
    const remaining = session!.stepUpUntil!.getTime() - Date.now();
    expect(remaining).toBeGreaterThan(50_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
  });

  it("answers 403 incorrect_password for a wrong password and opens nothing", async () => {
    const user = await signUp();
    const res = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: "Wrong-Horse-99" } });
    expectProblem(res, 403, "incorrect_password");
    const sessions = await db().authSession.findMany({ where: { userId: user.userId, stepUpUntil: { not: null } } });
    expect(sessions).toHaveLength(0);
  });

  it("rate limits repeated wrong passwords per user, then refuses even the right one", async () => {
    const user = await signUp();
    for (let i = 0; i < 5; i++) {
      const wrong = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: `Wrong-Horse-${i}` } });
      expect(wrong.status).toBe(403);
    }
    const limited = await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } });
    expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same counter guards change-password, so it cannot be used to keep guessing.
    const change = await api("POST", "/api/auth/change-password", {
      token: user.access,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(change.status).toBe(429);
  });

  it("needs a signed-in user and a password", async () => {
    const user = await signUp();
    expect((await api("POST", "/api/auth/check-password", { json: { password: PASSWORD } })).status).toBe(401);
    const missing = await api("POST", "/api/auth/check-password", { token: user.access, json: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.password).toBeDefined();
  });

  it("never sends an email", async () => {
    const user = await signUp();
    const before = (await emailsTo(user.email)).length;
    await api("POST", "/api/auth/check-password", { token: user.access, json: { password: PASSWORD } });
    expect(await emailsTo(user.email)).toHaveLength(before);
  });
});
