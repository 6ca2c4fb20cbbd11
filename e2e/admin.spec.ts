import type { Locator } from "@playwright/test";
import { AdminUserPage, AdminUsersPage } from "./pages/admin-pages";
import { LoginPage } from "./pages/auth-pages";
import { SecuritySection } from "./pages/mfa-pages";
import { ProfilePage } from "./pages/profile-page";
import { apiCall, apiLogin, confirmedAccount, PASSWORD } from "./support/accounts";
import {
  signInWithCode,
  signInWithCodeWithoutScripts,
  submitAndLoad as submitAndLoadOn,
  withAuthenticatorApp,
} from "./support/admin-sign-in";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { grantInstanceAdmin } from "./support/instance-admin";
import { waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";

// The /admin pages in Chromium: an instance admin (granted with `npm run admin:grant`, signed in
// with password + authenticator code) finds a person and resets their lost second factor, with a
// reason and a confirmation; the person then signs in with the password alone and sets up a new
// one. Nobody else finds the pages at all; an admin who cannot use them yet is told why. The
// disable form works with JavaScript off. Every page state met is checked with axe.

const base = () => process.env.E2E_BASE_URL!;

const passwordLogin = (email: string) =>
  fetch(`${base()}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });

test("an admin resets a person's lost second factor; the person signs in with the password alone and sets up a new one", async ({
  page,
  browser,
}, testInfo) => {
  const person = await confirmedAccount("admin-target", "Grace Hopper");
  const { token: personDevice } = await withAuthenticatorApp(person);
  const admin = await confirmedAccount("admin", "Frances Allen");
  await grantInstanceAdmin(admin.email);
  const { app } = await withAuthenticatorApp(admin);
  await signInWithCode(page, admin, app);

  // The header offers the pages to an admin.
  await page.getByRole("banner").getByRole("link", { name: "Admin" }).click();
  const users = new AdminUsersPage(page);
  await users.expectLoaded();
  await expectAccessible(page, "/admin");

  // Any part of the address, in any case.
  const part = person.email.split("@")[0]!.toUpperCase();
  await users.find(part);
  await expect(users.results.getByRole("row")).toHaveCount(2); // the heading row and the person
  await expect(users.row(person.email)).toContainText("Grace Hopper");
  await expect(users.row(person.email).getByRole("cell").nth(4)).toHaveText("On");
  await expectAccessible(page, "/admin?query=…");
  await snap(page, testInfo, "admin-users");

  await users.open(person.email);
  const detail = new AdminUserPage(page);
  await expect(detail.section("Second factor")).toContainText("On since");
  await expect(detail.section("Sessions").getByRole("table", { name: "Open sessions" })).toBeVisible();
  await expectAccessible(page, "/admin/users/{id}");

  // The reason is required (blank after trimming is no reason), and nothing happens before the confirmation.
  await detail.review("resetFactor", "   ");
  await expect(detail.form("resetFactor").getByText("Say why.")).toBeVisible();
  await expect(detail.form("resetFactor").getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "/admin/users/{id} with a missing reason");
  const reason = "Lost phone: ticket #4711, identity checked on a video call";
  await detail.review("resetFactor", reason);
  await expect(detail.form("resetFactor")).toContainText(`Reason: ${reason}`);
  await expectAccessible(page, "/admin/users/{id} confirming a reset");
  await snap(page, testInfo, "admin-user-confirming");
  expect((await apiCall("GET", "/api/auth/profile", personDevice)).status).toBe(200);
  await detail.confirm("resetFactor");

  await expect(detail.section("Second factor").getByRole("status")).toContainText("Second factor reset");
  await expect(detail.section("Second factor")).toContainText("No second factor to reset.");
  await expect(detail.section("Second factor")).toContainText("Recovery codes left0");
  await expect(detail.section("Sessions")).toContainText("No open sessions.");
  await expect(detail.event("admin.mfa_reset")).toContainText(reason);
  await expect(detail.event("admin.mfa_reset")).toContainText(admin.email);
  await expectAccessible(page, "/admin/users/{id} after a reset");
  await snap(page, testInfo, "admin-user-after-reset");
  // Every session ended, and the person was told.
  expect((await apiCall("GET", "/api/auth/profile", personDevice)).status).toBe(401);
  await waitForEmail(person.email, /reset by an administrator/);

  // The person's own organization does not require a second factor: the password alone signs
  // them in, straight to the profile, where the security section offers a new app.
  const context = await browser.newContext();
  const personPage = await context.newPage();
  const login = new LoginPage(personPage);
  await login.goto();
  await login.signIn(person.email, person.password);
  await new ProfilePage(personPage).expectLoaded();
  const security = new SecuritySection(personPage);
  await expect(security.section.getByRole("form", { name: "Set up an authenticator app" })).toBeVisible();
  await security.enrol(person.password);
  await context.close();
});

test("nobody but an admin finds /admin; an admin without a second factor, or on a password-only session, is told what to do", async ({
  page,
  browser,
}) => {
  // Signed out: not found (no sign-in page that would say something is there).
  const person = await confirmedAccount("admin-nobody");
  const personId = ((await (await apiCall("GET", "/api/auth/profile", await apiLogin(person))).json()) as { id: string }).id;
  for (const path of ["/admin", `/admin/users/${personId}`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }

  // Signed in, not an admin: no link, and not found either.
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(person.email, person.password);
  await new ProfilePage(page).expectLoaded();
  await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
  for (const path of ["/admin", `/admin/users/${personId}`, "/admin/users/not-an-id"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await expectAccessible(page, "/admin, not found");
  await new ProfilePage(page).goto();
  await new ProfilePage(page).signOut();

  // An admin with no second factor: told to add one; the session that adds it opens the pages.
  const admin = await confirmedAccount("admin-nofactor");
  await grantInstanceAdmin(admin.email);
  await login.goto();
  await login.signIn(admin.email, admin.password);
  await new ProfilePage(page).expectLoaded();
  await page.getByRole("banner").getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a second factor first" })).toBeVisible();
  await expectAccessible(page, "/admin without a second factor");
  await page.getByRole("link", { name: "Add a second factor" }).click();
  await new ProfilePage(page).expectLoaded();
  await expect(page).toHaveURL(/#security$/);
  await new SecuritySection(page).enrol(admin.password);
  await page.goto("/admin");
  await new AdminUsersPage(page).expectLoaded();

  // An admin whose session was opened with the password alone, before the factor existed: told
  // to use it, and the raise page brings them back.
  const other = await confirmedAccount("admin-aal1");
  await grantInstanceAdmin(other.email);
  const context = await browser.newContext();
  const otherPage = await context.newPage();
  const otherLogin = new LoginPage(otherPage);
  await otherLogin.goto();
  await otherLogin.signIn(other.email, other.password);
  await new ProfilePage(otherPage).expectLoaded();
  const { app } = await withAuthenticatorApp(other);
  await otherPage.goto(`/admin/users/${personId}`);
  await expect(otherPage.getByRole("heading", { level: 1, name: "Sign in with your second factor" })).toBeVisible();
  await expectAccessible(otherPage, "/admin/users/{id} on a password-only session");
  await otherPage.getByRole("link", { name: "Confirm with your second factor" }).click();
  const raise = otherPage.getByRole("form", { name: "Confirm with a code" });
  await raise.getByLabel("6-digit code").fill(await app.code());
  await raise.getByRole("button", { name: "Continue" }).click();
  await expect(otherPage).toHaveURL(new RegExp(`/admin/users/${personId}$`));
  await expect(otherPage.getByRole("heading", { level: 1, name: person.email })).toBeVisible();
  await context.close();
});

test("without JavaScript an admin disables an account, with a reason and a confirmation, and enables it again", async ({ browser }) => {
  const person = await confirmedAccount("admin-nojs-target");
  const admin = await confirmedAccount("admin-nojs");
  await grantInstanceAdmin(admin.email);
  const { app } = await withAuthenticatorApp(admin);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const submitAndLoad = (button: Locator) => submitAndLoadOn(page, button);
  await signInWithCodeWithoutScripts(page, admin, app);

  // The search is a GET form.
  await page.goto("/admin");
  const users = new AdminUsersPage(page);
  await users.search.getByLabel("Email or name").fill(person.email);
  await submitAndLoad(users.search.getByRole("button", { name: "Search" }));
  await submitAndLoad(users.row(person.email).getByRole("link", { name: person.email }));
  const detail = new AdminUserPage(page);
  const disable = detail.form("disable");
  // Posted from the server's HTML (never a GET with the reason in the URL).
  await expect(disable).toHaveAttribute("method", /^post$/i);
  await expect(disable.locator('input[type="hidden"][name^="$ACTION_"]')).not.toHaveCount(0);

  await disable.getByLabel("Reason").fill("  ");
  await submitAndLoad(disable.getByRole("button", { name: "Disable account…" }));
  await expect(disable.getByText("Say why.")).toBeVisible();

  // Reviewing changes nothing, and Cancel goes back.
  const reason = "Abuse report #12: bulk sign-ups";
  await disable.getByLabel("Reason").fill(reason);
  await submitAndLoad(disable.getByRole("button", { name: "Disable account…" }));
  await expect(disable.getByText("Confirm:")).toBeVisible();
  expect((await passwordLogin(person.email)).status).toBe(200);
  await submitAndLoad(disable.getByRole("link", { name: "Cancel" }));
  await expect(disable.getByLabel("Reason")).toBeVisible();

  await disable.getByLabel("Reason").fill(reason);
  await submitAndLoad(disable.getByRole("button", { name: "Disable account…" }));
  await submitAndLoad(disable.getByRole("button", { name: "Disable account", exact: true }));
  const state = detail.section("State");
  await expect(state.getByRole("status")).toContainText("Account disabled");
  await expect(state).toContainText(`Reason${reason}`);
  await expect(detail.event("admin.user_disabled")).toContainText(reason);
  const refused = await passwordLogin(person.email);
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe("account_disabled");

  const enable = detail.form("enable");
  await enable.getByLabel("Reason").fill("Report #12 was a mistake");
  await submitAndLoad(enable.getByRole("button", { name: "Enable account…" }));
  await submitAndLoad(enable.getByRole("button", { name: "Enable account", exact: true }));
  await expect(state.getByRole("status")).toContainText("Account enabled");
  await expect(detail.form("disable")).toBeVisible();
  await expect(detail.event("admin.user_enabled")).toContainText("Report #12 was a mistake");
  expect((await passwordLogin(person.email)).status).toBe(200);
  await context.close();
});

test("an admin signs in as a person to help, cannot touch their password, ends it from the banner, then deletes the account", async ({
  page,
}, testInfo) => {
  const person = await confirmedAccount("admin-impersonated", "Ada Lovelace");
  const personId = ((await (await apiCall("GET", "/api/auth/profile", await apiLogin(person))).json()) as { id: string }).id;
  const admin = await confirmedAccount("admin-support", "Margaret Hamilton");
  await grantInstanceAdmin(admin.email);
  const { app } = await withAuthenticatorApp(admin);
  await signInWithCode(page, admin, app);

  await page.goto(`/admin/users/${personId}`);
  const detail = new AdminUserPage(page);
  const reason = "Ticket #5150: cannot find the members page";
  await detail.review("impersonate", reason);
  await expect(detail.form("impersonate")).toContainText("at most 30 minutes");
  await detail.confirm("impersonate");

  // Every page says whose account this is.
  const profile = new ProfilePage(page);
  await profile.expectLoaded();
  const banner = page.getByRole("status").filter({ hasText: "You are signed in as" });
  await expect(banner).toContainText(person.email);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, "/profile while impersonating");
  await snap(page, testInfo, "impersonation-banner");
  await page.goto("/organizations");
  await expect(banner).toContainText(person.email);

  // Their password is theirs alone.
  await profile.goto();
  await profile.changePassword(person.password, "Another-Horse-88");
  await expect(profile.passwordForm.getByText(/signed in as this person by an administrator/)).toBeVisible();
  expect((await passwordLogin(person.email)).status).toBe(200); // the old password still works

  // End: the support session is over and the admin is back on the person's page, as themselves.
  await banner.getByRole("button", { name: "End" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${personId}$`));
  await expect(page.getByRole("heading", { level: 1, name: person.email })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "You are signed in as" })).toHaveCount(0);
  await expect(detail.event("admin.impersonation_started")).toContainText(reason);

  // Deleting: reason, confirmation, and the account is gone.
  await detail.run("delete", "Asked to be forgotten: ticket #5151");
  await expect(page).toHaveURL(/\/admin\?deleted=1$/);
  await expect(page.getByRole("status")).toContainText("The account was deleted");
  expect((await passwordLogin(person.email)).status).toBe(401);
  await expectAccessible(page, "/admin after a deletion");
});
