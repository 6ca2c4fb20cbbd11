import pg from "pg";
import { apiCall, apiLogin, confirmedAccount, type Account } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { snap } from "./support/screenshots";
import { Authenticator } from "./pages/mfa-pages";

test("a wrong password shows an inline error and never echoes the password", async ({ page, loginPage }, testInfo) => {
  const account = await confirmedAccount("wrong");
  await loginPage.goto();
  await loginPage.signIn(account.email, "Not-The-Password-1");
  await expect(loginPage.error).toHaveText("The email or password is incorrect.");
  await expect(loginPage.form.getByLabel("Password")).toHaveValue("");
  await expect(page.locator("body")).not.toContainText("Not-The-Password-1");
  await snap(page, testInfo, "login-error");

  // Client-side validation with the server's schema, next to the field.
  await loginPage.form.getByLabel("Email").fill("not-an-email");
  await loginPage.form.getByRole("button", { name: "Sign in" }).click();
  await expect(loginPage.form.getByText("Enter a valid email address")).toBeVisible();
});

/**
 * A confirmed account an instance admin disabled through the admin API. The admin is granted as
 * `npm run admin:grant` does it (in the database), then adds an authenticator app, which raises
 * the session that confirms it to aal2, as every admin route requires.
 */
async function disabledAccount(tag: string): Promise<Account> {
  const [person, admin] = await Promise.all([confirmedAccount(tag), confirmedAccount(`${tag}-admin`)]);
  const database = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 55510}/app` });
  await database.connect();
  await database.query(`UPDATE users SET "instanceAdmin" = true WHERE email = $1`, [admin.email]).finally(() => database.end());
  const token = await apiLogin(admin);
  expect((await apiCall("POST", "/api/auth/check-password", token, { password: admin.password })).status).toBe(200);
  const setup = await apiCall("POST", "/api/auth/mfa/totp/setup", token);
  const app = new Authenticator(((await setup.json()) as { secret: string }).secret);
  expect((await apiCall("POST", "/api/auth/mfa/totp/enable", token, { code: await app.code() })).status).toBe(200);
  const found = (await (await apiCall("GET", `/api/admin/users?query=${encodeURIComponent(person.email)}`, token)).json()) as {
    items: { id: string }[];
  };
  const disabled = await apiCall("POST", `/api/admin/users/${found.items[0]!.id}/disable`, token, { reason: "e2e" });
  expect(disabled.status).toBe(200);
  return person;
}

test("a disabled account is told so by the sign-in form, inline, and no session opens", async ({ page, loginPage }) => {
  const account = await disabledAccount("disabled");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await expect(loginPage.error).toHaveText("This account has been disabled. Contact the administrators of this service.");
  await expect(loginPage.form.getByLabel("Password")).toHaveValue("");
  expect((await page.request.get("/api/auth/profile")).status()).toBe(401);
  // Auth.js's own redirect for it (a form posted without the page's action) says the same.
  await loginPage.goto("?error=CredentialsSignin&code=account_disabled");
  await expect(page.getByRole("alert").filter({ hasText: "This account has been disabled." })).toBeVisible();
});

test("a protected page sends a signed-out visitor to sign in and back again", async ({ page, loginPage, orgPages }) => {
  const account = await confirmedAccount("redirect");
  await page.goto("/organizations");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forganizations/);
  await loginPage.signIn(account.email, account.password);
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole("heading", { name: "Organizations", exact: true })).toBeVisible();

  // Signed in, the sign-in and sign-up pages step aside.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/profile$/);
  await page.goto("/signup");
  await expect(page).toHaveURL(/\/profile$/);
  await orgPages.gotoList();
});

test("the browser session is one of the account's sessions: the API sees it, and revoking it elsewhere ends it at once", async ({
  page,
  loginPage,
  profilePage,
}) => {
  const account = await confirmedAccount("revoke");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();

  // The Auth.js cookie authenticates API calls as the same user.
  const profile = await page.request.get("/api/auth/profile");
  expect(profile.status()).toBe(200);
  expect((await profile.json()).email).toBe(account.email);

  // Another device lists the sessions and revokes the browser's.
  const token = await apiLogin(account);
  const sessions = (await (await apiCall("GET", "/api/auth/sessions", token)).json()) as { items: { id: string; current: boolean }[] };
  const browser = sessions.items.find((s) => !s.current);
  expect(browser).toBeTruthy();
  expect((await apiCall("DELETE", `/api/auth/sessions/${browser!.id}`, token)).status).toBe(204);

  expect((await page.request.get("/api/auth/profile")).status()).toBe(401);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?.*reason=session_ended/);
  await expect(page.getByRole("status").filter({ hasText: "Your session has ended" })).toBeVisible();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
});

test("signing in works with the keyboard alone", async ({ page, profilePage }, testInfo) => {
  const account = await confirmedAccount("keyboard");
  await page.goto("/login");
  const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? "");
  for (let i = 0; i < 10 && (await focusedLabel()) !== "Email"; i++) await page.keyboard.press("Tab");
  expect(await focusedLabel()).toBe("Email");
  await page.keyboard.type(account.email);
  await page.keyboard.press("Tab");
  expect(await focusedLabel()).toBe("Password");
  await page.keyboard.type(account.password);
  await page.keyboard.press("Enter");
  await profilePage.expectLoaded();

  // The same page on a phone-sized screen, for the artifacts.
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, testInfo, "profile-mobile");
});
