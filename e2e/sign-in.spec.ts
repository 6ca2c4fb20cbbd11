import { apiCall, apiLogin, confirmedAccount } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { snap } from "./support/screenshots";

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
