import { startWebhookReceiver } from "../tests/support/webhook-receiver";
import { WebhookPages } from "./pages/webhook-pages";
import { confirmedAccount, uniqueEmail } from "./support/accounts";
import { expectAccessible, violationsOn } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { linkIn, waitForEmail } from "./support/mail";

// Accessibility as a regression test: axe-core's WCAG 2.0/2.1 A and AA rules (support/axe.ts) on
// every page, signed out and signed in, including error states and the API reference. The /admin
// pages are checked in admin.spec.ts, where an instance admin is made.

const baseUrl = () => process.env.E2E_BASE_URL!;

async function post(path: string, json: unknown, token?: string) {
  const response = await fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(json),
  });
  return (await response.json()) as Record<string, any>;
}

test("the check refuses what the old /docs/api had: low-contrast text and a select without a name", async ({ page }) => {
  await page.setContent(
    '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><p style="color:#999;background:#fff">faint</p><select><option>a</option></select></main></body></html>',
  );
  const rules = (await violationsOn(page)).map((v) => v.id);
  expect(rules).toEqual(expect.arrayContaining(["color-contrast", "select-name"]));
});

test("signed-out pages", async ({ page, loginPage, signUpPage }) => {
  for (const [path, heading] of [
    ["/", null],
    ["/login", "Sign in"],
    ["/signup", "Create your account"],
    ["/confirm?email=someone%40example.com", "Confirm your email"],
    ["/forgot-password", null],
    ["/reset-password/not-a-real-token", null],
    ["/invitations/not-a-real-token", null],
    ["/no-such-page", null],
  ] as const) {
    await page.goto(path);
    if (heading) await expect(page.getByRole("heading", { name: heading })).toBeVisible();
    await expectAccessible(page, path);
  }

  // Error states: inline field errors and a form alert.
  await signUpPage.goto();
  await signUpPage.form.getByRole("button", { name: "Create account" }).click();
  await expect(signUpPage.form.locator('[aria-invalid="true"]').first()).toBeVisible();
  await expectAccessible(page, "/signup with field errors");

  await loginPage.goto();
  await loginPage.signIn(uniqueEmail("nobody"), "Wrong-Password-123");
  await expect(loginPage.form.getByRole("alert")).toBeVisible();
  await expectAccessible(page, "/login after a wrong password");
});

test("a reset link's page", async ({ page }) => {
  const account = await confirmedAccount("a11y-reset");
  await post("/api/auth/forgot-password", { email: account.email });
  await page.goto(linkIn(await waitForEmail(account.email, /reset/i), "/reset-password/"));
  await expect(page.getByLabel(/new password/i).first()).toBeVisible();
  await expectAccessible(page, "/reset-password/{token}");
});

test("signed-in and organization pages", async ({ page, browser, loginPage, orgPages }) => {
  const owner = await confirmedAccount("a11y-owner", "Ada Lovelace");
  const invitee = await confirmedAccount("a11y-invitee", "Charles Babbage");
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await page.waitForURL(/\/profile/);
  await expectAccessible(page, "/profile");

  await orgPages.gotoList();
  await expectAccessible(page, "/organizations");
  await orgPages.create("Difference Engines");
  await expectAccessible(page, "/organizations/{id} (members)");
  const orgPath = new URL(page.url()).pathname;

  await orgPages.openTab("Invitations");
  await orgPages.invite(invitee.email, "admin");
  await expectAccessible(page, "/organizations/{id}/invitations");

  await orgPages.openTab("API keys");
  await orgPages.createApiKey("a11y key", owner.password);
  await expectAccessible(page, "/organizations/{id}/api-keys with a new secret shown");

  await orgPages.openTab("Audit log");
  await expectAccessible(page, "/organizations/{id}/audit-log");

  await page.goto(`${orgPath}/settings`);
  await expectAccessible(page, "/organizations/{id}/settings");

  // The invitation, as its recipient sees it signed out and then signed in.
  const link = linkIn(await waitForEmail(invitee.email, /invited to join/), "/invitations/");
  const context = await browser.newContext();
  const inviteePage = await context.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Join Difference Engines" })).toBeVisible();
  await expectAccessible(inviteePage, "/invitations/{token} signed out");
  await inviteePage.getByRole("link", { name: "Sign in to accept" }).click();
  await inviteePage.getByRole("form", { name: "Sign in" }).getByLabel("Email").fill(invitee.email);
  await inviteePage.getByRole("form", { name: "Sign in" }).getByLabel("Password").fill(invitee.password);
  await inviteePage.getByRole("form", { name: "Sign in" }).getByRole("button", { name: "Sign in" }).click();
  await expect(inviteePage.getByRole("button", { name: "Accept invitation to Difference Engines" })).toBeVisible();
  await expectAccessible(inviteePage, "/invitations/{token} signed in");
  await context.close();
});

test("the Webhooks pages: the list with a new secret shown, and an endpoint with a delivery's attempts open", async ({
  page,
  loginPage,
  orgPages,
}) => {
  const owner = await confirmedAccount("a11y-webhooks", "Ada Lovelace");
  // A receiver of this test answers the test event, so the page has a delivery and its attempt.
  const receiver = await startWebhookReceiver();
  try {
    await loginPage.goto();
    await loginPage.signIn(owner.email, owner.password);
    await page.waitForURL(/\/profile/);
    await orgPages.gotoList();
    await page.getByRole("list", { name: "Your organizations" }).getByRole("link", { name: "Ada Lovelace's Organization" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ada Lovelace's Organization" })).toBeVisible();
    await orgPages.openTab("Webhooks");
    await expectAccessible(page, "/organizations/{id}/webhooks");

    const webhooks = new WebhookPages(page);
    const url = `${receiver.url}/a11y`;
    await webhooks.addForm.getByRole("button", { name: "Add endpoint" }).click();
    await expect(webhooks.addForm.getByText("Choose at least one event.")).toBeVisible();
    await expectAccessible(page, "/organizations/{id}/webhooks with field errors");
    await webhooks.add({ url, events: ["All events"] });
    await expectAccessible(page, "/organizations/{id}/webhooks with a new secret shown");

    await webhooks.open(url);
    await page.getByRole("form", { name: "Send a test event" }).getByRole("button", { name: "Send test event" }).click();
    await webhooks.expectDelivery("webhook.test", "succeeded");
    await page.getByText(/^Attempts of the webhook\.test delivery/).click();
    await page.getByText("Delete this endpoint…").click();
    await expectAccessible(page, "/organizations/{id}/webhooks/{id} with a delivery's attempts and the delete form open");
  } finally {
    await receiver.close();
  }
});

test("the API reference at /docs/api", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  // Every operation of the document is there, as a heading a screen reader can jump to.
  const document = (await (await fetch(`${baseUrl()}/api/openapi.json`)).json()) as { paths: Record<string, object> };
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  await expect(page.getByRole("heading", { level: 3, name: /^(GET|POST|PUT|PATCH|DELETE) \/api\// })).toHaveCount(operations);
  await expectAccessible(page, "/docs/api");
});
