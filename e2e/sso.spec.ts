import type { Browser, Page, TestInfo } from "@playwright/test";
import { setTxt, uniqueDomain, verificationRecordName } from "../tests/support/dns";
import { LoginPage } from "./pages/auth-pages";
import { ProfilePage } from "./pages/profile-page";
import { SingleSignOnPage } from "./pages/sso-pages";
import { apiCall, apiLogin, confirmedAccount, PASSWORD, type Account } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { codeIn, linkIn, waitForEmail } from "./support/mail";
import { snap } from "./support/screenshots";

// Enterprise single sign-on in Chromium, against the SAML and DNS stand-ins Playwright starts
// (docs/sso-testing.md): an owner claims a domain on the organization's Single sign-on page,
// proves it with the TXT record the page shows (published through the DNS stand-in's control
// port), connects the SAML IdP by pasting its metadata, and enforces it after a confirmation.
// A newcomer at that domain then signs in through the IdP's page and lands signed in, in the
// organization; a person there with a password is told to use SSO, with the link. An owner also
// changes a connection's settings (the password asked again), tests it, deletes it and removes the
// domain; an admin reads the page, a member has none. The owner's journeys are walked once with
// JavaScript and once without. Every page state met is checked with axe (which needs JavaScript).

const base = () => process.env.E2E_BASE_URL!;
const samlIdpUrl = () => process.env.E2E_SAML_IDP_URL!;

async function samlIdpMetadata(): Promise<string> {
  const res = await fetch(`${samlIdpUrl()}/metadata`);
  expect(res.status).toBe(200);
  return res.text();
}

