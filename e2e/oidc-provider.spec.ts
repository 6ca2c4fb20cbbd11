import type { Page } from "@playwright/test";
import * as client from "openid-client";
import { LoginPage } from "./pages/auth-pages";
import { Authenticator } from "./pages/mfa-pages";
import { ProfilePage } from "./pages/profile-page";
import { apiLogin, confirmedAccount, type Account } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { grantInstanceAdmin } from "./support/instance-admin";
import { snap } from "./support/screenshots";

// The OpenID Provider in Chromium, with openid-client as the application: an instance admin
// registers a third-party client; a person follows the application's sign-in link, signs in on
// our /login, allows the application on our consent page and lands on its redirect URI with a
// code, which the application redeems (PKCE) for an ID token, userinfo and a refresh token. The
// person then finds the application on /profile and removes its access: its refresh token is
// dead at once. A second application is denied. The pages met are checked with axe.

const base = () => process.env.E2E_BASE_URL!;
// The application's site: a host that does not resolve (the test reads the request that goes there).
const RP = "https://rp.example.test";

async function post(path: string, token: string, json?: unknown) {
  const res = await fetch(`${base()}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(json ? { "content-type": "application/json" } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An instance admin's token at aal2 (an authenticator app turned on through the API). */
async function adminToken(): Promise<string> {
  const admin = await confirmedAccount("oidc-admin");
  await grantInstanceAdmin(admin.email);
  const token = await apiLogin(admin);
  expect((await post("/api/auth/check-password", token, { password: admin.password })).status).toBe(200);
  const setup = await post("/api/auth/mfa/totp/setup", token);
  const app = new Authenticator(setup.body.secret as string);
  expect((await post("/api/auth/mfa/totp/enable", token, { code: await app.code() })).status).toBe(200);
  return token;
}

async function registerApplication(token: string, name: string) {
  const redirectUri = `${RP}/${name.toLowerCase().replace(/\W+/g, "-")}/callback`;
  const created = await post("/api/admin/oauth-clients", token, {
    name,
    type: "confidential",
    redirectUris: [redirectUri],
    scopes: ["openid", "email", "profile", "offline_access"],
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const secret = created.body.clientSecret as string;
  const configuration = await client.discovery(new URL(base()), id, secret, client.ClientSecretBasic(secret), {
    execute: [client.allowInsecureRequests],
  });
  return { configuration, redirectUri };
}

/** The application's sign-in link, and what it must remember to redeem the answer. */
async function signInLink(configuration: client.Configuration, redirectUri: string) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: "openid email profile offline_access",
    prompt: "consent",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  return { url: url.toString(), verifier, state };
}

/**
 * Where the browser lands at the application: the request to its redirect URI, read as it leaves
 * (the application's host does not exist; a redirect's target cannot be routed by Playwright).
 */
function arrivalAt(page: Page, redirectUri: string): Promise<URL> {
  return page.waitForRequest((request) => request.url().startsWith(`${redirectUri}?`)).then((request) => new URL(request.url()));
}

async function signIn(page: Page, person: Account) {
  const login = new LoginPage(page);
  await login.expectLoaded();
  await login.signIn(person.email, person.password);
}

test("a person signs in to an application through our pages, allows it, and removes its access on the profile", async ({
  page,
}, testInfo) => {
  const { configuration, redirectUri } = await registerApplication(await adminToken(), "Expense Reports");
  const person = await confirmedAccount("oidc-person");
  const link = await signInLink(configuration, redirectUri);
  await page.goto(link.url);
  await signIn(page, person);

  await expect(page.getByRole("heading", { name: "Allow Expense Reports?" })).toBeVisible();
  await expectAccessible(page, "the consent page");
  await snap(page, testInfo, "oidc-consent");
  const arrival = arrivalAt(page, redirectUri);
  await page.getByRole("button", { name: "Allow" }).click();

  const tokens = await client.authorizationCodeGrant(configuration, await arrival, {
    pkceCodeVerifier: link.verifier,
    expectedState: link.state,
    idTokenExpected: true,
  });
  const info = await client.fetchUserInfo(configuration, tokens.access_token, tokens.claims()!.sub);
  expect(info.email).toBe(person.email);
  expect(tokens.refresh_token).toBeTruthy();

  // A new tab of the same browser: the first one is still failing to reach the application's
  // host, and that error page would interrupt a navigation made there.
  const tab = await page.context().newPage();
  const profile = new ProfilePage(tab);
  await profile.goto();
  const applications = tab.getByRole("list", { name: "Applications with access" });
  await expect(applications.getByText("Expense Reports")).toBeVisible();
  await expectAccessible(tab, "the profile with an application");
  await applications.getByRole("form", { name: "Remove access of Expense Reports" }).getByRole("button", { name: "Remove access" }).click();
  await expect(tab.getByText("No application has access to your account.")).toBeVisible();
  expect((await client.tokenIntrospection(configuration, tokens.refresh_token!)).active).toBe(false);
  await expect(client.refreshTokenGrant(configuration, tokens.refresh_token!)).rejects.toThrow();
});

test("a person who denies an application sends it back with access_denied", async ({ page }) => {
  const { configuration, redirectUri } = await registerApplication(await adminToken(), "Unwanted App");
  const person = await confirmedAccount("oidc-deny");
  await page.goto((await signInLink(configuration, redirectUri)).url);
  await signIn(page, person);
  const arrival = arrivalAt(page, redirectUri);
  await page.getByRole("button", { name: "Deny" }).click();
  const back = await arrival;
  expect(back.searchParams.get("error")).toBe("access_denied");
  expect(back.searchParams.get("code")).toBeNull();
});
