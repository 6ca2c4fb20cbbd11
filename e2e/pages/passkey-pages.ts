import { expect, type CDPSession, type Locator, type Page } from "@playwright/test";

// Passkeys as a person meets them, with Chromium's virtual authenticator standing in for the
// device: a platform authenticator (internal transport) that keeps discoverable credentials and
// verifies the user (as a fingerprint or screen lock would), reached through the DevTools
// protocol's WebAuthn domain.

export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    readonly authenticatorId: string,
  ) {}

  static async attach(page: Page): Promise<VirtualAuthenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  async credentials() {
    return (await this.cdp.send("WebAuthn.getCredentials", { authenticatorId: this.authenticatorId })).credentials;
  }
}

export class PasskeysSection {
  readonly section: Locator;
  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "Passkeys" });
  }
  get list() {
    return this.section.getByRole("list", { name: "Your passkeys" });
  }
  /** Adds a passkey from the profile; returns the recovery codes shown when it was the first factor. */
  async add(password: string): Promise<string[]> {
    const group = this.section.getByRole("group", { name: "Add a passkey" });
    const passwordField = group.getByLabel("Your password");
    if (await passwordField.isVisible()) await passwordField.fill(password);
    await group.getByRole("button", { name: "Add a passkey" }).click();
    await expect(group.getByRole("status").filter({ hasText: "was added" })).toBeVisible();
    const codes = this.section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    return codes.allTextContents();
  }
  item(name: string | RegExp) {
    return this.list.getByRole("listitem").filter({ hasText: name });
  }
  async remove(name: string | RegExp, password: string) {
    const item = this.item(name);
    await item.getByText("Remove", { exact: true }).click();
    const form = item.getByRole("form", { name: /^Remove / });
    await form.getByLabel("Your password").fill(password);
    await form.getByRole("button", { name: "Remove passkey" }).click();
  }
}
