import { expect, test } from "./support/fixtures";
import { confirmedAccount } from "./support/accounts";
import { SecondStepPage } from "./pages/mfa-pages";
import { PasskeysSection, VirtualAuthenticator } from "./pages/passkey-pages";

// Passkeys in Chromium with its virtual authenticator: a person adds one from the profile, signs
// out, signs in with the passkey alone (no password), uses it as the second factor after the
// password, and removes it.

test("add a passkey from the profile, sign in with it alone, use it as the second step, remove it", async ({ page, loginPage, profilePage }) => {
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

  // After the password, the passkey is the second step. (The authenticator stays silent while
  // the password is typed, or it would answer the email field's passkey autofill at once.)
  await profilePage.signOut();
  await authenticator.answerRequests(false);
  await loginPage.signIn(account.email, account.password);
  const secondStep = new SecondStepPage(page);
  await secondStep.expectLoaded();
  await authenticator.answerRequests(true);
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

test("passkey autofill: the email field offers the passkey, which signs in without a password", async ({ page, loginPage, profilePage }) => {
  const authenticator = await VirtualAuthenticator.attach(page);
  const account = await confirmedAccount("passkey-autofill", "Mary Jackson");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
  await new PasskeysSection(page).add(account.password);
  await authenticator.answerRequests(false);
  await profilePage.signOut();
  // The page's pending conditional request is answered as if the person picked the passkey.
  await expect(loginPage.form.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
  await authenticator.answerRequests(true);
  await loginPage.form.getByLabel("Email").click();
  await profilePage.expectLoaded();
});

test("a cancelled or unavailable passkey prompt says so on the sign-in page", async ({ page, loginPage }) => {
  // No authenticator holds a passkey for this site: Chromium's prompt ends as NotAllowedError.
  await VirtualAuthenticator.attach(page);
  await loginPage.goto();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "No passkey was used" })).toBeVisible();
});
