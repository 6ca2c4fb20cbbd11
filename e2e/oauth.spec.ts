import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { apiLogin, confirmedAccount, uniqueEmail } from "./support/accounts";
import { waitForEmail } from "./support/mail";

// "Continue with GitHub" against the local GitHub stand-in: Auth.js's real GitHub provider runs
// the whole authorization-code flow, and the stand-in decides who the provider says you are.

async function providerSays(identity: { email: string; name: string; verified: boolean; id?: number }) {
  const res = await fetch(`${process.env.E2E_OAUTH_URL}/__identity`, {
    method: "POST",
    body: JSON.stringify({ id: identity.id ?? Math.floor(Math.random() * 1e9), login: identity.email.split("@")[0], ...identity }),
  });
  expect(res.ok).toBe(true);
}

test("a newcomer signs in with GitHub and gets a confirmed account with an organization", async ({ page, loginPage, profilePage }) => {
  const email = uniqueEmail("github-new");
  await providerSays({ email, name: "Grace Hopper", verified: true });
  await loginPage.goto();
  await loginPage.continueWith("GitHub");
  await profilePage.expectLoaded();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Grace Hopper");
  await page.goto("/organizations");
  await expect(page.getByRole("link", { name: "Grace Hopper's Organization" })).toBeVisible();
});

test("a verified GitHub address signs in to the existing account with that address", async ({ loginPage, profilePage }) => {
  const account = await confirmedAccount("github-link", "Ada Lovelace");
  await providerSays({ email: account.email, name: "Someone Else", verified: true });
  await loginPage.goto();
  await loginPage.continueWith("GitHub");
  await profilePage.expectLoaded();
  // The existing account, not a new one named after the GitHub profile.
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Ada Lovelace");
});

