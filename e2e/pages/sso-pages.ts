import { expect, type Locator, type Page } from "@playwright/test";

// The organization's Single sign-on page (domains, connections, enforcement), and the signed-out
// /sso start page.

export class SingleSignOnPage {
  readonly addDomainForm: Locator;
  readonly domains: Locator;
  readonly samlForm: Locator;
  readonly connections: Locator;
  constructor(readonly page: Page) {
    this.addDomainForm = page.getByRole("form", { name: "Add a domain" });
    this.domains = page.getByRole("list", { name: "Domains" });
    this.samlForm = page.getByRole("form", { name: "Add a SAML connection" });
    this.connections = page.getByRole("region", { name: "Connections" });
  }
  async addDomain(domain: string) {
    await this.addDomainForm.getByLabel("Domain").fill(domain);
    await this.addDomainForm.getByRole("button", { name: "Add domain" }).click();
  }
  domain(domain: string) {
    return this.domains.getByRole("listitem").filter({ hasText: domain });
  }
  verifyForm(domain: string) {
    return this.page.getByRole("form", { name: `Verify ${domain}` });
  }
  /** The TXT record a pending domain asks for, as the page shows it. */
  async txtRecord(domain: string) {
    const row = this.domain(domain);
    return {
      name: await row.getByLabel("TXT record name", { exact: true }).inputValue(),
      value: await row.getByLabel("TXT record value", { exact: true }).inputValue(),
    };
  }
  /** Opens the SAML form (a disclosure) and fills it with the IdP's metadata. */
  async fillSamlForm(metadataXml: string, password: string) {
    const summary = this.page.getByText("SAML 2.0", { exact: true });
    if (!(await this.samlForm.isVisible())) await summary.click();
    await this.samlForm.getByLabel("Identity provider metadata (XML)").fill(metadataXml);
    await this.fillPasswordIfAsked(this.samlForm, password);
  }
  /** The password field of a form that needs the step-up window, when the window is closed. */
  async fillPasswordIfAsked(form: Locator, password: string) {
    const field = form.getByLabel("Your password");
    if (await field.isVisible()) await field.fill(password);
  }
  connection(name: RegExp | string) {
    return this.connections.getByRole("article").filter({ has: this.page.getByRole("heading", { name }) });
  }
  enforcementForm() {
    return this.page.getByRole("form", { name: /^Enforcement of / });
  }
  async expectLoaded() {
    await expect(this.page.getByRole("heading", { level: 2, name: "Single sign-on" })).toBeVisible();
  }
}
