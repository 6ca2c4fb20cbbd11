import { expect, type Locator, type Page } from "@playwright/test";

// The organization's Webhooks pages: the list with its add form, and one endpoint's page.

export class WebhookPages {
  readonly addForm: Locator;
  readonly list: Locator;
  readonly secret: Locator;
  constructor(readonly page: Page) {
    this.addForm = page.getByRole("form", { name: "Add a webhook endpoint" });
    this.list = page.getByRole("list", { name: "Webhook endpoints" });
    this.secret = page.getByTestId("webhook-secret");
  }
  /** Fills the add form; `events` are checkbox labels ("invitation.created", or "All events"). */
  async fillAddForm(input: { url: string; description?: string; events: string[] }) {
    await this.addForm.getByLabel("Endpoint URL").fill(input.url);
    if (input.description) await this.addForm.getByLabel("Description").fill(input.description);
    for (const type of input.events) await this.addForm.getByRole("checkbox", { name: type, exact: true }).check();
  }
  /** Adds an endpoint and answers its signing secret, as the page shows it (once). */
  async add(input: { url: string; description?: string; events: string[] }): Promise<string> {
    await this.fillAddForm(input);
    await this.addForm.getByRole("button", { name: "Add endpoint" }).click();
    await expect(this.secret).toBeVisible();
    return (await this.secret.textContent())!.trim();
  }
  row(url: string) {
    return this.list.getByRole("listitem").filter({ hasText: url });
  }
  async open(url: string) {
    await this.row(url).getByRole("link", { name: url }).click();
    await expect(this.page.getByRole("heading", { level: 2, name: "Endpoint", exact: true })).toBeVisible();
  }
  get endpoint() {
    return this.page.getByRole("region", { name: "Endpoint", exact: true });
  }
  /** The first (newest) delivery row of an event type in the deliveries table. */
  delivery(type: string) {
    return this.page
      .getByRole("table", { name: "Deliveries to this endpoint" })
      .locator("tr[data-delivery]")
      .filter({ hasText: type })
      .first();
  }
  /** Reloads (the table is not live) until the newest delivery of `type` shows `status`, for at most `timeout` ms. */
  async expectDelivery(type: string, status: "succeeded" | "failed" | "pending", timeout = 20_000) {
    await expect(async () => {
      await this.page.reload();
      await expect(this.delivery(type).getByRole("cell").nth(1)).toHaveText(status, { timeout: 1000 });
    }).toPass({ timeout, intervals: [500, 1000, 2000] });
  }
}