test("an address GitHub has not verified is refused and links nothing", async ({ page, loginPage }) => {
  const account = await confirmedAccount("github-unverified", "Alan Turing");
  await providerSays({ email: account.email, name: "Impostor", verified: false });
  await loginPage.goto();
  await loginPage.continueWith("GitHub");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText(/not verified with the provider/)).toBeVisible();
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

// Issue 12, item 2: an OAuth sign-in in a browser whose cookie outlived its session.

/**
 * What "Continue with GitHub" does, from whatever page the browser shows: a laptop whose cookie
 * outlived its session is not shown the sign-in page (the app clears the dead cookie on the way
 * there), but Auth.js's sign-in endpoint takes the same request from any page of the site. Like
 * the button's server action, it asks Auth.js for the provider's URL and then goes there.
 */
async function continueWithFromCurrentPage(page: Page, provider: string) {
  await page.evaluate(async (id) => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await fetch(`/api/auth/signin/${id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/profile" }),
    });
    window.location.href = ((await res.json()) as { url: string }).url;
  }, provider);
}

async function logOutEverywhere(account: { email: string; password: string }) {
  const token = await apiLogin(account);
  const res = await fetch(`${process.env.E2E_BASE_URL}/api/auth/logout`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ allSessions: true }),
  });
  expect(res.status).toBe(204);
}

test("after logging out everywhere, the attacker's GitHub on the owner's laptop gets only the attacker's own account", async ({
  page,
  browser,
  loginPage,
  profilePage,
}) => {
  const owner = await confirmedAccount("laptop-owner", "Laptop Owner");
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await profilePage.expectLoaded();

  // From another device: log out all sessions. The laptop's cookie now gets 401.
  await logOutEverywhere(owner);
  expect((await page.request.get("/api/auth/profile")).status()).toBe(401);

  // On the laptop, "Continue with GitHub" as the attacker's GitHub account.
  const attacker = uniqueEmail("laptop-attacker");
  await providerSays({ email: attacker, name: "Attacker", verified: true, id: 990_000_001 + Math.floor(Math.random() * 1e6) });
  // (A public page that does not send a dead cookie to sign in; API responses forbid scripts.)
  await page.goto("/docs/api");
  await continueWithFromCurrentPage(page, "github");
  await profilePage.expectLoaded();
  await expect(page.getByText(`Signed in as ${attacker}`)).toBeVisible();
  const profile = await page.request.get("/api/auth/profile");
  expect((await profile.json()).email).toBe(attacker);

  // A fresh browser signing in with the attacker's GitHub lands in the attacker's account too.
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto("/login");
  await freshPage.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(freshPage).toHaveURL(/\/profile/);
  expect((await (await freshPage.request.get("/api/auth/profile")).json()).email).toBe(attacker);
  await fresh.close();

  // And the owner's password still opens the owner's account, with no GitHub connected.
  await page.context().clearCookies();
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await profilePage.expectLoaded();
  await expect(page.getByRole("list", { name: "Connected accounts" })).toHaveCount(0);
});

test("connecting GitHub from the profile needs the password, tells the owner, and can be undone", async ({
  page,
  browser,
  loginPage,
  profilePage,
}) => {
  const owner = await confirmedAccount("connect-owner", "Connect Owner");
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await profilePage.expectLoaded();

  const github = {
    email: uniqueEmail("connect-gh"),
    name: "Owner On GitHub",
    verified: true,
    id: 980_000_001 + Math.floor(Math.random() * 1e6),
  };
  await providerSays(github);
  const connect = page.getByRole("form", { name: "Connect GitHub" });
  await connect.getByLabel("Current password").fill("Wrong-Password-00");
  await connect.getByRole("button", { name: "Connect GitHub" }).click();
  await expect(connect.getByRole("alert")).toContainText(/incorrect/i);

  await connect.getByLabel("Current password").fill(owner.password);
  await connect.getByRole("button", { name: "Connect GitHub" }).click();
  await expect(page).toHaveURL(/\/profile\?linked=github/);
  await expect(page.getByRole("status").filter({ hasText: "GitHub is now connected" })).toBeVisible();
  const connected = page.getByRole("list", { name: "Connected accounts" });
  await expect(connected.locator("summary", { hasText: "GitHub" })).toBeVisible();
  const notice = await waitForEmail(owner.email, /GitHub was connected/);
  expect(notice.text).toContain(github.email);

  // A fresh browser with that GitHub account signs in to the owner's account.
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto("/login");
  await freshPage.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(freshPage).toHaveURL(/\/profile/);
  await expect(freshPage.getByText(`Signed in as ${owner.email}`)).toBeVisible();
  await fresh.close();

  // Removing it (the account still has its password; connecting opened the step-up window) stops that.
  await connected.locator("summary", { hasText: "GitHub" }).click();
  await connected.getByRole("button", { name: "Remove GitHub" }).click();
  await expect(page.getByRole("list", { name: "Connected accounts" })).toHaveCount(0);
  await waitForEmail(owner.email, /GitHub was removed/);
});

// Google, through the local OpenID Connect stand-in: the real Auth.js Google provider discovers
// it, exchanges the code and validates the id_token it signs.

async function googleSays(identity: { email: string; name: string; email_verified: boolean }) {
  const res = await fetch(`${process.env.E2E_GOOGLE_URL}/__identity`, {
    method: "POST",
    body: JSON.stringify({ sub: String(Math.floor(Math.random() * 1e15)), ...identity }),
  });
  expect(res.ok).toBe(true);
}

test("a newcomer signs in with Google and gets a confirmed account with an organization", async ({ page, loginPage, profilePage }) => {
  const email = uniqueEmail("google-new");
  await googleSays({ email, name: "Mary Jackson", email_verified: true });
  await loginPage.goto();
  await loginPage.continueWith("Google");
  await profilePage.expectLoaded();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Mary Jackson");
  await page.goto("/organizations");
  await expect(page.getByRole("link", { name: "Mary Jackson's Organization" })).toBeVisible();
});

test("Google links to an existing account only through a verified address", async ({ page, loginPage, profilePage }) => {
  const account = await confirmedAccount("google-link", "Dorothy Vaughan");
  await googleSays({ email: account.email, name: "Impostor", email_verified: false });
  await loginPage.goto();
  await loginPage.continueWith("Google");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText(/not verified with the provider/)).toBeVisible();

  await googleSays({ email: account.email, name: "Dorothy on Google", email_verified: true });
  await loginPage.continueWith("Google");
  await profilePage.expectLoaded();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Dorothy Vaughan");
  await expect(page.getByRole("list", { name: "Connected accounts" }).locator("summary", { hasText: "Google" })).toBeVisible();
  await waitForEmail(account.email, /Google was connected/);
});
