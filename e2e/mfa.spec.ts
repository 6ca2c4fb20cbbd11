import { expect, test } from "./support/fixtures";
import { apiLogin, confirmedAccount, PASSWORD } from "./support/accounts";
import { linkIn, waitForEmail } from "./support/mail";
import { LoginPage } from "./pages/auth-pages";
import { Authenticator, MfaPolicySwitch, SecondStepPage, SecuritySection, turnOffApp } from "./pages/mfa-pages";

// Two-factor authentication in Chromium: enrolling from the profile (the key read from the page,
// codes computed with otpauth), signing in with password + code and with a recovery code, the
// second step with JavaScript off and after GitHub, and an organization's policy.

const base = () => process.env.E2E_BASE_URL!;

async function api(method: string, path: string, token: string, json?: unknown) {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { "content-type": "application/json" } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

test("enrol from the profile, then sign in with password + code, and with a recovery code", async ({ page, loginPage, profilePage }) => {
  const account = await confirmedAccount("mfa-enrol", "Katherine Johnson");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
  const { app, recoveryCodes } = await new SecuritySection(page).enrol(account.password);
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(new SecuritySection(page).section).toContainText("10 recovery codes left");
  // Shown once: they are gone from the page now.
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);

  await profilePage.signOut();
  const secondStep = new SecondStepPage(page);
  await loginPage.signIn(account.email, account.password);
  await secondStep.expectLoaded();
  // The password alone opened nothing.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.goBack();
  await secondStep.expectLoaded();
  await secondStep.enterCode("000000");
  await expect(secondStep.form.getByText("That code is wrong or was already used.")).toBeVisible();
  await secondStep.enterCode(await app.code());
  await profilePage.expectLoaded();

  await profilePage.signOut();
  await loginPage.signIn(account.email, account.password);
  await secondStep.expectLoaded();
  await secondStep.enterRecoveryCode(recoveryCodes[0]!);
  await profilePage.expectLoaded();
  await expect(new SecuritySection(page).section).toContainText("9 recovery codes left");
});

// Factor changes and other sessions (API.md): turning the app on offers to sign every other
// session out; removing it signs out the sessions that used it, whatever the box says.
test("turning the app on signs the other devices out; removing it ends the sessions that used it", async ({
  page,
  loginPage,
  profilePage,
}) => {
  const account = await confirmedAccount("mfa-devices", "Mary Jackson");
  const laptop = await apiLogin(account); // another device, password only
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
  const section = new SecuritySection(page);
  const { app } = await section.enrol(account.password, { signOutOthers: true });
  expect((await api("GET", "/api/auth/profile", laptop)).status).toBe(401);
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();

  // A phone signs in with the password and a code: its session used the app.
  const step = await fetch(`${base()}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const { mfaToken } = (await step.json()) as { mfaToken: string };
  const verified = await fetch(`${base()}/api/auth/mfa/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mfaToken, code: await app.code() }),
  });
  const phone = ((await verified.json()) as { access_token: string }).access_token;
  expect((await api("GET", "/api/auth/profile", phone)).status).toBe(200);

  // Removing the app with the box unticked still ends the phone's session (it used the app);
  // this browser stays signed in.
  await turnOffApp(section.section, account.password, { signOutOthers: false });
  await expect(section.section.getByRole("status").first()).toContainText("Two-factor authentication is off");
  expect((await api("GET", "/api/auth/profile", phone)).status).toBe(401);
  await page.reload();
  await profilePage.expectLoaded();
});

/** An account with an authenticator app, enrolled through the API. */
async function enrolledAccount(tag: string) {
  const account = await confirmedAccount(tag, "Dorothy Vaughan");
  const token = await apiLogin(account);
  expect((await api("POST", "/api/auth/check-password", token, { password: PASSWORD })).status).toBe(200);
  const setup = await api("POST", "/api/auth/mfa/totp/setup", token);
  const app = new Authenticator(setup.body!.secret as string);
  expect((await api("POST", "/api/auth/mfa/totp/enable", token, { code: await app.code() })).status).toBe(200);
  return { ...account, app, token };
}

test("the second step works with JavaScript turned off", async ({ browser }) => {
  const account = await enrolledAccount("mfa-nojs");
  // The password step (with scripts, as the sign-in form is today), then the second step in a
  // browser without JavaScript holding the same cookies.
  const withJs = await browser.newContext();
  const first = await withJs.newPage();
  await first.goto("/login");
  await new LoginPage(first).signIn(account.email, account.password);
  await new SecondStepPage(first).expectLoaded();
  const state = await withJs.storageState();
  await withJs.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await noJs.newPage();
  await page.goto("/two-factor");
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  await secondStep.enterCode("123456");
  await expect(secondStep.form.getByText("That code is wrong or was already used.")).toBeVisible();
  await secondStep.enterCode(await account.app.code());
  await expect(page).toHaveURL(/\/profile/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await noJs.close();
});

test("GitHub is only the first factor for an account with an authenticator app", async ({ page, loginPage, profilePage }) => {
  const account = await enrolledAccount("mfa-github");
  const res = await fetch(`${process.env.E2E_OAUTH_URL}/__identity`, {
    method: "POST",
    body: JSON.stringify({
      id: Math.floor(Math.random() * 1e9),
      login: account.email.split("@")[0],
      email: account.email,
      name: account.name,
      verified: true,
    }),
  });
  expect(res.ok).toBe(true);
  await loginPage.goto();
  await loginPage.continueWith("GitHub");
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  // No session before the second step.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.goto("/two-factor");
  await secondStep.enterCode(await account.app.code());
  await profilePage.expectLoaded();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue(account.name);
});

test("an owner requires two-factor authentication and a member without a factor is sent to enrol", async ({
  page,
  browser,
  loginPage,
  profilePage,
}) => {
  const owner = await enrolledAccount("mfa-owner");
  const member = await confirmedAccount("mfa-member", "Mary Jackson");
  // The member joins the owner's organization through an invitation.
  const orgs = await api("GET", "/api/organizations", owner.token);
  const org = (orgs.body!.items as { id: string; name: string }[])[0]!;
  expect((await api("POST", `/api/organizations/${org.id}/invitations`, owner.token, { email: member.email, role: "member" })).status).toBe(
    201,
  );
  const token = linkIn(await waitForEmail(member.email, /invited to join/), "/invitations/").split("/invitations/")[1]!;
  expect((await api("POST", `/api/invitations/${token}/accept`, await apiLogin(member))).status).toBe(200);

  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  await secondStep.enterCode(await owner.app.code());
  await profilePage.expectLoaded();
  await page.goto(`/organizations/${org.id}/settings`);
  const policy = new MfaPolicySwitch(page);
  await policy.turnOn(owner.password);
  await expect(policy.form.getByRole("status")).toContainText("Members now need two-factor authentication");

  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto("/login");
  await new LoginPage(memberPage).signIn(member.email, member.password);
  await expect(memberPage).toHaveURL(/\/profile/);
  await memberPage.goto(`/organizations/${org.id}`);
  await expect(memberPage).toHaveURL(/\/profile\?mfaRequiredBy=/);
  await expect(memberPage.getByRole("alert").filter({ hasText: org.name })).toContainText("requires two-factor authentication");
  await expect(new SecuritySection(memberPage).section.getByRole("form", { name: "Set up an authenticator app" })).toBeVisible();
  await memberContext.close();
});
