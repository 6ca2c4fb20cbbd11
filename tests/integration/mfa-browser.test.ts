import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { decideOAuthSignIn, oauthSecondStep } from "@/lib/sign-in/doors/oauth";
import { hasSecondFactor } from "@/lib/mfa/factors";
import { api } from "../support/api";
import { authCallback } from "../support/auth-callback";
import { PASSWORD, signUp } from "../support/accounts";
import { enrolTotp, nextCode, passwordStep } from "../support/mfa";

// The browser's doors to a session for an account with a second factor: the Auth.js Credentials
// provider (password step, then mfaToken + code) and OAuth's signIn callback. Driven through the
// real Auth.js routes, as browser-session.test.ts does.

const credentialsCallback = (fields: Record<string, string>) => authCallback("credentials", fields);

const sessionsOf = (userId: string) =>
  db().authSession.findMany({ where: { userId, revokedAt: null }, select: { id: true, aal: true, amr: true } });

describe("browser sign-in with a second factor", () => {
  it("opens no session on the password alone; mfaToken + code through Credentials opens one at aal2", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const before = (await sessionsOf(user.userId)).length;

    const passwordOnly = await credentialsCallback({ email: user.email, password: PASSWORD });
    expect(passwordOnly.hasSession).toBe(false);
    expect(passwordOnly.res.headers.get("location")).toContain("code=mfa_required");
    // The mfaToken never goes into a URL.
    expect(passwordOnly.res.headers.get("location")).not.toMatch(/mfa_[A-Za-z0-9_-]{20}/);
    expect((await sessionsOf(user.userId)).length).toBe(before);

    const mfaToken = await passwordStep(user.email);
    const wrong = await credentialsCallback({ mfaToken, code: "000000" });
    expect(wrong.hasSession).toBe(false);

    const browser = await credentialsCallback({ mfaToken, code: nextCode(secret) });
    expect(browser.hasSession).toBe(true);
    const profile = await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } });
    expect(profile.status).toBe(200);
    const sessions = await sessionsOf(user.userId);
    expect(sessions).toHaveLength(before + 1);
    expect(sessions.filter((s) => s.aal === "aal2").map((s) => s.amr.sort())).toContainEqual(["mfa", "otp", "pwd"]);

    // The token is single use: the same token with the next code opens nothing more.
    const again = await credentialsCallback({ mfaToken, code: nextCode(secret, -1) });
    expect(again.hasSession).toBe(false);
  });

  it("finishes with a recovery code too, and refuses a token with no code", async () => {
    const user = await signUp();
    const { recoveryCodes } = await enrolTotp(user);
    const mfaToken = await passwordStep(user.email);
    expect((await credentialsCallback({ mfaToken })).hasSession).toBe(false);
    expect((await credentialsCallback({ mfaToken, recoveryCode: recoveryCodes[0]! })).hasSession).toBe(true);
  });
});

describe("OAuth with a second factor", () => {
  it("is only a first factor: the signIn callback gets an mfaToken and no session exists", async () => {
    const user = await signUp();
    const { secret } = await enrolTotp(user);
    const before = (await sessionsOf(user.userId)).length;
    const client = { ip: "203.0.113.9", userAgent: "test" };

    const mfaToken = await oauthSecondStep({ provider: "github", providerAccountId: `gh-${user.userId}` }, { email: user.email }, client);
    expect(mfaToken).toMatch(/^mfa_/);
    expect((await sessionsOf(user.userId)).length).toBe(before);

    // The pending sign-in finishes through the same Credentials second step.
    const browser = await credentialsCallback({ mfaToken: mfaToken!, code: nextCode(secret) });
    expect(browser.hasSession).toBe(true);
    const opened = await db().authSession.findFirst({
      where: { userId: user.userId, amr: { has: "fed" } },
      select: { aal: true, amr: true },
    });
    expect(opened?.aal).toBe("aal2");
    expect(opened?.amr).toEqual(expect.arrayContaining(["fed", "otp"]));
  });

  it("owes nothing for an account without a factor (Auth.js goes on as before)", async () => {
    const user = await signUp();
    const client = { ip: "203.0.113.9", userAgent: "test" };
    expect(await oauthSecondStep({ provider: "github", providerAccountId: `gh-${user.userId}` }, { email: user.email }, client)).toBeNull();
  });

  it("removes a factor set up on an unconfirmed account when the address's owner claims it", async () => {
    const squatter = await signUp();
    await enrolTotp(squatter);
    await db().user.update({ where: { id: squatter.userId }, data: { emailVerified: null } });
    const attempt = {
      provider: "github",
      providerAccountId: "gh-owner-1",
      type: "oauth",
      profile: { email: squatter.email, email_verified: true },
    };
    expect(await decideOAuthSignIn(attempt, new Request("http://localhost:3000/api/auth/callback/github"))).toEqual({ allow: true });
    expect(await hasSecondFactor(squatter.userId)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: squatter.userId } })).toBe(0);
  });
});
