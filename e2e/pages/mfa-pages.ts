import { expect, type Locator, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

// Two-factor authentication as a person meets it: the profile's security section, the sign-in's
// second step and the organization's policy switch. Codes come from the real otpauth library,
// as an authenticator app would compute them from the key the page shows.

const STEP_MS = 30_000;

/** An authenticator app: each code it hands out belongs to a step newer than the last one used. */
export class Authenticator {
  private lastStep = -Infinity;
  constructor(readonly secret: string) {}
  async code(): Promise<string> {
    const now = Math.floor(Date.now() / STEP_MS);
    // The server accepts one step of drift either way, and never a step already used.
    let step = Math.max(this.lastStep + 1, now - 1);
    if (step > now + 1) {
      await new Promise((r) => setTimeout(r, (step - 1) * STEP_MS - Date.now() + 500));
      step = Math.max(this.lastStep + 1, Math.floor(Date.now() / STEP_MS) - 1);
    }
    this.lastStep = step;
    return new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(this.secret) }).generate({
      timestamp: step * STEP_MS + 1000,
    });
  }
}

export class SecuritySection {
  readonly section: Locator;
  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "Two-factor authentication" });
  }
  /**
   * Sets up an authenticator app from the page; returns the app and the recovery codes shown.
   * As a first factor, the form offers to sign the other sessions out (checked by default):
   * `signOutOthers: false` unticks it.
   */
  async enrol(password: string, options: { signOutOthers?: boolean } = {}): Promise<{ app: Authenticator; recoveryCodes: string[] }> {
    const setup = this.section.getByRole("form", { name: "Set up an authenticator app" });
    const passwordField = setup.getByLabel("Your password");
    if (await passwordField.isVisible()) await passwordField.fill(password);
    await setup.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(this.section.getByRole("img", { name: "QR code for your authenticator app" }).locator("svg")).toBeVisible();
    const key = (await this.section.getByLabel("Setup key").textContent())!.replace(/\s+/g, "");
    const app = new Authenticator(key);
    const confirm = this.section.getByRole("form", { name: "Confirm your authenticator app" });
    await confirm.getByLabel("6-digit code").fill(await app.code());
    const offer = confirm.getByLabel("Sign out my other sessions");
    if (options.signOutOthers !== undefined) {
      await expect(offer).toBeChecked();
      if (!options.signOutOthers) await offer.uncheck();
    }
    await confirm.getByRole("button", { name: "Turn on" }).click();
    await expect(this.section.getByRole("status").first()).toContainText("Your authenticator app is on");
    const recoveryCodes = await this.section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await expect(this.section.getByRole("link", { name: "Download as .txt" })).toHaveAttribute("download", /\.txt$/);
    return { app, recoveryCodes };
  }
}

/** Turns the app off from the page (the password is always asked). */
export async function turnOffApp(section: Locator, password: string, options: { signOutOthers: boolean }) {
  const form = section.getByRole("form", { name: "Turn off two-factor authentication" });
  await form.getByLabel("Your password").fill(password);
  const offer = form.getByLabel("Sign out my other sessions");
  await expect(offer).toBeChecked();
  if (!options.signOutOthers) await offer.uncheck();
  await form.getByRole("button", { name: "Turn off two-factor authentication" }).click();
}

export class SecondStepPage {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Second step" });
  }
  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/two-factor/);
    await expect(this.page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  }
  async enterCode(code: string) {
    await this.form.getByLabel("6-digit code").fill(code);
    await this.form.getByRole("button", { name: "Verify and sign in" }).click();
  }
  async enterRecoveryCode(code: string) {
    await this.form.getByRole("link", { name: "Use a recovery code instead" }).click();
    await this.form.getByLabel("Recovery code").fill(code);
    await this.form.getByRole("button", { name: "Verify and sign in" }).click();
  }
}

export class MfaPolicySwitch {
  readonly form: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Require two-factor authentication" });
  }
  async turnOn(password: string) {
    const passwordField = this.form.getByLabel("Your password");
    if (await passwordField.isVisible()) await passwordField.fill(password);
    await this.form.getByRole("button", { name: "Require two-factor authentication" }).click();
  }
}
