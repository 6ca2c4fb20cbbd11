import { expect, type Locator, type Page } from "@playwright/test";

export class ProfilePage {
  readonly nameForm: Locator;
  readonly emailForm: Locator;
  readonly passwordForm: Locator;
  readonly sessions: Locator;
  constructor(readonly page: Page) {
    this.nameForm = page.getByRole("form", { name: "Your name" });
    this.emailForm = page.getByRole("form", { name: "Email address" });
    this.passwordForm = page.getByRole("form", { name: "Change password" });
    this.sessions = page.getByRole("list", { name: "Active sessions" });
  }
  async goto() {
    await this.page.goto("/profile");
    await this.expectLoaded();
  }
  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/profile/);
    await expect(this.page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  }
  async rename(name: string) {
    await this.nameForm.getByLabel("Full name").fill(name);
    await this.nameForm.getByRole("button", { name: "Save name" }).click();
    await expect(this.nameForm.getByRole("status")).toHaveText("Your profile was saved.");
  }
  async changePassword(current: string, next: string) {
    await this.passwordForm.getByLabel("Current password").fill(current);
    await this.passwordForm.getByLabel("New password").fill(next);
    await this.passwordForm.getByRole("button", { name: "Change password" }).click();
  }
  async signOut() {
    await this.page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }
}
