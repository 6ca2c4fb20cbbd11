import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { api } from "../support/api";
import { authCallback } from "../support/auth-callback";
import { signUp } from "../support/accounts";
import { passwordStep } from "../support/mfa";
import { addPasskey, newPasskey, requestOptions } from "../support/passkeys";

// The browser's passkey door: Auth.js's "passkey" Credentials provider, driven through the real
// Auth.js routes. Its cookie must be one of our sessions, opened by the same checks as the API's.

const browserPasskeySignIn = (response: unknown, mfaToken?: string) =>
  authCallback("passkey", { response: JSON.stringify(response), ...(mfaToken ? { mfaToken } : {}) });

describe("browser sign-in with a passkey", () => {
  it("alone: the cookie is one of our sessions at aal2", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const browser = await browserPasskeySignIn(passkey.assert(await requestOptions()));
    expect(browser.hasSession).toBe(true);
    const profile = await api("GET", "/api/auth/profile", { headers: { cookie: browser.cookie } });
    expect(profile.status).toBe(200);
    expect(profile.body.id).toBe(user.userId);
    const newest = await db().authSession.findFirstOrThrow({ where: { userId: user.userId }, orderBy: { createdAt: "desc" } });
    expect(newest).toMatchObject({ aal: "aal2", amr: ["hwk", "mfa"] });
  });

  it("as the second step of a password sign-in", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const mfaToken = await passwordStep(user.email);
    const browser = await browserPasskeySignIn(passkey.assert(await requestOptions(mfaToken)), mfaToken);
    expect(browser.hasSession).toBe(true);
    const newest = await db().authSession.findFirstOrThrow({ where: { userId: user.userId }, orderBy: { createdAt: "desc" } });
    expect(newest).toMatchObject({ aal: "aal2", amr: ["pwd", "hwk", "mfa"] });
  });

  it("opens no session for a refused assertion, a reused one, or something that is not an assertion", async () => {
    const user = await signUp();
    const { passkey } = await addPasskey(user);
    const before = await db().authSession.count({ where: { userId: user.userId } });
    expect((await browserPasskeySignIn(passkey.assert(await requestOptions(), { origin: "https://evil.example" }))).hasSession).toBe(false);
    expect((await browserPasskeySignIn(newPasskey().assert(await requestOptions()))).hasSession).toBe(false);
    expect((await browserPasskeySignIn("not an assertion")).hasSession).toBe(false);
    const response = passkey.assert(await requestOptions());
    expect((await browserPasskeySignIn(response)).hasSession).toBe(true);
    expect((await browserPasskeySignIn(response)).hasSession).toBe(false);
    expect(await db().authSession.count({ where: { userId: user.userId } })).toBe(before + 1);
  });
});
