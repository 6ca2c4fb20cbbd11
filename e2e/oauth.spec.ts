import { expect, test } from "./support/fixtures";
import { confirmedAccount, uniqueEmail } from "./support/accounts";

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
