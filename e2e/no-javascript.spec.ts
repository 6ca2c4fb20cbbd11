import type { BrowserContext, Locator, Page } from "@playwright/test";
import { apiCall, apiLogin, confirmedAccount, NEW_PASSWORD, PASSWORD, uniqueEmail } from "./support/accounts";
import { expect, test, type PageObjects } from "./support/fixtures";
import { codeIn, countEmails, linkIn, waitForEmail } from "./support/mail";
import { watchUrls } from "./support/url-watch";
import { WebhookPages } from "./pages/webhook-pages";

// The public forms with JavaScript disabled: what a person gets before the page's scripts have
// loaded (slow phone, flaky network, script blocker) or with them off. Every form posts to its
// server action from the server's HTML, shows the same inline errors, and redirects; and no
// password, code or token typed into a form ever travels in a URL or a redirect target.

/** A form as the server sent it posts (never the default GET, which puts its fields in the URL). */
async function expectPostsBeforeScripts(form: Locator) {
  await expect(form).toHaveAttribute("method", /^post$/i);
  await expect(form).toHaveAttribute("action", /.*/);
  // React's reference to the server action travels as a hidden field of the form.
  await expect(form.locator('input[type="hidden"][name^="$ACTION_"]')).not.toHaveCount(0);
}

interface JourneyFixtures extends Omit<PageObjects, "orgPages"> {
  page: Page;
  context: BrowserContext;
}

const formNamed = (page: Page, name: string) => page.getByRole("form", { name });

test("every form that carries a password, code or token posts from the server's HTML, signed out and signed in", async ({ browser }) => {
  // The server's HTML as it is before any script runs: a context with JavaScript off.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [path, name] of [
    ["/signup", "Create your account"],
    ["/confirm", "Confirm your email"],
    ["/login", "Sign in"],
    ["/forgot-password", "Reset your password"],
  ] as const) {
    await page.goto(path);
    await expectPostsBeforeScripts(formNamed(page, name));
  }

  // Signed in (the sign-in form itself, without JavaScript): the forms that re-check a password.
  const account = await confirmedAccount("nojs-forms");
  await page.goto("/login");
  await formNamed(page, "Sign in").getByLabel("Email").fill(account.email);
  await formNamed(page, "Sign in").getByLabel("Password").fill(account.password);
  await formNamed(page, "Sign in").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  for (const name of ["Your name", "Email address", "Change password"]) await expectPostsBeforeScripts(formNamed(page, name));
  const orgs = (await (await apiCall("GET", "/api/organizations", await apiLogin(account))).json()) as { items: { id: string }[] };
  const orgId = orgs.items[0]!.id;
  await page.goto(`/organizations/${orgId}/settings`);
  for (const name of ["Organization settings", "Delete organization"]) await expectPostsBeforeScripts(formNamed(page, name));
  await page.goto(`/organizations/${orgId}/api-keys`);
  await expectPostsBeforeScripts(formNamed(page, "Create an API key"));
  await context.close();
});

for (const javaScriptEnabled of [false, true]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
  test.describe(mode, () => {
    test.use({ javaScriptEnabled });
    test(`${mode} a new user signs up, confirms with the emailed code, signs in and resets a forgotten password; no secret is ever in a URL`, ({
      page,
      context,
      signUpPage,
      confirmPage,
      loginPage,
      forgotPasswordPage,
      resetPasswordPage,
      profilePage,
    }) =>
      journey(
        { page, context, signUpPage, confirmPage, loginPage, forgotPasswordPage, resetPasswordPage, profilePage },
        javaScriptEnabled,
      ));
  });
}

