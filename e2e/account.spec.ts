import { NEW_PASSWORD, PASSWORD, uniqueEmail } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { codeIn, linkIn, waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";

test("a new user signs up, confirms with the emailed code, edits the profile, changes the password and signs out", async ({
  page,
  signUpPage,
  confirmPage,
  loginPage,
  profilePage,
}, testInfo) => {
  const email = uniqueEmail("signup");

  await signUpPage.goto();
  await snap(page, testInfo, "signup");
  await signUpPage.signUp({ name: "Ada Lovelace", email, password: PASSWORD });

  await confirmPage.expectLoaded();
  await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();
  await snap(page, testInfo, "confirm");
  await confirmPage.enterCode(codeIn(await waitForEmail(email, /confirmation code/i)));

  await expect(page).toHaveURL(/\/login\?verified=1/);
  await expect(page.getByRole("status").filter({ hasText: "email address is confirmed" })).toBeVisible();
  await expect(loginPage.form.getByLabel("Email")).toHaveValue(email);
  await snap(page, testInfo, "login");
  await loginPage.signIn(email, PASSWORD);

  await profilePage.expectLoaded();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await expect(profilePage.sessions.getByText("This device")).toBeVisible();
  await profilePage.rename("Ada King");
  await page.reload();
  await expect(profilePage.nameForm.getByLabel("Full name")).toHaveValue("Ada King");
  await snap(page, testInfo, "profile");

  // The policy runs in the browser with the server's schema: a weak password never leaves the page.
  await profilePage.changePassword(PASSWORD, "password1");
  await expect(profilePage.passwordForm.getByText(/upper-case letter|too easy to guess/)).toBeVisible();

  await profilePage.changePassword(PASSWORD, NEW_PASSWORD);
  await expect(profilePage.passwordForm.getByRole("status")).toContainText("Your password was changed");
  // This browser's session survives its own password change.
  await page.reload();
  await profilePage.expectLoaded();

  await profilePage.signOut();
  await expect(page.getByRole("status").filter({ hasText: "You are signed out" })).toBeVisible();
  // Signed out means the session is gone, not just the cookie hidden: the profile is out of reach.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fprofile/);

  await loginPage.signIn(email, PASSWORD);
  await expect(loginPage.error).toHaveText("The email or password is incorrect.");
  await loginPage.signIn(email, NEW_PASSWORD);
  await profilePage.expectLoaded();
});

test("the confirmation link in the email confirms the address and lands on sign-in", async ({ page, loginPage, profilePage }) => {
  const email = uniqueEmail("link");
  const registered = await fetch(`${process.env.E2E_BASE_URL}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, name: "Linus Link" }),
  });
  expect(registered.status).toBe(201);

  // Before confirming, sign-in explains what to do instead of failing vaguely.
  await loginPage.goto();
  await loginPage.signIn(email, PASSWORD);
  await expect(loginPage.error).toContainText("Confirm your email address first");
  await expect(loginPage.form.getByRole("link", { name: "Enter your confirmation code" })).toBeVisible();

  await page.goto(linkIn(await waitForEmail(email, /confirmation code/i), "/api/auth/verify-email/"));
  await expect(page).toHaveURL(/\/login\?verified=1/);
  await expect(page.getByRole("status").filter({ hasText: "email address is confirmed" })).toBeVisible();
  await loginPage.signIn(email, PASSWORD);
  await profilePage.expectLoaded();
});
