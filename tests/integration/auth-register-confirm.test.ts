import { describe, expect, it } from "vitest";
import { api, expectProblem } from "../support/api";
import { PASSWORD, registerUser, signUp, uniqueEmail } from "../support/accounts";
import { codeIn, emailsTo, latestEmailTo, linkTokenIn, waitForEmails } from "../support/mail";

describe("POST /api/auth/register", () => {
  it("creates an unconfirmed account and emails a code and a link", async () => {
    const { email, res } = await registerUser({ firstName: "Ada", lastName: "Lovelace", name: undefined });
    expect(res.body).toEqual({ message: expect.any(String), verificationRequired: true });
    const mail = await latestEmailTo(email);
    expect(codeIn(mail)).toMatch(/^\d{6}$/);
    expect(linkTokenIn(mail, "/api/auth/verify-email/")).toBeTruthy();
  });

  it("answers byte-identically for an existing address and mails its owner a notice instead", async () => {
    const first = await signUp();
    const again = await api("POST", "/api/auth/register", { json: { email: first.email, password: PASSWORD, name: "Someone" } });
    const fresh = await api("POST", "/api/auth/register", { json: { email: uniqueEmail(), password: PASSWORD, name: "Someone" } });
    expect(again.status).toBe(201);
    expect(again.text).toBe(fresh.text);
    expect((await latestEmailTo(first.email)).subject).toMatch(/already have an account/i);
  });

  it("treats emails case-insensitively and trims them", async () => {
    const email = uniqueEmail();
    await registerUser({ email: `  ${email.toUpperCase()} ` });
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("names the default organization after the user, or organizationName", async () => {
    const named = await signUp({ name: "Grace" });
    expect(named.body.organization).toMatchObject({ name: "Grace's Organization", role: "owner" });
    const custom = await signUp({ organizationName: "Acme Corp" });
    expect(custom.body.organization).toMatchObject({ name: "Acme Corp", slug: expect.stringMatching(/^acme-corp/) });
  });

  it.each([
    [{ password: "short1A" }, "password", "weak_password"],
    [{ password: "Password123!" }, "password", "weak_password"],
    [{ password: "alllowercase123" }, "password", "weak_password"],
    [{ email: "not-an-email" }, "email", "validation_failed"],
    [{ name: undefined }, "name", "validation_failed"],
    [{ passwordConfirmation: "Different-Horse-43" }, "passwordConfirmation", "validation_failed"],
  ])("refuses %j with 422 and a message on the field", async (override, field, code) => {
    const res = await api("POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: PASSWORD, name: "X", ...override },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body.code).toBe(code);
    expect(res.body.errors[field]?.length).toBeGreaterThan(0);
  });
});

describe("confirming an account", () => {
  it("refuses login before confirmation with 403 email_not_verified", async () => {
    const { email } = await registerUser();
    const res = await api("POST", "/api/auth/login", { json: { email, password: PASSWORD } });
    expectProblem(res, 403, "email_not_verified");
  });

  it("confirms with the code and returns a token response", async () => {
    const user = await signUp();
    expect(user.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, user: { emailVerified: true } });
    expect(user.body.refresh_expires_in).toBeGreaterThan(600_000);
  });

  it("kills a code after 5 wrong tries, even for the right code", async () => {
    const { email } = await registerUser();
    const code = codeIn(await latestEmailTo(email))!;
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await api("POST", "/api/auth/confirm-account", { json: { email, code: wrong } });
      expectProblem(res, 400, "invalid_code");
    }
    const right = await api("POST", "/api/auth/confirm-account", { json: { email, code } });
    expectProblem(right, 400, "invalid_code");
  });

  it("uses a code only once", async () => {
    const { email } = await registerUser();
    const code = codeIn(await latestEmailTo(email));
    expect((await api("POST", "/api/auth/confirm-account", { json: { email, code } })).status).toBe(200);
    expect((await api("POST", "/api/auth/confirm-account", { json: { email, code } })).status).toBe(400);
  });

  it("confirms through the link's token, by POST and by the link itself", async () => {
    const a = await registerUser();
    const tokenA = linkTokenIn(await latestEmailTo(a.email), "/api/auth/verify-email/");
    expect((await api("POST", "/api/auth/confirm-account", { json: { token: tokenA } })).status).toBe(200);

    const b = await registerUser();
    const tokenB = linkTokenIn(await latestEmailTo(b.email), "/api/auth/verify-email/");
    const browser = await api("GET", `/api/auth/verify-email/${tokenB}`, { headers: { accept: "text/html" } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toMatch(/\/login\?verified=1$/);
    expect((await api("POST", "/api/auth/login", { json: { email: b.email, password: PASSWORD } })).status).toBe(200);

    const reused = await api("GET", `/api/auth/verify-email/${tokenB}`, { headers: { accept: "application/json" } });
    expectProblem(reused, 400, "invalid_token");
  });

  it("answers JSON to the link for API clients", async () => {
    const { email } = await registerUser();
    const token = linkTokenIn(await latestEmailTo(email), "/api/auth/verify-email/");
    const res = await api("GET", `/api/auth/verify-email/${token}`, { headers: { accept: "application/json" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ verified: true, email });
  });

  it("request-code and resend answer 202 identically for known and unknown addresses, and a new code replaces the old", async () => {
    const { email } = await registerUser();
    const oldCode = codeIn(await latestEmailTo(email));
    const known = await api("POST", "/api/auth/request-code", { json: { email } });
    const unknown = await api("POST", "/api/auth/request-code", { json: { email: uniqueEmail() } });
    expect(known.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    const resendKnown = await api("GET", `/api/auth/resend-email-verification?email=${encodeURIComponent(email)}`);
    const resendUnknown = await api("GET", `/api/auth/resend-email-verification?email=${encodeURIComponent(uniqueEmail())}`);
    expect(resendKnown.status).toBe(202);
    expect(resendKnown.text).toBe(resendUnknown.text);

    const [newest] = await waitForEmails(email, 3);
    const newCode = codeIn(newest!);
    if (newCode !== oldCode) {
      expect((await api("POST", "/api/auth/confirm-account", { json: { email, code: oldCode } })).status).toBe(400);
    }
    expect((await api("POST", "/api/auth/confirm-account", { json: { email, code: newCode } })).status).toBe(200);
  });
});
