import { confirmedAccount, NEW_PASSWORD } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { linkIn, waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";

test("forgot password: the emailed link sets a new password that signs in", async ({
  page,
  loginPage,
  forgotPasswordPage,
  resetPasswordPage,
  profilePage,
}, testInfo) => {
  const account = await confirmedAccount("reset");

  await loginPage.goto();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await forgotPasswordPage.request(account.email);
  await snap(page, testInfo, "forgot-password");

  const link = linkIn(await waitForEmail(account.email, /reset your password/i), "/reset-password/");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await snap(page, testInfo, "reset-password");

  // Mismatched confirmation is caught next to the field, by the server's own schema.
  await resetPasswordPage.form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await resetPasswordPage.form.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await resetPasswordPage.form.getByRole("button", { name: "Set new password" }).click();
  await expect(resetPasswordPage.form.getByText("The passwords do not match.")).toBeVisible();

  await resetPasswordPage.setPassword(NEW_PASSWORD);
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await loginPage.signIn(account.email, NEW_PASSWORD);
  await profilePage.expectLoaded();

  // The link is single-use: opening it again shows the problem before any form.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "invalid, was already used or has expired" })).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);
});
