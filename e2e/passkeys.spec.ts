import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { apiLogin, confirmedAccount } from "./support/accounts";
import { MfaPolicySwitch, SecondStepPage } from "./pages/mfa-pages";
import { PasskeysSection, VirtualAuthenticator } from "./pages/passkey-pages";

// Passkeys in Chromium with its virtual authenticator: a person adds one from the profile, signs
// out, signs in with the passkey alone (no password), uses it as the second factor after the
// password, and removes it.

/**
 * A browser without passkey autofill (conditional mediation): Chromium's virtual authenticator
 * answers the sign-in page's pending autofill request by itself, which would sign in before the
 * test could click anything. The autofill has its own test below.
 */
async function withoutAutofill(page: Page) {
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
}

test("add a passkey from the profile, sign in with it alone, use it as the second step, remove it", async ({
  page,
  loginPage,
  profilePage,
}) => {
  await withoutAutofill(page);
  const authenticator = await VirtualAuthenticator.attach(page);
  const account = await confirmedAccount("passkey", "Grace Hopper");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();

  const passkeys = new PasskeysSection(page);
  const recoveryCodes = await passkeys.add(account.password);
  // The first factor of the account: recovery codes, and a name after the device.
  expect(recoveryCodes).toHaveLength(10);
  await expect(passkeys.item(/Chrome on Linux/)).toContainText("Last used never");
  expect(await authenticator.credentials()).toHaveLength(1);

  // Signed out, the passkey alone signs in.
  await profilePage.signOut();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await profilePage.expectLoaded();
  await expect(passkeys.item(/Chrome on Linux/)).not.toContainText("Last used never");

  // After the password, the passkey is the second step.
  await profilePage.signOut();
  await loginPage.signIn(account.email, account.password);
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await profilePage.expectLoaded();

  // Rename, then remove: the password alone signs in again.
  const item = passkeys.item(/Chrome on Linux/);
  await item.getByText("Rename", { exact: true }).click();
  await item.getByLabel("New name").fill("Work laptop");
  await item.getByRole("button", { name: "Save name" }).click();
  await expect(passkeys.item("Work laptop")).toBeVisible();
  await passkeys.remove("Work laptop", account.password);
  await expect(passkeys.section.getByText("No passkeys yet.")).toBeVisible();
  await profilePage.signOut();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
});

test("passkey autofill: the email field offers the passkey, which signs in without a password", async ({
  page,
  loginPage,
  profilePage,
}) => {
  const authenticator = await VirtualAuthenticator.attach(page);
  const account = await confirmedAccount("passkey-autofill", "Mary Jackson");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
  await new PasskeysSection(page).add(account.password);
  expect(await authenticator.credentials()).toHaveLength(1);
  // Signed out, the sign-in page starts a conditional request behind the email field; the
  // virtual authenticator answers it as a person picking the passkey from the field's
  // suggestions would. Nothing is clicked or typed: only the autofill request can sign in.
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
  });
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect.poll(() => visited.includes("/login") && visited.at(-1) === "/profile").toBe(true);
  await profilePage.expectLoaded();
});

test("a cancelled or unavailable passkey prompt says so on the sign-in page", async ({ page, loginPage }) => {
  // No authenticator holds a passkey for this site: Chromium's prompt ends as NotAllowedError.
  await VirtualAuthenticator.attach(page);
  await loginPage.goto();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "No passkey was used" })).toBeVisible();
});

test("the session that adds the first passkey has used it: an organization requiring two factors lets it in", async ({
  page,
  loginPage,
  profilePage,
}) => {
  await withoutAutofill(page);
  await VirtualAuthenticator.attach(page);
  const owner = await confirmedAccount("passkey-policy", "Annie Easley");
  const orgs = await fetch(`${process.env.E2E_BASE_URL}/api/organizations`, {
    headers: { authorization: `Bearer ${await apiLogin(owner)}` },
  });
  const org = ((await orgs.json()) as { items: { id: string; name: string }[] }).items[0]!;
  // Signed in with the password, the owner adds a passkey: this session has now used both factors.
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await profilePage.expectLoaded();
  await new PasskeysSection(page).add(owner.password);
  await page.goto(`/organizations/${org.id}/settings`);
  await new MfaPolicySwitch(page).turnOn(owner.password);
  await page.goto(`/organizations/${org.id}`);
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();

  // A fresh sign-in with the password alone is asked for the passkey before the organization opens.
  await page.context().clearCookies();
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await expect(page).toHaveURL(/\/two-factor/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).not.toHaveURL(/\/two-factor/);
  await page.goto(`/organizations/${org.id}`);
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
});
