import { test as base, expect } from "@playwright/test";
import { ConfirmPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignUpPage } from "../pages/auth-pages";
import { OrganizationPages } from "../pages/organization-pages";
import { ProfilePage } from "../pages/profile-page";

// Page objects as fixtures, so tests read as what a person does.
export interface PageObjects {
  signUpPage: SignUpPage;
  confirmPage: ConfirmPage;
  loginPage: LoginPage;
  forgotPasswordPage: ForgotPasswordPage;
  resetPasswordPage: ResetPasswordPage;
  profilePage: ProfilePage;
  orgPages: OrganizationPages;
}

export const test = base.extend<PageObjects>({
  signUpPage: async ({ page }, use) => use(new SignUpPage(page)),
  confirmPage: async ({ page }, use) => use(new ConfirmPage(page)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  forgotPasswordPage: async ({ page }, use) => use(new ForgotPasswordPage(page)),
  resetPasswordPage: async ({ page }, use) => use(new ResetPasswordPage(page)),
  profilePage: async ({ page }, use) => use(new ProfilePage(page)),
  orgPages: async ({ page }, use) => use(new OrganizationPages(page)),
});

export { expect };
