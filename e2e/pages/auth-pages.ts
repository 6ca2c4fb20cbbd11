import { expect, type Locator, type Page } from "@playwright/test";

// Page objects for the signed-out pages. Selectors are labels and roles, as a person (or a
// screen reader) finds them.

/** The alert at the top of a form (Next adds its own role="alert" element elsewhere). */
export const formAlert = (form: Locator) => form.getByRole("alert");

export class SignUpPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Create your account" });
  }
  async goto() {
    await this.page.goto("/signup");
    await expect(this.page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  }
  async signUp(input: { name: string; email: string; password: string; organizationName?: string }) {
    await this.form.getByLabel("Full name").fill(input.name);
    await this.form.getByLabel("Email").fill(input.email);
    await this.form.getByLabel("Password", { exact: true }).fill(input.password);
    await this.form.getByLabel("Confirm password").fill(input.password);
    if (input.organizationName) await this.form.getByLabel(/Organization name/).fill(input.organizationName);
    await this.form.getByRole("button", { name: "Create account" }).click();
  }
}

export class ConfirmPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Confirm your email" });
  }
  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/confirm/);
    await expect(this.page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  }
  async enterCode(code: string) {
    await this.form.getByLabel("6-digit code").fill(code);
    await this.form.getByRole("button", { name: "Confirm email" }).click();
  }
  async requestNewCode() {
    await this.form.getByRole("button", { name: "Send a new code" }).click();
  }
}

export class LoginPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Sign in" });
  }
  async goto(query = "") {
    await this.page.goto(`/login${query}`);
    await this.expectLoaded();
  }
  async expectLoaded() {
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
  async continueWith(provider: string) {
    await this.page.getByRole("button", { name: `Continue with ${provider}` }).click();
  }
  async signIn(email: string, password: string) {
    await this.form.getByLabel("Email").fill(email);
    await this.form.getByLabel("Password").fill(password);
    await this.form.getByRole("button", { name: "Sign in" }).click();
  }
  get error() {
    return formAlert(this.form);
  }
}

export class ForgotPasswordPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Reset your password" });
  }
  async request(email: string) {
    await this.form.getByLabel("Email").fill(email);
    await this.form.getByRole("button", { name: "Send reset link" }).click();
    await expect(this.form.getByRole("status")).toContainText("If an account uses this address");
  }
}

export class ResetPasswordPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Choose a new password" });
  }
  async setPassword(password: string) {
    await this.form.getByLabel("New password", { exact: true }).fill(password);
    await this.form.getByLabel("Confirm new password").fill(password);
    await this.form.getByRole("button", { name: "Set new password" }).click();
  }
}
