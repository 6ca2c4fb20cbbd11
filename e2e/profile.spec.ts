import { confirmedAccount, uniqueEmail } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { codeIn, waitForEmail } from "./support/mail";

test("changing the email address takes effect only once the new address is confirmed", async ({
  page,
  loginPage,
  profilePage,
  confirmPage,
}) => {
  const account = await confirmedAccount("email-change");
  const newEmail = uniqueEmail("new-address");
  await loginPage.goto();
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();

  // The wrong password is refused next to the form, and never put back in the field.
  await profilePage.emailForm.getByLabel("Email").fill(newEmail);
  await profilePage.emailForm.getByLabel("Current password").fill("Not-My-Password-9");
  await profilePage.emailForm.getByRole("button", { name: "Change email" }).click();
  await expect(profilePage.emailForm.getByRole("alert")).toHaveText("The password is incorrect.");
  await expect(profilePage.emailForm.getByLabel("Current password")).toHaveValue("");

  await profilePage.emailForm.getByLabel("Current password").fill(account.password);
  await profilePage.emailForm.getByRole("button", { name: "Change email" }).click();
  await expect(profilePage.emailForm.getByRole("status")).toContainText(`We sent a code and a link to ${newEmail}`);
  // Until it is confirmed the old address stays.
  expect((await (await page.request.get("/api/auth/profile")).json()).email).toBe(account.email);

  await profilePage.emailForm.getByRole("link", { name: `Enter the code sent to ${newEmail}` }).click();
  await confirmPage.expectLoaded();
  await expect(confirmPage.form.getByLabel("Email")).toHaveValue(newEmail);
  await confirmPage.enterCode(codeIn(await waitForEmail(newEmail, /confirm your new email/i)));
  await expect(page.getByRole("status").filter({ hasText: "Your new email address is confirmed." })).toBeVisible();
  await expect(page.getByText(`Signed in as ${newEmail}`)).toBeVisible();
});