/** An account with a password at `email` (any domain), registered and confirmed through the API. */
async function passwordAccount(email: string): Promise<Account> {
  const post = (path: string, json: unknown) =>
    fetch(`${base()}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
  expect((await post("/api/auth/register", { email, password: PASSWORD, name: "Pat Password" })).status).toBe(201);
  const code = codeIn(await waitForEmail(email, /confirmation code/i));
  expect((await post("/api/auth/confirm-account", { email, code })).status).toBeLessThan(300);
  return { email, password: PASSWORD, name: "Pat Password" };
}

/** The owner's organization (made with the account), as the API lists it. */
async function organizationOf(owner: Account) {
  const list = (await (await apiCall("GET", "/api/organizations", await apiLogin(owner))).json()) as {
    items: { id: string; name: string; slug: string }[];
  };
  return list.items[0]!;
}

async function signInWithPassword(page: Page, account: Account) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(account.email, account.password);
  await new ProfilePage(page).expectLoaded();
}

/**
 * The owner's part, the same with JavaScript or without: domain added, refused until its TXT
 * record is published, then verified; SAML connection from the IdP's metadata; enforced after
 * the confirmation step.
 */
async function ownerSetsUpSso(page: Page, owner: Account, org: { id: string }, domain: string, js: boolean, testInfo: TestInfo) {
  const sso = new SingleSignOnPage(page);
  // axe runs as a script in the page: with JavaScript off it cannot (the server's HTML is the same).
  const audit = (what: string) => (js ? expectAccessible(page, what) : Promise.resolve());
  await page.goto(`/organizations/${org.id}`);
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Single sign-on" }).click();
  await sso.expectLoaded();
  await expect(sso.domains).toHaveCount(0);
  await audit("the Single sign-on page, empty");

  // A public mail domain is refused next to the field.
  await sso.addDomain("gmail.com");
  await expect(sso.addDomainForm.getByText("public mail domain cannot be claimed")).toBeVisible();
  await expect(sso.addDomainForm.getByLabel("Domain")).toHaveAttribute("aria-invalid", "true");

  await sso.addDomain(domain.toUpperCase());
  await expect(sso.addDomainForm.getByRole("status")).toContainText(`${domain} added`);
  await expect(sso.domain(domain)).toContainText("Pending verification");
  const record = await sso.txtRecord(domain);
  expect(record.name).toBe(verificationRecordName(domain));
  expect(record.value).toMatch(/^keystone-verification=/);
  // The Copy buttons need a script; without one the values are there to select.
  const copy = sso.domain(domain).getByRole("button", { name: "Copy TXT record value" });
  if (js) {
    await copy.click();
    await expect(sso.domain(domain).getByRole("button", { name: "Copied TXT record value" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(record.value);
  } else {
    await expect(copy).toHaveCount(0);
  }
  await audit("a pending domain");

  // Verify before the record exists: told so in the row.
  await sso.verifyForm(domain).getByRole("button", { name: "Verify" }).click();
  await expect(sso.verifyForm(domain).getByRole("alert")).toContainText("No TXT record");
  await audit("a domain whose TXT record is missing");

  await setTxt(record.name, [record.value]);
  await sso.verifyForm(domain).getByRole("button", { name: "Verify" }).click();
  await expect(sso.domain(domain).getByRole("status")).toContainText(`${domain} is verified`);
  await expect(sso.domain(domain)).toContainText("Verified");
  await expect(sso.domain(domain).getByLabel("TXT record value", { exact: true })).toHaveCount(0);

  // A SAML connection from the IdP's metadata; the page then shows what to give the IdP.
  await sso.fillSamlForm(await samlIdpMetadata(), owner.password);
  await audit("the SAML connection form");
  await sso.samlForm.getByRole("button", { name: "Add SAML connection" }).click();
  const connection = sso.connection(/^SAML connection to /);
  await expect(connection.getByRole("status")).toContainText("Connection added");
  const acsUrl = await connection.getByLabel("ACS URL", { exact: true }).inputValue();
  expect(acsUrl).toMatch(new RegExp(`^${base()}/api/auth/sso/saml/[\\w-]+/acs$`));
  expect(await connection.getByLabel("SP entity ID (audience)", { exact: true }).inputValue()).toBe(acsUrl.replace(/\/acs$/, "/metadata"));
  expect(await connection.getByLabel("SP metadata URL", { exact: true }).inputValue()).toBe(acsUrl.replace(/\/acs$/, "/metadata"));
  await expect(connection).toContainText(`${samlIdpUrl()}/saml/sso`);
  await expect(connection.getByRole("link", { name: "Test sign-in" })).toHaveAttribute("href", /^\/api\/auth\/sso\/start\?connection=/);
  await audit("a new SAML connection");

  // Enforcement: the first button only asks; the warning says what happens and who keeps a way in.
  const enforcement = sso.enforcementForm();
  await expect(enforcement).toContainText("Not enforced");
  await enforcement.getByRole("button", { name: "Enforce single sign-on…" }).click();
  await expect(enforcement.getByText("Confirm:")).toBeVisible();
  await expect(enforcement).toContainText(domain);
  await expect(enforcement).toContainText("break-glass");
  await audit("confirming enforcement");
  await snap(page, testInfo, `sso-enforce-confirm${js ? "" : "-nojs"}`);
  await sso.fillPasswordIfAsked(enforcement, owner.password);
  await enforcement.getByRole("button", { name: "Enforce single sign-on", exact: true }).click();
  await expect(enforcement.getByRole("status")).toContainText("Single sign-on is enforced");
  await expect(connection.getByRole("heading", { name: /^SAML connection/ }).locator("..")).toContainText("Enforced");
  await expect(enforcement.getByRole("button", { name: "Stop enforcing…" })).toBeVisible();
  await audit("an enforced connection");

  // A second connection, over OpenID Connect: its redirect URI to register; the secret never shown.
  const secret = `oidc-secret-${Date.now().toString(36)}`;
  const oidcForm = page.getByRole("form", { name: "Add an OpenID Connect connection" });
  await page.getByText("OpenID Connect", { exact: true }).click();
  await oidcForm.getByLabel("Issuer URL").fill(`${process.env.E2E_OIDC_IDP_URL}/oidc`);
  await oidcForm.getByLabel("Client ID").fill("keystone-e2e");
  await oidcForm.getByLabel("Client secret").fill(secret);
  await sso.fillPasswordIfAsked(oidcForm, owner.password);
  await oidcForm.getByRole("button", { name: "Add OpenID Connect connection" }).click();
  const oidc = sso.connection(/^OpenID Connect connection to /);
  await expect(oidc.getByRole("status")).toContainText("Connection added");
  expect(await oidc.getByLabel("Redirect URI", { exact: true }).inputValue()).toMatch(
    new RegExp(`^${base()}/api/auth/sso/oidc/[\\w-]+/callback$`),
  );
  // Sign-in keeps going through the enforced SAML connection, and the page says so; the OIDC one
  // can still be tested: its test starts at that connection, not at the organization's first.
  await expect(oidc).toContainText("People signing in go through the connection marked");
  const oidcTest = (await oidc.getByRole("link", { name: "Test sign-in" }).getAttribute("href"))!;
  const started = await page.request.get(oidcTest, { maxRedirects: 0 });
  expect(started.status()).toBe(303);
  expect(started.headers().location).toMatch(new RegExp(`^${process.env.E2E_OIDC_IDP_URL}/oidc/`));
  expect(await page.content()).not.toContain(secret);
  await audit("two connections, one enforced");
}

async function newPage(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  return { context, page: await context.newPage() };
}

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";
  test(`${mode}: an owner verifies a domain, connects the SAML IdP and enforces it; a newcomer there signs in through the IdP, a password is told to use SSO`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const owner = await confirmedAccount("sso-owner", "Ada Owner");
    const org = await organizationOf(owner);
    const domain = uniqueDomain("sso");
    // Someone at the domain who set a password before SSO was enforced.
    const withPassword = await passwordAccount(`pat@${domain}`);

    const ownerSide = await newPage(browser, js);
    if (js) await ownerSide.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInWithPassword(ownerSide.page, owner);
    await ownerSetsUpSso(ownerSide.page, owner, org, domain, js, testInfo);

    // A newcomer at the domain: "Sign in with SSO" on /login, their address, the IdP's page.
    const newcomer = `grace-${Date.now().toString(36)}@${domain}`;
    const person = await newPage(browser, js);
    await person.page.goto("/login");
    await person.page.getByRole("link", { name: "Sign in with SSO" }).click();
    await expect(person.page.getByRole("heading", { name: "Sign in with SSO" })).toBeVisible();
    if (js) await expectAccessible(person.page, "/sso");
    await person.page.getByLabel("Work email").fill(newcomer);
    await person.page.getByRole("button", { name: "Continue" }).click();
    // A form may only lead to this site (CSP form-action): the page links on to the IdP, and a
    // script follows the link at once.
    if (!js) await person.page.getByRole("link", { name: "Continue to your identity provider" }).click();
    await expect(person.page).toHaveURL(new RegExp(`^${samlIdpUrl()}/saml/sso`));
    await person.page.getByLabel("Email").fill(newcomer);
    await person.page.getByRole("button", { name: "Sign in" }).click();
    // Without JavaScript the IdP's answer waits for its Continue button (the HTTP-POST binding by hand).
    if (!js) await person.page.getByRole("button", { name: "Continue" }).click();
    await new ProfilePage(person.page).expectLoaded();
    // … in the organization, whose pages open for a session its IdP started.
    await person.page.goto("/organizations");
    await person.page.getByRole("list", { name: "Your organizations" }).getByRole("link", { name: org.name }).click();
    await expect(person.page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
    await expect(person.page.getByText(/your role:/)).toContainText("member");
    await person.context.close();

    // A password at the domain: refused, told why, with the way to SSO.
    const passwordSide = await newPage(browser, js);
    const login = new LoginPage(passwordSide.page);
    await login.goto();
    await login.signIn(withPassword.email, withPassword.password);
    await expect(login.error).toContainText("signs you in through its identity provider");
    const continueLink = login.form.getByRole("link", { name: "Continue with SSO" });
    await expect(continueLink).toHaveAttribute("href", `/sso?organization=${encodeURIComponent(org.slug)}`);
    if (js) await expectAccessible(passwordSide.page, "/login answering sso_required");
    await snap(passwordSide.page, testInfo, `login-sso-required${js ? "" : "-nojs"}`);
    await continueLink.click();
    await expect(passwordSide.page).toHaveURL(new RegExp(`^${samlIdpUrl()}/saml/sso`));
    await passwordSide.context.close();
    await ownerSide.context.close();
  });
}

test("an admin reads the Single sign-on page; a member has none", async ({ browser }) => {
  const owner = await confirmedAccount("sso-reader-owner", "Grace Owner");
  const org = await organizationOf(owner);
  const token = await apiLogin(owner);
  const domain = uniqueDomain("sso-read");
  const added = await apiCall("POST", `/api/organizations/${org.id}/domains`, token, { domain });
  expect(added.status).toBe(201);

  for (const role of ["admin", "member"] as const) {
    const person = await confirmedAccount(`sso-${role}`);
    const invited = await apiCall("POST", `/api/organizations/${org.id}/invitations`, token, { email: person.email, role });
    expect(invited.status).toBe(201);
    const { page, context } = await newPage(browser);
    await signInWithPassword(page, person);
    await page.goto(linkIn(await waitForEmail(person.email, /invited to join/), "/invitations/"));
    await page.getByRole("button", { name: /^Accept invitation to / }).click();
    await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Organization" });
    if (role === "admin") {
      await nav.getByRole("link", { name: "Single sign-on" }).click();
      const sso = new SingleSignOnPage(page);
      await sso.expectLoaded();
      await expect(page.getByText("Only the organization's owners change single sign-on")).toBeVisible();
      await expect(sso.domain(domain)).toContainText("Pending verification");
      await expect(sso.addDomainForm).toHaveCount(0);
      await expect(sso.verifyForm(domain)).toHaveCount(0);
      await expect(page.getByRole("form", { name: "Add a SAML connection" })).toHaveCount(0);
      await expectAccessible(page, "the Single sign-on page, read by an admin");
    } else {
      await expect(nav.getByRole("link", { name: "Single sign-on" })).toHaveCount(0);
      expect((await page.goto(`/organizations/${org.id}/sso`))?.status()).toBe(404);
    }
    await context.close();
  }
});

for (const js of [true, false]) {
  const mode = js ? "with JavaScript" : "without JavaScript";
  test(`${mode}: an owner changes a connection's settings, tests it, deletes it with the password and removes the domain`, async ({
    browser,
  }) => {
    const owner = await confirmedAccount("sso-manage-owner", "Lin Owner");
    const org = await organizationOf(owner);
    const token = await apiLogin(owner);
    const domain = uniqueDomain("sso-manage");
    const added = (await (await apiCall("POST", `/api/organizations/${org.id}/domains`, token, { domain })).json()) as {
      id: string;
      verification: { name: string; value: string };
    };
    await setTxt(added.verification.name, [added.verification.value]);
    expect((await apiCall("POST", `/api/organizations/${org.id}/domains/${added.id}/verify`, token)).status).toBe(200);
    // Another device's step-up: the browser's own session still has to give the password.
    expect((await apiCall("POST", "/api/auth/check-password", token, { password: owner.password })).status).toBe(200);
    const created = await apiCall("POST", `/api/organizations/${org.id}/sso-connections`, token, {
      type: "saml",
      idpMetadataXml: await samlIdpMetadata(),
    });
    expect(created.status).toBe(201);

    const { page, context } = await newPage(browser, js);
    await signInWithPassword(page, owner);
    await page.goto(`/organizations/${org.id}/sso`);
    const sso = new SingleSignOnPage(page);
    await sso.expectLoaded();
    const connection = sso.connection(/^SAML connection to /);

    // Settings, with the password (this session has not re-checked it).
    const settings = page.getByRole("form", { name: /^Settings of / });
    await settings.getByLabel("Default role").selectOption("admin");
    await settings.getByLabel("The identity provider enforces MFA").check();
    await settings.getByLabel("Your password").fill("not the password");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByLabel("Your password")).toHaveAttribute("aria-invalid", "true");
    if (js) await expectAccessible(page, "connection settings refused for a wrong password");
    await settings.getByLabel("Default role").selectOption("admin");
    await settings.getByLabel("The identity provider enforces MFA").check();
    await settings.getByLabel("Your password").fill(owner.password);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Connection settings saved.");
    await expect(connection.locator("dl")).toContainText("Default roleadmin");
    await expect(connection.locator("dl")).toContainText("IdP enforces MFAYes");

    // "Test sign-in" starts at the IdP and comes back here.
    const testLink = connection.getByRole("link", { name: "Test sign-in" });
    const href = (await testLink.getAttribute("href"))!;
    expect(new URL(href, base()).searchParams.get("returnTo")).toBe(`/organizations/${org.id}/sso`);
    await testLink.click();
    await expect(page).toHaveURL(new RegExp(`^${samlIdpUrl()}/saml/sso`));
    await page.goto(`/organizations/${org.id}/sso`);

    // Deleted, the step-up window now open: no password asked.
    await page.getByText("Delete this connection…").click();
    const deletion = page.getByRole("form", { name: /^Delete SAML connection/ });
    await expect(deletion.getByLabel("Your password")).toHaveCount(0);
    await deletion.getByRole("button", { name: "Delete connection" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The connection was deleted." })).toBeVisible();
    await expect(sso.connections).toContainText("No connections yet.");

    await page.getByText(`Remove ${domain}…`).click();
    await page
      .getByRole("form", { name: `Remove ${domain}` })
      .getByRole("button", { name: "Remove domain" })
      .click();
    await expect(page.getByRole("status").filter({ hasText: "The domain was removed." })).toBeVisible();
    await expect(page.getByText("No domains yet.")).toBeVisible();
    if (js) await expectAccessible(page, "the Single sign-on page after removals");
    await context.close();
  });
}
