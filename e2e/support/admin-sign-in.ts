import { expect, type Locator, type Page } from "@playwright/test";
import { LoginPage } from "../pages/auth-pages";
import { Authenticator, SecondStepPage } from "../pages/mfa-pages";
import { ProfilePage } from "../pages/profile-page";
import { apiLogin, type Account } from "./accounts";

// How the /admin specs get an instance admin through the gate: an authenticator app turned on
// through the API (another device), then a browser sign-in with the password and its code, so the
// session has used the second factor (aal2), with JavaScript or without.

const base = () => process.env.E2E_BASE_URL!;

export async function post(path: string, token: string, json?: unknown) {
  const res = await fetch(`${base()}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(json ? { "content-type": "application/json" } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

/** Turns on an authenticator app through the API (another device): returns the app and that device's token. */
export async function withAuthenticatorApp(account: Account) {
  const token = await apiLogin(account);
  expect((await post("/api/auth/check-password", token, { password: account.password })).status).toBe(200);
  const setup = await post("/api/auth/mfa/totp/setup", token);
  const app = new Authenticator(setup.body!.secret as string);
  expect((await post("/api/auth/mfa/totp/enable", token, { code: await app.code() })).status).toBe(200);
  return { app, token };
}

export async function signInWithCode(page: Page, account: Account, app: Authenticator) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(account.email, account.password);
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  await secondStep.enterCode(await app.code());
  await new ProfilePage(page).expectLoaded();
}

/** Submits with `button` and waits for the answer's page to finish loading (a page without JavaScript). */
export const submitAndLoad = async (page: Page, button: Locator) =>
  Promise.all([page.waitForEvent("load", { timeout: 15_000 }), button.click()]);

/** signInWithCode for a page without JavaScript: each form is a plain POST. */
export async function signInWithCodeWithoutScripts(page: Page, account: Account, app: Authenticator) {
  await page.goto("/login");
  const login = new LoginPage(page);
  await login.form.getByLabel("Email").fill(account.email);
  await login.form.getByLabel("Password").fill(account.password);
  await submitAndLoad(page, login.form.getByRole("button", { name: "Sign in" }));
  const secondStep = new SecondStepPage(page);
  await secondStep.form.getByLabel("6-digit code").fill(await app.code());
  await submitAndLoad(page, secondStep.form.getByRole("button", { name: "Verify and sign in" }));
  await expect(page).toHaveURL(/\/profile/);
}
