import { LIMITS } from "@/lib/security/rate-limit";
import { describe, expect, it } from "vitest";
import { sha256 } from "@/lib/auth/crypto";
import { db } from "@/lib/db/client";
import { api, expectProblem } from "../support/api";
import { PASSWORD, registerUser, signIn, signUp, uniqueEmail } from "../support/accounts";
import { emailsTo, latestEmailTo, linkTokenIn } from "../support/mail";

const NEW_PASSWORD = "Violet-Harbor-Lantern-7";

/** Asks for a reset link and reads it; the mail leaves after the response, hence `after`. */
async function requestReset(email: string): Promise<string> {
  const since = new Date();
  const res = await api("POST", "/api/auth/forgot-password", { json: { email } });
  expect(res.status, res.text).toBe(202);
  const token = linkTokenIn(await latestEmailTo(email, { after: since, subject: /reset your password/i }), "/reset-password/");
  expect(token).toBeTruthy();
  return token!;
}

describe("POST /api/auth/forgot-password", () => {
  it("answers 202 with byte-identical bodies for known and unknown emails, and mails only the owner", async () => {
    const user = await signUp();
    const unknownEmail = uniqueEmail("nobody");
    const since = new Date();
    const known = await api("POST", "/api/auth/forgot-password", { json: { email: user.email } });
    const unknown = await api("POST", "/api/auth/forgot-password", { json: { email: unknownEmail } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    expect(known.headers.get("content-type")).toBe(unknown.headers.get("content-type"));
    expect(known.body).toEqual({ message: expect.any(String) });

    const mail = await latestEmailTo(user.email, { after: since, subject: /reset your password/i });
    expect(await emailsTo(unknownEmail)).toHaveLength(0);
    expect(mail.subject).toMatch(/reset your password/i);
    // The plain-text part carries the full link to the browser page.
    const token = linkTokenIn(mail, "http://localhost:3000/reset-password/");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(`/reset-password/${token}`);
  });

  it("stores only a hash of the token, valid for 1 hour", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    const rows = await db().oneTimeToken.findMany({ where: { userId: user.userId, purpose: "password_reset" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const ttl = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000 + 1000);
  });

  it("treats the email case-insensitively and refuses a malformed one with 422", async () => {
    const user = await signUp();
    const since = new Date();
    const res = await api("POST", "/api/auth/forgot-password", { json: { email: ` ${user.email.toUpperCase()} ` } });
    expect(res.status).toBe(202);
    expect((await latestEmailTo(user.email, { after: since, subject: /reset your password/i })).subject).toMatch(/reset your password/i);
    const bad = await api("POST", "/api/auth/forgot-password", { json: { email: "not-an-email" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.email).toBeDefined();
  });

  it("is rate limited per email, alike for known and unknown addresses", async () => {
    const email = uniqueEmail("flood");
    for (let i = 0; i < 5; i++) expect((await api("POST", "/api/auth/forgot-password", { json: { email } })).status).toBe(202);
    const limited = await api("POST", "/api/auth/forgot-password", { json: { email } });
    expectProblem(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("is rate limited per client", async () => {
    const headers = { "x-forwarded-for": "203.0.113.77" };
    for (let i = 0; i < LIMITS.forgotPasswordPerClient.points; i++) {
      expect((await api("POST", "/api/auth/forgot-password", { json: { email: uniqueEmail() }, headers })).status).toBe(202);
    }
    expect((await api("POST", "/api/auth/forgot-password", { json: { email: uniqueEmail() }, headers })).status).toBe(429);
  });
});

describe("POST /api/auth/validate-token", () => {
  it("answers { valid: true } for a live token and 400 invalid_token otherwise, without spending it", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    for (let i = 0; i < 2; i++) {
      const ok = await api("POST", "/api/auth/validate-token", { json: { token } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ valid: true });
    }
    for (const bogus of ["abc", "x".repeat(43), `${token}x`]) {
      const res = await api("POST", "/api/auth/validate-token", { json: { token: bogus } });
      expectProblem(res, 400, "invalid_token");
    }
    expect((await api("POST", "/api/auth/validate-token", { json: {} })).status).toBe(422);
  });
});

describe("guessing reset tokens", () => {
  it("is rate limited per client across validate-token and reset-password", async () => {
    const headers = { "x-forwarded-for": "203.0.113.91" };
    for (let i = 0; i < 15; i++) {
      expect((await api("POST", "/api/auth/validate-token", { json: { token: `guess-${i}-aaaaaaaaaaaaaaaa` }, headers })).status).toBe(400);
      expect(
        (await api("POST", "/api/auth/reset-password", { json: { token: `guess-${i}-bbbbbbbbbbbbbbbb`, password: NEW_PASSWORD }, headers }))
          .status,
      ).toBe(400);
    }
    const limited = await api("POST", "/api/auth/validate-token", { json: { token: "guess-last-cccccccccccccccc" }, headers });
    expectProblem(limited, 429, "rate_limited");
  });
});

describe("POST /api/auth/reset-password", () => {
  it("sets the new password, revokes every session and mails a notice", async () => {
    const user = await signUp();
    const second = await signIn(user.email);
    const token = await requestReset(user.email);

    const res = await api("POST", "/api/auth/reset-password", {
      json: { token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: expect.any(String) });

    for (const session of [user, second]) {
      expect((await api("GET", "/api/auth/profile", { token: session.access })).status).toBe(401);
      expect((await api("POST", "/api/auth/refresh", { json: { refresh_token: session.refresh } })).status).toBe(401);
    }
    expect((await api("POST", "/api/auth/login", { json: { email: user.email, password: PASSWORD } })).status).toBe(401);
    await signIn(user.email, NEW_PASSWORD);

    expect((await latestEmailTo(user.email)).subject).toMatch(/password was reset/i);
    const events = await db().auditEvent.findMany({ where: { organizationId: user.organizationId, type: "password.reset" } });
    expect(events).toHaveLength(1);
  });

  it("is single-use", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    expect((await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD } })).status).toBe(200);
    const again = await api("POST", "/api/auth/reset-password", { json: { token, password: "Another-Lantern-Harbor-8" } });
    expectProblem(again, 400, "invalid_token");
    expect((await api("POST", "/api/auth/validate-token", { json: { token } })).status).toBe(400);
    await signIn(user.email, NEW_PASSWORD);
  });

  it("refuses an expired token", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    await db().oneTimeToken.update({ where: { tokenHash: sha256(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api("POST", "/api/auth/validate-token", { json: { token } })).status).toBe(400);
    const res = await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD } });
    expectProblem(res, 400, "invalid_token");
    await signIn(user.email, PASSWORD);
  });

  it("retires older links when a new one is requested", async () => {
    const user = await signUp();
    const first = await requestReset(user.email);
    const second = await requestReset(user.email);
    expect(first).not.toBe(second);
    expect((await api("POST", "/api/auth/reset-password", { json: { token: first, password: NEW_PASSWORD } })).status).toBe(400);
    expect((await api("POST", "/api/auth/reset-password", { json: { token: second, password: NEW_PASSWORD } })).status).toBe(200);
  });

  it("confirms an unconfirmed account: the link proved the address", async () => {
    const { email } = await registerUser();
    const token = await requestReset(email);
    expect((await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD } })).status).toBe(200);
    const login = await signIn(email, NEW_PASSWORD);
    expect(login.body.user.emailVerified).toBe(true);
  });

  it.each([
    [{ password: "short1A" }, "password", "weak_password"],
    [{ password: "Password123!" }, "password", "weak_password"],
    [{ passwordConfirmation: "Different-Lantern-9" }, "passwordConfirmation", "validation_failed"],
    [{ password: undefined }, "password", "validation_failed"],
  ])("refuses %j with 422 and leaves the token usable", async (override, field, code) => {
    const user = await signUp();
    const token = await requestReset(user.email);
    const res = await api("POST", "/api/auth/reset-password", { json: { token, password: NEW_PASSWORD, ...override } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(res.body.errors[field]?.[0]).toEqual(expect.any(String));
    expect((await api("POST", "/api/auth/validate-token", { json: { token } })).status).toBe(200);
  });

  it("refuses an unknown token with 400 invalid_token", async () => {
    const res = await api("POST", "/api/auth/reset-password", { json: { token: "a".repeat(43), password: NEW_PASSWORD } });
    expectProblem(res, 400, "invalid_token");
  });

  it("refuses an email-confirmation token", async () => {
    const { email } = await registerUser();
    const confirmToken = linkTokenIn(await latestEmailTo(email), "/api/auth/verify-email/");
    const res = await api("POST", "/api/auth/reset-password", { json: { token: confirmToken, password: NEW_PASSWORD } });
    expectProblem(res, 400, "invalid_token");
  });
});

describe("POST /api/auth/update-password/{token}", () => {
  it("resets like reset-password, with the token in the path", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    const res = await api("POST", `/api/auth/update-password/${token}`, {
      json: { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect((await api("GET", "/api/auth/profile", { token: user.access })).status).toBe(401);
    await signIn(user.email, NEW_PASSWORD);
    const again = await api("POST", `/api/auth/update-password/${token}`, { json: { password: NEW_PASSWORD } });
    expectProblem(again, 400, "invalid_token");
  });

  it("refuses a mismatched confirmation and a bogus token", async () => {
    const user = await signUp();
    const token = await requestReset(user.email);
    const mismatch = await api("POST", `/api/auth/update-password/${token}`, {
      json: { password: NEW_PASSWORD, passwordConfirmation: "nope" },
    });
    expect(mismatch.status).toBe(422);
    const bogus = await api("POST", "/api/auth/update-password/not-a-token", { json: { password: NEW_PASSWORD } });
    expectProblem(bogus, 400, "invalid_token");
  });
});
