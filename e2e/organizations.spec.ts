import { apiLogin, confirmedAccount, PASSWORD, uniqueEmail } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { linkIn, waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";
import { LoginPage } from "./pages/auth-pages";

test("create an organization, switch, invite a second user who accepts, create and revoke an API key", async ({
  page,
  browser,
  loginPage,
  orgPages,
}, testInfo) => {
  const owner = await confirmedAccount("owner", "Grace Hopper");
  const invitee = await confirmedAccount("invitee", "Alan Turing");

  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await page.waitForURL(/\/profile/);

  await orgPages.gotoList();
  await expect(page.getByRole("list", { name: "Your organizations" })).toContainText("Grace Hopper's Organization");
  await snap(page, testInfo, "organizations");
  await orgPages.create("Analytical Engines");
  await snap(page, testInfo, "organization-members");

  await orgPages.switchTo("Grace Hopper's Organization");
  await orgPages.switchTo("Analytical Engines");

  await orgPages.openTab("Invitations");
  await orgPages.invite(invitee.email, "admin");
  await expect(page.getByRole("row").filter({ hasText: invitee.email })).toContainText("pending");
  await snap(page, testInfo, "organization-invitations");

  // The invitee opens the emailed link in their own browser, signs in and accepts.
  const link = linkIn(await waitForEmail(invitee.email, /invited to join an organization/), "/invitations/");
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Join Analytical Engines" })).toBeVisible();
  await expect(inviteePage).toHaveURL(/\/invitations$/);
  await snap(inviteePage, testInfo, "invitation");
  await inviteePage.getByRole("link", { name: "Sign in to accept" }).click();
  await new LoginPage(inviteePage).signIn(invitee.email, invitee.password);
  // Back on the invitation, whose token left the address at once (it is in no later URL).
  await expect(inviteePage).toHaveURL(/\/invitations$/);
  await inviteePage.getByRole("button", { name: "Accept invitation to Analytical Engines" }).click();
  await expect(inviteePage.getByRole("heading", { level: 1, name: "Analytical Engines" })).toBeVisible();
  await expect(inviteePage.getByRole("row").filter({ hasText: invitee.email })).toContainText("admin");
  await inviteeContext.close();

  await orgPages.openTab("Members");
  await expect(page.getByRole("row").filter({ hasText: invitee.email })).toBeVisible();

  await orgPages.openTab("API keys");
  const secret = await orgPages.createApiKey("Reporting job", owner.password);
  expect(secret).toMatch(/^ak_/);
  await snap(page, testInfo, "organization-api-keys");

  // The key works, and shows in the list without its secret.
  const withKey = () => page.request.get("/api/organizations/current", { headers: { "x-api-key": secret } });
  expect((await withKey()).status()).toBe(200);
  await expect(orgPages.keyRow("Reporting job")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);

  page.once("dialog", (dialog) => void dialog.accept());
  await orgPages.keyRow("Reporting job").getByRole("button", { name: "Revoke Reporting job" }).click();
  await expect(orgPages.keyRow("Reporting job")).toHaveCount(0);
  expect((await withKey()).status()).toBe(401);

  await orgPages.openTab("Audit log");
  await expect(page.getByRole("table")).toContainText("api_key.deleted");
  await expect(page.getByRole("table")).toContainText("invitation.accepted");
  await snap(page, testInfo, "organization-audit-log");
});

test("someone without an account accepts an invitation by signing up from its link", async ({ page, signUpPage, loginPage }) => {
  const owner = await confirmedAccount("inviter", "Katherine Johnson");
  const newcomer = uniqueEmail("newcomer");
  const token = await apiLogin(owner);
  const invited = await fetch(`${process.env.E2E_BASE_URL}/api/organizations/current/invitations`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ email: newcomer, role: "member" }),
  });
  expect(invited.status).toBe(201);

  await page.goto(linkIn(await waitForEmail(newcomer, /invited to join/), "/invitations/"));
  await expect(page.getByRole("heading", { name: "Join Katherine Johnson's Organization" })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(signUpPage.form.getByLabel("Email")).toHaveValue(newcomer);
  await signUpPage.form.getByLabel("Full name").fill("Dorothy Vaughan");
  await signUpPage.form.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await signUpPage.form.getByLabel("Confirm password").fill(PASSWORD);
  await signUpPage.form.getByRole("button", { name: "Create account" }).click();

  // The link proved the address: no confirmation code, straight to sign-in.
  await expect(page).toHaveURL(/\/login\?.*registered=1/);
  await loginPage.signIn(newcomer, PASSWORD);
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole("list", { name: "Your organizations" })).toContainText("Katherine Johnson's Organization");
});

test("an owner renames an organization and deletes another with a password check", async ({ page, loginPage, orgPages }, testInfo) => {
  const owner = await confirmedAccount("settings", "Mary Jackson");
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await page.waitForURL(/\/profile/);
  await orgPages.gotoList();
  await orgPages.create("Wind Tunnel Group");

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  const settings = page.getByRole("form", { name: "Organization settings" });
  await settings.getByLabel("Organization name").fill("Supersonic Research");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Organization settings saved.");
  await expect(page.getByRole("heading", { level: 1, name: "Supersonic Research" })).toBeVisible();
  await snap(page, testInfo, "organization-settings");

  const danger = page.getByRole("form", { name: "Delete organization" });
  page.on("dialog", (dialog) => void dialog.accept());
  await danger.getByLabel("Your password").fill("Wrong-Password-42");
  await danger.getByRole("button", { name: "Delete organization" }).click();
  await expect(danger.getByRole("alert")).toHaveText("The password is incorrect.");
  await danger.getByLabel("Your password").fill(owner.password);
  await danger.getByRole("button", { name: "Delete organization" }).click();
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole("list", { name: "Your organizations" })).not.toContainText("Supersonic Research");
  await expect(page.getByRole("list", { name: "Your organizations" })).toContainText("Mary Jackson's Organization");
});