async function journey(
  { page, context, signUpPage, confirmPage, loginPage, forgotPasswordPage, resetPasswordPage, profilePage }: JourneyFixtures,
  javaScriptEnabled: boolean,
) {
  const urls = watchUrls(context);
  const email = uniqueEmail("nojs");
  const typedSecrets: string[] = [];

  // An invalid sign-up: the same inline errors either way (the server's answer without
  // JavaScript, the same schema in the browser with it), what was typed kept, and no password
  // ever sent back into the page.
  await signUpPage.goto();
  const weak = "password1";
  typedSecrets.push(weak, "Mismatch-Pass-42");
  await signUpPage.form.getByLabel("Full name").fill("Ada Lovelace");
  await signUpPage.form.getByLabel("Email").fill(email);
  await signUpPage.form.getByLabel("Password", { exact: true }).fill(weak);
  await signUpPage.form.getByLabel("Confirm password").fill("Mismatch-Pass-42");
  await signUpPage.form.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(signUpPage.form.getByText(/upper-case letter|too easy to guess/)).toBeVisible();
  await expect(signUpPage.form.getByText("The passwords do not match.")).toBeVisible();
  await expect(signUpPage.form.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(signUpPage.form.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await expect(signUpPage.form.getByLabel("Email")).toHaveValue(email);
  expect(await page.content()).not.toContain(weak);
  if (!javaScriptEnabled) await expectPostsBeforeScripts(signUpPage.form);

  typedSecrets.push(PASSWORD);
  await signUpPage.signUp({ name: "Ada Lovelace", email, password: PASSWORD });
  await confirmPage.expectLoaded();
  await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();

  // A wrong code, then a new one sent from the same form, then the right one.
  const firstCode = codeIn(await waitForEmail(email, /confirmation code/i));
  const wrongCode = firstCode === "000000" ? "111111" : "000000";
  typedSecrets.push(wrongCode);
  await confirmPage.enterCode(wrongCode);
  await expect(confirmPage.form.getByRole("alert")).toBeVisible();
  await expect(confirmPage.form.getByLabel("Email")).toHaveValue(email);
  await expect(confirmPage.form.getByLabel("6-digit code")).toHaveValue("");

  const before = await countEmails(email);
  await confirmPage.requestNewCode();
  await expect(confirmPage.form.getByRole("status")).toBeVisible();
  await expect.poll(() => countEmails(email)).toBeGreaterThan(before);
  const code = codeIn(await waitForEmail(email, /confirmation code/i));
  typedSecrets.push(code);
  await confirmPage.enterCode(code);
  await expect(page).toHaveURL(/\/login\?verified=1/);
  await expect(loginPage.form.getByLabel("Email")).toHaveValue(email);

  // A refused password: the alert in the form, the password field empty.
  const wrongPassword = "Not-The-Password-9";
  typedSecrets.push(wrongPassword);
  await loginPage.signIn(email, wrongPassword);
  await expect(loginPage.error).toHaveText("The email or password is incorrect.");
  await expect(loginPage.form.getByLabel("Password")).toHaveValue("");
  await expect(loginPage.form.getByLabel("Email")).toHaveValue(email);

  await loginPage.signIn(email, PASSWORD);
  await profilePage.expectLoaded();
  await profilePage.signOut();

  // Forgot and reset.
  await page.goto("/forgot-password");
  await forgotPasswordPage.request(email);
  const link = linkIn(await waitForEmail(email, /reset your password/i), "/reset-password/");
  const token = link.split("/").pop()!;
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  if (!javaScriptEnabled) await expectPostsBeforeScripts(resetPasswordPage.form);
  typedSecrets.push(NEW_PASSWORD, `${NEW_PASSWORD}x`);
  await resetPasswordPage.form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await resetPasswordPage.form.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await resetPasswordPage.form.getByRole("button", { name: "Set new password" }).click();
  await expect(resetPasswordPage.form.getByText("The passwords do not match.")).toBeVisible();
  await resetPasswordPage.setPassword(NEW_PASSWORD);
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await loginPage.signIn(email, NEW_PASSWORD);
  await profilePage.expectLoaded();

  // Every submission above was a POST: no typed secret is in any URL, redirect or Referer.
  for (const secret of typedSecrets) expect(urls.carrying(secret), `URLs carrying ${secret}`).toEqual([]);
  // The reset token arrives in the emailed link (by design) and is taken out of the address at
  // once: only that first request carries it.
  expect(urls.carrying(token)).toEqual([new URL(link, page.url()).toString()]);
}

test("without JavaScript an invited person signs in and accepts; the invitation's token is only ever in the emailed link", async ({
  browser,
}) => {
  const owner = await confirmedAccount("nojs-owner", "Grace Hopper");
  const invitee = await confirmedAccount("nojs-invitee");
  const ownerToken = await apiLogin(owner);
  const orgs = (await (await apiCall("GET", "/api/organizations", ownerToken)).json()) as { items: { id: string; name: string }[] };
  const org = orgs.items[0]!;
  const invited = await fetch(`${process.env.E2E_BASE_URL}/api/organizations/${org.id}/invitations`, {
    method: "POST",
    headers: { authorization: `Bearer ${ownerToken}`, "content-type": "application/json" },
    body: JSON.stringify({ email: invitee.email, role: "member" }),
  });
  expect(invited.status).toBe(201);
  const link = linkIn(await waitForEmail(invitee.email, /invited to join/), "/invitations/");
  const token = link.split("/").pop()!;

  const context = await browser.newContext({ javaScriptEnabled: false });
  const urls = watchUrls(context);
  const page = await context.newPage();
  await page.goto(link);
  await expect(page).toHaveURL(/\/invitations$/);
  await expect(page.getByRole("heading", { name: `Join ${org.name}` })).toBeVisible();
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  const signIn = formNamed(page, "Sign in");
  await signIn.getByLabel("Password").fill(invitee.password);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/invitations$/);
  const accept = formNamed(page, "Accept the invitation");
  await expectPostsBeforeScripts(accept);
  await accept.getByRole("button", { name: `Accept invitation to ${org.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/organizations/${org.id}$`));

  expect(urls.carrying(invitee.password)).toEqual([]);
  expect(urls.carrying(token)).toEqual([new URL(link, page.url()).toString()]);
  await context.close();
});

test("without JavaScript an owner adds a webhook endpoint (errors inline, the secret once), disables and deletes it", async ({
  browser,
}) => {
  const owner = await confirmedAccount("nojs-webhooks");
  const orgs = (await (await apiCall("GET", "/api/organizations", await apiLogin(owner))).json()) as { items: { id: string }[] };
  const orgId = orgs.items[0]!.id;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const urls = watchUrls(context);
  const page = await context.newPage();
  await page.goto("/login");
  await formNamed(page, "Sign in").getByLabel("Email").fill(owner.email);
  await formNamed(page, "Sign in").getByLabel("Password").fill(owner.password);
  await formNamed(page, "Sign in").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.goto(`/organizations/${orgId}/webhooks`);
  const webhooks = new WebhookPages(page);
  await expectPostsBeforeScripts(webhooks.addForm);

  // The server's answer: the same messages next to the same fields, the choice kept as ticked.
  await webhooks.fillAddForm({ url: "not a url", events: ["member.removed"] });
  await webhooks.addForm.getByRole("button", { name: "Add endpoint" }).click();
  await expect(webhooks.addForm.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
  await expect(webhooks.addForm.getByText("Give an absolute URL")).toBeVisible();
  await expect(webhooks.addForm.getByLabel("Endpoint URL")).toHaveValue("not a url");
  await expect(webhooks.addForm.getByRole("checkbox", { name: "member.removed", exact: true })).toBeChecked();
  await webhooks.addForm.getByRole("checkbox", { name: "member.removed", exact: true }).uncheck();
  await webhooks.addForm.getByRole("button", { name: "Add endpoint" }).click();
  await expect(webhooks.addForm.getByText("Choose at least one event.")).toBeVisible();

  // Two boxes ticked post as a list: both are kept.
  const url = "http://127.0.0.1:9/nojs";
  const secret = await webhooks.add({ url, events: ["member.removed", "member.added"] });
  expect(secret).toMatch(/^whsec_/);
  await expect(webhooks.row(url)).toContainText("member.removed, member.added");

  // The endpoint's buttons are forms too: disable, then delete through its disclosure.
  await webhooks.open(url);
  const switchForm = formNamed(page, "Enable or disable the endpoint");
  await expectPostsBeforeScripts(switchForm);
  await switchForm.getByRole("button", { name: "Disable endpoint" }).click();
  await expect(switchForm.getByRole("status")).toContainText("Endpoint disabled");
  await expect(webhooks.endpoint.getByText("Disabled", { exact: true })).toBeVisible();
  await page.getByText("Delete this endpoint…").click();
  await formNamed(page, "Delete endpoint").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/webhooks$`));
  await expect(page.getByText("No endpoints yet.")).toBeVisible();

  expect(urls.carrying(secret)).toEqual([]);
  await context.close();
});

// A form whose action is bound to the organization in the client never finished the page it
// re-rendered after a POST without JavaScript (endpoint-forms.tsx says why): the response streamed
// until the browser gave up. Each submit here must end in a page that finishes loading.
test("without JavaScript an owner renames the organization, invites someone and creates an API key; each page finishes loading", async ({
  browser,
}) => {
  const owner = await confirmedAccount("nojs-org-forms");
  const invitee = uniqueEmail("nojs-org-invitee");
  const orgs = (await (await apiCall("GET", "/api/organizations", await apiLogin(owner))).json()) as { items: { id: string }[] };
  const orgId = orgs.items[0]!.id;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await formNamed(page, "Sign in").getByLabel("Email").fill(owner.email);
  await formNamed(page, "Sign in").getByLabel("Password").fill(owner.password);
  await formNamed(page, "Sign in").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);

  /** Submits with `button` and waits for the answer's page to finish loading (its load event). */
  async function submitAndLoad(button: Locator) {
    await Promise.all([page.waitForEvent("load", { timeout: 15_000 }), button.click()]);
  }

  await page.goto(`/organizations/${orgId}/settings`);
  const settings = formNamed(page, "Organization settings");
  await expectPostsBeforeScripts(settings);
  await settings.getByLabel("Organization name").fill("Difference Engines");
  await submitAndLoad(settings.getByRole("button", { name: "Save settings" }));
  await expect(settings.getByRole("status")).toHaveText("Organization settings saved.");
  await expect(page.getByRole("heading", { level: 1, name: "Difference Engines" })).toBeVisible();
  await expect(settings.getByLabel("Organization name")).toHaveValue("Difference Engines");

  await page.goto(`/organizations/${orgId}/invitations`);
  const invite = formNamed(page, "Invite a member");
  await expectPostsBeforeScripts(invite);
  await invite.getByLabel("Email address").fill(invitee);
  await invite.getByLabel("Role").selectOption("admin");
  await submitAndLoad(invite.getByRole("button", { name: "Send invitation" }));
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${invitee}.`);
  await expect(page.getByRole("row").filter({ hasText: invitee })).toContainText("pending");

  // The API key form had the same binding: its answer, the key shown once, finishes loading too.
  await page.goto(`/organizations/${orgId}/api-keys`);
  const createKey = formNamed(page, "Create an API key");
  await createKey.getByLabel("Key name").fill("nojs-key");
  const password = createKey.getByLabel("Your password");
  if (await password.isVisible()) await password.fill(owner.password);
  await submitAndLoad(createKey.getByRole("button", { name: "Create API key" }));
  await expect(page.getByTestId("api-key-secret")).toBeVisible();
  await expect(page.getByRole("list", { name: "API keys" })).toContainText("nojs-key");
  await context.close();
});
