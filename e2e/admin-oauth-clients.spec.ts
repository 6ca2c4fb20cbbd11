import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import pg from "pg";
import { AdminOAuthClientPage, AdminOAuthClientsPage } from "./pages/admin-pages";
import { confirmedAccount } from "./support/accounts";
import { signInWithCode, signInWithCodeWithoutScripts, submitAndLoad, withAuthenticatorApp } from "./support/admin-sign-in";
import { expectAccessible } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { grantInstanceAdmin } from "./support/instance-admin";
import { snap } from "./support/screenshots";

// /admin/oauth-clients in Chromium: an instance admin (granted with `npm run admin:grant`, signed
// in with password + authenticator code) registers a confidential client and sees its secret once
// (a reload finds it gone; the database holds its hash and the token endpoint takes it), is shown
// a refused redirect URI next to its field, edits the client (its ID tokens to ES256), rotates its
// secret (the old one stops at once) and deletes it. The same without JavaScript, where the server's own check
// answers inline. Nobody else finds the page. Every page state met is checked with axe.

// Each test signs an admin in with a second factor and audits several pages: more than the default
// minute when the machine is busy.
test.describe.configure({ timeout: 120_000 });

const unique = () => Date.now().toString(36);

/** Reads the suite's database: what the page must not show (the stored hash) and what it recorded. */
async function database<T>(query: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 55510}/app` });
  await db.connect();
  return query(db).finally(() => db.end());
}

/** Whether `secret` is the client's secret now: the stored hash is its SHA-256 (lib/oauth/clients.ts). */
const isClientSecret = (clientId: string, secret: string) =>
  database(async (db) => {
    const { rows } = await db.query<{ secretHash: string | null }>(`SELECT "secretHash" FROM oauth_clients WHERE id = $1`, [clientId]);
    return rows[0]?.secretHash === createHash("sha256").update(secret).digest("base64url");
  });

/** A client_credentials request at the token endpoint (confidential clients only): its HTTP status. */
async function tokenStatus(clientId: string, secret: string) {
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return response.status;
}

/** The instance log's entries about the client, oldest first: type, actor and what changed. */
const eventsAbout = (clientId: string) =>
  database(async (db) => {
    const { rows } = await db.query<{ type: string; actorId: string | null; changed: string[] | null }>(
      `SELECT type, "actorId", metadata->'changed' AS changed FROM audit_events
        WHERE "organizationId" IS NULL AND metadata->>'clientId' = $1 ORDER BY "createdAt", id`,
      [clientId],
    );
    return rows;
  });

/** A new instance admin, signed in with password and authenticator code (an aal2 session, as /admin needs). */
async function signInAsAdmin(page: Page, tag: string) {
  const admin = await confirmedAccount(tag);
  await grantInstanceAdmin(admin.email);
  const { app } = await withAuthenticatorApp(admin);
  await signInWithCode(page, admin, app);
}

test("an admin registers a confidential client: a refused redirect URI is shown inline, then the secret once", async ({
  page,
}, testInfo) => {
  // Signed out, the page is not there.
  expect((await page.goto("/admin/oauth-clients"))?.status()).toBe(404);

  await signInAsAdmin(page, "oauth-admin");

  // The administration pages link to it.
  await page.goto("/admin");
  const adminNav = page.getByRole("navigation", { name: "Administration" });
  await adminNav.getByRole("link", { name: "OAuth clients" }).click();
  const clients = new AdminOAuthClientsPage(page);
  await clients.expectLoaded();
  await expect(adminNav.getByRole("link", { name: "OAuth clients" })).toHaveAttribute("aria-current", "page");
  await expect(adminNav.getByRole("link", { name: "Users" })).not.toHaveAttribute("aria-current", "page");
  await expectAccessible(page, "/admin/oauth-clients");

  // A redirect URI that breaks the rules: the API's own message, next to the field, naming its line.
  const name = `Team wiki ${unique()}`;
  await clients.fill({ name, redirectUris: ["https://wiki.example.com/callback", "http://wiki.example.com/callback"] });
  await clients.submit.click();
  const uris = clients.form.getByLabel("Redirect URIs", { exact: true });
  await expect(clients.form.getByText("Line 2: Use https (http only on localhost, 127.0.0.1 or [::1]).")).toBeVisible();
  await expect(uris).toHaveAttribute("aria-invalid", "true");
  await expect(clients.secret).toHaveCount(0);
  await expectAccessible(page, "/admin/oauth-clients with a refused redirect URI");

  await uris.fill("https://wiki.example.com/callback\nhttp://localhost:3000/callback");
  await clients.form.getByRole("checkbox", { name: /^offline_access:/ }).check();
  await clients.submit.click();

  // The secret, once, with a copy button and the warning.
  const reveal = page.getByRole("status", { name: "New client secret" });
  await expect(clients.secret).toHaveText(/^ocs_[\w-]{20,}$/);
  const secret = (await clients.secret.textContent())!;
  await expect(reveal).toContainText("It will not be shown again");
  await expect(reveal.getByRole("button", { name: "Copy" })).toBeVisible();
  await expect(clients.form.getByRole("status")).toContainText(`“${name}” is registered`);
  const row = clients.row(name);
  await expect(row).toContainText("confidential");
  await expect(row).toContainText("https://wiki.example.com/callback");
  await expect(row).toContainText("http://localhost:3000/callback");
  await expect(row).toContainText("openid profile email offline_access");
  // ID tokens: OpenID Connect's default unless chosen otherwise.
  await expect(row).toContainText("RS256");
  const clientId = (await row.getByRole("cell").nth(1).textContent())!;
  expect(clientId).toMatch(/^oc_/);
  // The form is ready for the next one.
  await expect(clients.form.getByLabel("Name", { exact: true })).toHaveValue("");
  await expectAccessible(page, "/admin/oauth-clients with a new secret");
  await snap(page, testInfo, "admin-oauth-client-created");
  // It is the client's real secret (only its hash is kept).
  expect(await isClientSecret(clientId, secret)).toBe(true);

  await page.reload();
  await clients.expectLoaded();
  await expect(clients.row(name)).toBeVisible();
  await expect(clients.secret).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
});

test("an admin edits a client, rotates its secret (shown once, the old one stops) and deletes it; the API's events are recorded", async ({
  page,
}) => {
  await signInAsAdmin(page, "oauth-admin-edit");
  const clients = new AdminOAuthClientsPage(page);
  await clients.goto();
  const name = `Team wiki ${unique()}`;
  await clients.fill({ name, redirectUris: ["https://wiki.example.com/callback", "http://localhost:3000/callback"] });
  await clients.submit.click();
  await expect(clients.secret).toHaveText(/^ocs_/);
  const secret = (await clients.secret.textContent())!;
  const clientId = (await clients.row(name).getByRole("cell").nth(1).textContent())!;
  expect(await tokenStatus(clientId, secret)).toBe(200);
  await page.reload();

  // Edit: a new name, one more redirect URI, first-party, ES256 ID tokens.
  await clients.row(name).getByRole("link", { name }).click();
  const detail = new AdminOAuthClientPage(page);
  await detail.expectLoaded(name);
  await expect(detail.facts).toContainText(clientId);
  await expect(detail.facts).toContainText("Secret rotatedNever");
  await expectAccessible(page, "/admin/oauth-clients/{id}");
  const renamed = `${name} (staff)`;
  await detail.edit.getByLabel("Name", { exact: true }).fill(renamed);
  await detail.edit
    .getByLabel("Redirect URIs", { exact: true })
    .fill("https://wiki.example.com/callback\nhttp://localhost:3000/callback\nhttps://wiki.example.com/callback#x");
  await detail.edit.getByRole("button", { name: "Save changes" }).click();
  await expect(detail.edit.getByText("Line 3: A redirect URI has no fragment (#…).")).toBeVisible();
  await detail.edit
    .getByLabel("Redirect URIs", { exact: true })
    .fill("https://wiki.example.com/callback\nhttp://localhost:3000/callback\nhttps://staff.example.com/callback");
  await detail.edit.getByLabel(/^First-party/).check();
  await expect(detail.edit.getByRole("radio", { name: /^RS256 \(default\):/ })).toBeChecked();
  await detail.edit.getByRole("radio", { name: /^ES256:/ }).check();
  await detail.edit.getByRole("button", { name: "Save changes" }).click();
  await expect(detail.edit.getByRole("status")).toContainText("Client saved.");
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(detail.facts).toContainText("https://staff.example.com/callback");
  await expect(page.getByText("first-party", { exact: true })).toBeVisible();
  await expect(detail.facts).toContainText("ID token signatureES256");

  // Rotate: the new secret once; the old one stops at once.
  const rotate = await detail.unfold("Rotate the secret…");
  await expectAccessible(page, "/admin/oauth-clients/{id} before a rotation");
  await rotate.getByRole("button", { name: "Rotate secret" }).click();
  await expect(detail.secret).toHaveText(/^ocs_/);
  const rotated = (await detail.secret.textContent())!;
  expect(rotated).not.toBe(secret);
  await expect(page.getByRole("status", { name: "New client secret" })).toContainText("It will not be shown again");
  await expect(detail.facts).not.toContainText("Secret rotatedNever");
  await expectAccessible(page, "/admin/oauth-clients/{id} with a new secret");
  expect(await isClientSecret(clientId, rotated)).toBe(true);
  expect(await tokenStatus(clientId, secret)).toBe(401);
  expect(await tokenStatus(clientId, rotated)).toBe(200);
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(detail.secret).toHaveCount(0);
  await page.reload();
  await detail.expectLoaded(renamed);
  await expect(detail.secret).toHaveCount(0);

  // Delete, once unfolded: back to the list, without it.
  const remove = await detail.unfold("Delete this client…");
  await expect(remove).toContainText("This cannot be undone.");
  await remove.getByRole("button", { name: "Delete client" }).click();
  await clients.expectLoaded();
  await expect(page.getByRole("status")).toContainText("The client was deleted");
  await expect(clients.row(renamed)).toHaveCount(0);
  expect(await tokenStatus(clientId, rotated)).toBe(401);
  expect((await page.goto(`/admin/oauth-clients/${clientId}`))?.status()).toBe(404);

  // The API's events, by this admin; the edit names only what it changed.
  const adminId = (await eventsAbout(clientId))[0]?.actorId;
  expect(adminId).toBeTruthy();
  expect(await eventsAbout(clientId)).toEqual([
    { type: "oauth.client_created", actorId: adminId, changed: null },
    { type: "oauth.client_updated", actorId: adminId, changed: ["name", "redirectUris", "firstParty", "idTokenSigningAlg"] },
    { type: "oauth.client_updated", actorId: adminId, changed: ["secret"] },
    { type: "oauth.client_deleted", actorId: adminId, changed: null },
  ]);
});

test("without JavaScript an admin registers a client (the server shows a refused redirect URI inline), sees the secret once, and deletes it", async ({
  browser,
}) => {
  const admin = await confirmedAccount("oauth-admin-nojs");
  await grantInstanceAdmin(admin.email);
  const { app } = await withAuthenticatorApp(admin);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInWithCodeWithoutScripts(page, admin, app);

  const clients = new AdminOAuthClientsPage(page);
  await clients.goto();
  // Posted from the server's HTML (never a GET with the fields in the URL).
  await expect(clients.form).toHaveAttribute("method", /^post$/i);

  const name = `Native app ${unique()}`;
  await clients.fill({ name, type: "Public", redirectUris: ["com.example.app:/callback", "https://app.example.com/cb#done"] });
  await clients.form.getByRole("radio", { name: /^ES256:/ }).check();
  const [answer] = await submitAndLoad(page, clients.submit);
  expect(answer).toBeTruthy();
  const uris = clients.form.getByLabel("Redirect URIs", { exact: true });
  await expect(clients.form.getByText("Line 2: A redirect URI has no fragment (#…).")).toBeVisible();
  await expect(uris).toHaveAttribute("aria-invalid", "true");
  // What was typed is kept.
  await expect(clients.form.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(uris).toHaveValue("com.example.app:/callback\nhttps://app.example.com/cb#done");
  await expect(clients.form.getByRole("radio", { name: /^Public:/ })).toBeChecked();
  await expect(clients.form.getByRole("radio", { name: /^ES256:/ })).toBeChecked();

  // A public client has no secret; a confidential one's shows once.
  await uris.fill("com.example.app:/callback");
  await submitAndLoad(page, clients.submit);
  await expect(clients.form.getByRole("status")).toContainText(`“${name}” is registered`);
  await expect(clients.secret).toHaveCount(0);
  await expect(clients.row(name)).toContainText("public");
  await expect(clients.row(name)).toContainText("ES256");

  const server = `Reports ${unique()}`;
  await clients.fill({ name: server, redirectUris: ["https://reports.example.com/callback"], scopes: { profile: false, email: false } });
  await submitAndLoad(page, clients.submit);
  await expect(clients.secret).toHaveText(/^ocs_/);
  await expect(clients.row(server)).toContainText("openid");
  // Loaded again (a GET: reloading the POST's answer would send the form again), it is gone.
  await clients.goto();
  await expect(clients.row(server)).toBeVisible();
  await expect(clients.secret).toHaveCount(0);

  // The delete form unfolds without a script too.
  await submitAndLoad(page, clients.row(name).getByRole("link", { name }));
  const detail = new AdminOAuthClientPage(page);
  await detail.expectLoaded(name);
  await expect(page.getByRole("region", { name: "Client secret" })).toHaveCount(0);
  const remove = await detail.unfold("Delete this client…");
  await submitAndLoad(page, remove.getByRole("button", { name: "Delete client" }));
  await clients.expectLoaded();
  await expect(page.getByRole("status")).toContainText("The client was deleted");
  await expect(clients.row(name)).toHaveCount(0);
  await context.close();
});
