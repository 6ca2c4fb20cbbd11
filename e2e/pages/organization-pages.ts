import { expect, type Locator, type Page } from "@playwright/test";

export class OrganizationPages {
  readonly switcher: Locator;
  constructor(readonly page: Page) {
    this.switcher = page.getByRole("banner").getByLabel("Organization");
  }
  async gotoList() {
    await this.page.goto("/organizations");
    await expect(this.page.getByRole("heading", { name: "Organizations", exact: true })).toBeVisible();
  }
  async create(name: string) {
    const form = this.page.getByRole("form", { name: "Create an organization" });
    await form.getByLabel("Organization name").fill(name);
    await form.getByRole("button", { name: "Create organization" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  async switchTo(name: string) {
    await this.switcher.selectOption({ label: name });
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(this.switcher.locator("option:checked")).toHaveText(name);
  }
  async openTab(name: "Members" | "Invitations" | "API keys" | "Audit log" | "Webhooks" | "Single sign-on") {
    await this.page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name }).click();
    await expect(this.page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  async invite(email: string, role: "member" | "admin") {
    const form = this.page.getByRole("form", { name: "Invite a member" });
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(form.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  }
  async createApiKey(name: string, password: string): Promise<string> {
    const form = this.page.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Key name").fill(name);
    await form.getByLabel("organization:read").check();
    await form.getByLabel("members:read").check();
    const passwordField = form.getByLabel("Your password");
    if (await passwordField.isVisible()) await passwordField.fill(password);
    await form.getByRole("button", { name: "Create API key" }).click();
    const secret = this.page.getByTestId("api-key-secret");
    await expect(secret).toBeVisible();
    return (await secret.textContent())!.trim();
  }
  keyRow(name: string) {
    return this.page.getByRole("list", { name: "API keys" }).getByRole("listitem").filter({ hasText: name });
  }
}
