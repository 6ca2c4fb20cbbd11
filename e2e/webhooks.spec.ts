import { startWebhookReceiver, type WebhookReceiver } from "../tests/support/webhook-receiver";
import { confirmedAccount, PASSWORD, uniqueEmail } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { codeIn, linkIn, waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";
import { WebhookPages } from "./pages/webhook-pages";

// An organization's webhooks end to end: an owner adds an endpoint on the Webhooks page, takes
// its secret from the page, and the events of what they do next reach a receiver run by this
// test, signed with that secret, and show on the endpoint's page as delivered. The app under test
// allows private URLs (e2e/support/app-env.ts): the receiver listens on 127.0.0.1.

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("an owner adds an endpoint; an invitation, a test event, a retry and a rotation reach the receiver signed, and show on the page", async ({
  page,
  context,
  signUpPage,
  confirmPage,
  loginPage,
  profilePage,
  orgPages,
}, testInfo) => {
  // Five deliveries, each waited for at the receiver and on the page: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const webhooks = new WebhookPages(page);
  const email = uniqueEmail("webhooks-owner");
  const invitee = uniqueEmail("webhooks-invitee");
  const path = `/owner-${Date.now().toString(36)}`;
  const url = `${receiver.url}${path}`;

  // A new owner, with the organization made at sign-up.
  await signUpPage.goto();
  await signUpPage.signUp({ name: "Ada Lovelace", email, password: PASSWORD, organizationName: "Analytical Hooks" });
  await confirmPage.expectLoaded();
  await confirmPage.enterCode(codeIn(await waitForEmail(email, /confirmation code/i)));
  await loginPage.signIn(email, PASSWORD);
  await profilePage.expectLoaded();
  await orgPages.gotoList();
  await page.getByRole("list", { name: "Your organizations" }).getByRole("link", { name: "Analytical Hooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Analytical Hooks" })).toBeVisible();
  await orgPages.openTab("Webhooks");
  await expect(webhooks.list).toHaveCount(0);

  // Refused in the browser with the route's schema, each message next to its field.
  await webhooks.addForm.getByLabel("Endpoint URL").fill("not a url");
  await webhooks.addForm.getByRole("button", { name: "Add endpoint" }).click();
  await expect(webhooks.addForm.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
  await expect(webhooks.addForm.getByText("Give an absolute URL")).toBeVisible();
  await expect(webhooks.addForm.getByText("Choose at least one event.")).toBeVisible();

  // Added: the secret once, copied with the page's button.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const shown = await webhooks.add({ url, description: "Membership sync", events: ["invitation.created", "member.added"] });
  expect(shown).toMatch(/^whsec_/);
  await page.getByRole("status", { name: "New endpoint's signing secret" }).getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toBe(shown);
  receiver.setSecrets(path, [secret]);
  await expect(webhooks.row(url)).toContainText("invitation.created, member.added");
  await expect(webhooks.row(url)).toContainText("Enabled");
  await snap(page, testInfo, "webhooks");
  // Never shown again.
  await page.reload();
  await expect(webhooks.secret).toHaveCount(0);

  // An invitation: its event reaches the receiver, signed with that secret.
  await orgPages.openTab("Invitations");
  await orgPages.invite(invitee, "member");
  const [invited] = await receiver.waitFor(path, 1, 20_000);
  expect(invited!.verified).toBe(true);
  expect(invited!.json).toMatchObject({ type: "invitation.created", data: { email: invitee, role: "member" } });
  expect(invited!.headers["webhook-id"]).toBe((invited!.json as { id: string }).id);

  // … and shows on the endpoint's page as delivered, with its attempt.
  await orgPages.openTab("Webhooks");
  await webhooks.open(url);
  await webhooks.expectDelivery("invitation.created", "succeeded");
  await expect(webhooks.delivery("invitation.created")).toContainText("204");
  await page.getByText(/^Attempts of the invitation\.created delivery/).click();
  await expect(page.locator(".attempts li").first()).toContainText("HTTP 204");
  await snap(page, testInfo, "webhook-endpoint");

  // A test event, from its button.
  const testForm = page.getByRole("form", { name: "Send a test event" });
  await testForm.getByRole("button", { name: "Send test event" }).click();
  await expect(testForm.getByRole("status")).toContainText("Test event queued");
  const received = await receiver.waitFor(path, 2, 20_000);
  expect(received[1]!.json).toMatchObject({ type: "webhook.test" });
  expect(received[1]!.verified).toBe(true);
  await webhooks.expectDelivery("webhook.test", "succeeded");

  // A retry sends the same event again (same webhook-id), and the row counts a second attempt.
  await webhooks.delivery("invitation.created").getByRole("button", { name: "Retry" }).click();
  const retried = await receiver.waitFor(path, 3, 20_000);
  expect(retried[2]!.headers["webhook-id"]).toBe(invited!.headers["webhook-id"]);
  expect(retried[2]!.verified).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(webhooks.delivery("invitation.created").getByRole("cell").nth(2)).toHaveText("2", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // A rotation: the new secret once, and for now both signatures on every delivery.
  await page.getByRole("form", { name: "Rotate the signing secret" }).getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByRole("status", { name: "New signing secret" })).toContainText("two signatures");
  const rotated = (await webhooks.secret.textContent())!.trim();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);
  receiver.setSecrets(path, [rotated, secret]);
  await page.getByRole("form", { name: "Send a test event" }).getByRole("button", { name: "Send test event" }).click();
  const afterRotation = await receiver.waitFor(path, 4, 20_000);
  expect(afterRotation[3]!.verifiedWith).toEqual([0, 1]);

  // An edit, through the same schema as PATCH.
  const edit = page.getByRole("form", { name: "Edit endpoint" });
  await edit.getByLabel("Description").fill("Membership sync (HR)");
  await edit.getByRole("checkbox", { name: "member.removed", exact: true }).check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toHaveText("Endpoint saved.");
  await expect(webhooks.endpoint).toContainText("Membership sync (HR)");
  await expect(webhooks.endpoint).toContainText("member.removed, invitation.created, member.added");

  // Disabled: said on the page and in the list; nothing more is sent.
  const switchForm = page.getByRole("form", { name: "Enable or disable the endpoint" });
  await switchForm.getByRole("button", { name: "Disable endpoint" }).click();
  await expect(switchForm.getByRole("status")).toContainText("Endpoint disabled");
  await expect(webhooks.endpoint.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(switchForm.getByRole("button", { name: "Enable endpoint" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Send a test event" })).toHaveCount(0);
  await page.getByRole("link", { name: "← All webhooks" }).click();
  await expect(webhooks.row(url)).toContainText("Disabled");
  await orgPages.openTab("Invitations");
  await orgPages.invite(uniqueEmail("webhooks-late"), "member");
  await page.waitForTimeout(1500);
  expect(receiver.received(path)).toHaveLength(4);
});

test("a member has no Webhooks page", async ({ page, browser, loginPage, orgPages }) => {
  const owner = await confirmedAccount("webhooks-org-owner", "Grace Hopper");
  const member = await confirmedAccount("webhooks-member", "Alan Turing");
  // The owner's organization, found and joined through the pages as a member would.
  await loginPage.goto();
  await loginPage.signIn(owner.email, owner.password);
  await page.waitForURL(/\/profile/);
  await orgPages.gotoList();
  await page.getByRole("list", { name: "Your organizations" }).getByRole("link", { name: "Grace Hopper's Organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Grace Hopper's Organization" })).toBeVisible();
  const orgPath = new URL(page.url()).pathname;
  await orgPages.openTab("Invitations");
  await orgPages.invite(member.email, "member");
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(linkIn(await waitForEmail(member.email, /invited to join/), "/invitations/"));
  await memberPage.getByRole("link", { name: "Sign in to accept" }).click();
  const signIn = memberPage.getByRole("form", { name: "Sign in" });
  await signIn.getByLabel("Email").fill(member.email);
  await signIn.getByLabel("Password").fill(member.password);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await memberPage.getByRole("button", { name: /^Accept invitation to / }).click();
  await expect(memberPage).toHaveURL(new RegExp(`${orgPath}$`));
  await expect(memberPage.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  const response = await memberPage.goto(`${orgPath}/webhooks`);
  expect(response?.status()).toBe(404);
  await memberContext.close();
});
