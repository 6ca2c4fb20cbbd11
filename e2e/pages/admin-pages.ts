import { expect, type Locator, type Page } from "@playwright/test";

// The /admin pages as an instance admin meets them: the user search with its results, and one
// user's page, whose actions each take a reason and a confirmation.

export class AdminUsersPage {
  readonly search: Locator;
  readonly results: Locator;
  constructor(readonly page: Page) {
    this.search = page.getByRole("search", { name: "Search users" });
    this.results = page.getByRole("table", { name: "Users" });
  }
  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/admin(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  }
  async find(query: string) {
    await this.search.getByLabel("Email or name").fill(query);
    await this.search.getByRole("button", { name: "Search" }).click();
    await expect(this.page.getByRole("heading", { name: `Users matching “${query}”` })).toBeVisible();
  }
  row(email: string) {
    return this.results.getByRole("row").filter({ has: this.page.getByRole("link", { name: email, exact: true }) });
  }
  async open(email: string) {
    await this.row(email).getByRole("link", { name: email, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: email })).toBeVisible();
  }
}

/** The names of the user page's action forms, and of their two buttons. */
export const ADMIN_ACTIONS = {
  disable: { form: "Disable the account", button: "Disable account" },
  enable: { form: "Enable the account", button: "Enable account" },
  signOut: { form: "Sign out everywhere", button: "Sign out everywhere" },
  resetFactor: { form: "Reset the second factor", button: "Reset second factor" },
  impersonate: { form: "Sign in as this person", button: "Sign in as this person" },
  delete: { form: "Delete the account", button: "Delete account" },
} as const;
export type AdminActionName = keyof typeof ADMIN_ACTIONS;

export class AdminUserPage {
  constructor(readonly page: Page) {}
  section(name: string) {
    return this.page.getByRole("region", { name, exact: true });
  }
  form(action: AdminActionName) {
    return this.page.getByRole("form", { name: ADMIN_ACTIONS[action].form });
  }
  /** The first step: the reason, then the button that only reviews. */
  async review(action: AdminActionName, reason: string) {
    const form = this.form(action);
    await form.getByLabel("Reason").fill(reason);
    await form.getByRole("button", { name: `${ADMIN_ACTIONS[action].button}…` }).click();
  }
  /** The second step, once the review shows what is about to happen. */
  async confirm(action: AdminActionName) {
    const form = this.form(action);
    await expect(form.getByText("Confirm:")).toBeVisible();
    await form.getByRole("button", { name: ADMIN_ACTIONS[action].button, exact: true }).click();
  }
  async run(action: AdminActionName, reason: string) {
    await this.review(action, reason);
    await this.confirm(action);
  }
  /** The recent activity row of an event type (the newest one). */
  event(type: string) {
    return this.page.getByRole("table", { name: "Recent activity" }).getByRole("row").filter({ hasText: type }).first();
  }
}

/** /admin/oauth-clients: the registered clients, the register form, and a new secret shown once. */
export class AdminOAuthClientsPage {
  readonly table: Locator;
  readonly form: Locator;
  /** The one place a new secret is shown. */
  readonly secret: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "OAuth clients" });
    this.form = page.getByRole("form", { name: "Register a client" });
    this.secret = page.getByTestId("oauth-client-secret");
  }
  async goto() {
    await this.page.goto("/admin/oauth-clients");
    await this.expectLoaded();
  }
  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/admin\/oauth-clients(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1, name: "OAuth clients" })).toBeVisible();
  }
  /** Fills the register form (confidential, the default scopes, unless told otherwise); the caller submits. */
  async fill(client: { name: string; redirectUris: string[]; type?: "Confidential" | "Public"; scopes?: Record<string, boolean> }) {
    await this.form.getByLabel("Name", { exact: true }).fill(client.name);
    if (client.type) await this.form.getByRole("radio", { name: new RegExp(`^${client.type}:`) }).check();
    await this.form.getByLabel("Redirect URIs", { exact: true }).fill(client.redirectUris.join("\n"));
    for (const [scope, on] of Object.entries(client.scopes ?? {}))
      await this.form.getByRole("checkbox", { name: new RegExp(`^${scope}:`) }).setChecked(on);
  }
  get submit() {
    return this.form.getByRole("button", { name: "Register client" });
  }
  row(name: string) {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

/** /admin/oauth-clients/{id}: the client's facts, its edit form, and the folded rotate and delete forms. */
export class AdminOAuthClientPage {
  readonly facts: Locator;
  readonly edit: Locator;
  readonly secret: Locator;
  constructor(readonly page: Page) {
    this.facts = page.getByRole("region", { name: "Client", exact: true });
    this.edit = page.getByRole("form", { name: "Edit client" });
    this.secret = page.getByTestId("oauth-client-secret");
  }
  async expectLoaded(name: string) {
    await expect(this.page).toHaveURL(/\/admin\/oauth-clients\/oc_[\w-]+$/);
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  /** Opens a folded form (its summary is the deliberate first step) and gives it. */
  async unfold(summary: "Rotate the secret…" | "Delete this client…") {
    await this.page.locator("summary", { hasText: summary }).click();
    const form = this.page.getByRole("form", { name: summary === "Rotate the secret…" ? "Rotate the client secret" : "Delete the client" });
    await expect(form).toBeVisible();
    return form;
  }
}
