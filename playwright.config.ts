import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { launcherEnv, LAUNCHER_COMMAND_LINE } from "./scripts/lib/launch-app";
import { e2eAppEnv } from "./e2e/support/app-env";

// End-to-end tests in Debian's Chromium (no browser download), against the production build
// served by the local launcher on a fresh embedded PostgreSQL, with mail going through the real
// Resend SDK to the local stand-in, and the enterprise SSO stand-ins (a SAML and an OpenID Connect
// identity provider, a DNS server the app resolves domain-verification records through). Ports
// are configurable so parallel checkouts do not clash.

const PORT = Number(process.env.E2E_PORT ?? 3210);
const STANDIN_PORT = Number(process.env.E2E_STANDIN_PORT ?? 4110);
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 55510);
const OAUTH_PORT = Number(process.env.E2E_OAUTH_PORT ?? 4120);
const GOOGLE_PORT = Number(process.env.E2E_GOOGLE_PORT ?? 4130);
const SAML_IDP_PORT = Number(process.env.E2E_SAML_IDP_PORT ?? 4140);
const OIDC_IDP_PORT = Number(process.env.E2E_OIDC_PORT ?? 4150);
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 4160);
const DNS_CONTROL_PORT = Number(process.env.E2E_DNS_CONTROL_PORT ?? 4170);
const GITHUB = { id: "e2e-github-client", secret: "e2e-github-secret" };
const GOOGLE = { id: "e2e-google-client", secret: "e2e-google-secret" };
// The config is loaded again in each worker: create the data folder once and pass it down.
const DATA_DIR = (process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "e2e-data-")));
process.env.E2E_BASE_URL = `http://localhost:${PORT}`;
process.env.E2E_STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}`;
process.env.E2E_OAUTH_URL = `http://127.0.0.1:${OAUTH_PORT}`;
process.env.E2E_GOOGLE_URL = `http://127.0.0.1:${GOOGLE_PORT}`;
// Read by tests/support/sso.ts and dns.ts (which fall back to these outside vitest) and by e2eAppEnv.
process.env.E2E_SAML_IDP_URL = `http://127.0.0.1:${SAML_IDP_PORT}`;
process.env.E2E_OIDC_IDP_URL = `http://127.0.0.1:${OIDC_IDP_PORT}`;
process.env.E2E_DNS_SERVERS = `127.0.0.1:${DNS_PORT}`;
process.env.E2E_DNS_CONTROL_URL = `http://127.0.0.1:${DNS_CONTROL_PORT}`;

export default defineConfig({
  testDir: "e2e",
  // Our own folder: another suite cleaning test-results/ must not pull traces from under a run.
  outputDir: "e2e/artifacts/results",
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "e2e/artifacts/report" }]] : "list",
  use: {
    // Next builds URLs from `localhost`: browsing 127.0.0.1 would lose the Auth.js cookie.
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1280, height: 860 } } }],
  webServer: [
    {
      command: "npx tsx scripts/resend-standin.ts",
      url: `${process.env.E2E_STANDIN_URL}/emails`,
      env: { STANDIN_PORT: String(STANDIN_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // GitHub's OAuth endpoints, locally: the real Auth.js GitHub provider signs in against it.
      command: "npx tsx scripts/oauth-standin.ts",
      url: `${process.env.E2E_OAUTH_URL}/__health`,
      env: { OAUTH_STANDIN_PORT: String(OAUTH_PORT), AUTH_GITHUB_ID: GITHUB.id, AUTH_GITHUB_SECRET: GITHUB.secret },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Google's OpenID Connect endpoints, locally: the real Auth.js Google provider discovers them.
      command: "npx tsx scripts/google-standin.ts",
      url: `${process.env.E2E_GOOGLE_URL}/__health`,
      env: { GOOGLE_STANDIN_PORT: String(GOOGLE_PORT), AUTH_GOOGLE_ID: GOOGLE.id, AUTH_GOOGLE_SECRET: GOOGLE.secret },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // An organization's SAML identity provider: metadata, a sign-in page, a signed response posted to the app's ACS.
      command: "npx tsx scripts/saml-idp-standin.ts",
      url: `${process.env.E2E_SAML_IDP_URL}/__health`,
      env: { SAML_IDP_STANDIN_PORT: String(SAML_IDP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // An organization's OpenID Connect identity provider (issuer <url>/oidc); tests register their clients at run time.
      command: "npx tsx scripts/oidc-idp-standin.ts",
      url: `${process.env.E2E_OIDC_IDP_URL}/__health`,
      env: { OIDC_IDP_STANDIN_PORT: String(OIDC_IDP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The DNS server behind the app's DNS_SERVERS: tests publish _keystone-verification TXT records through its control port.
      command: "npx tsx scripts/dns-standin.ts",
      url: `${process.env.E2E_DNS_CONTROL_URL}/__health`,
      env: { DNS_STANDIN_PORT: String(DNS_PORT), DNS_STANDIN_CONTROL_PORT: String(DNS_CONTROL_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The launcher behind `npm start`, started as the bench and two-instances.spec.ts start it.
      command: LAUNCHER_COMMAND_LINE,
      url: `${process.env.E2E_BASE_URL}/api/health`,
      env: launcherEnv({
        port: PORT,
        dataDir: DATA_DIR,
        database: { embeddedPort: PG_PORT },
        env: {
          ...e2eAppEnv(),
          APP_URL: process.env.E2E_BASE_URL,
          AUTH_GITHUB_ID: GITHUB.id,
          AUTH_GITHUB_SECRET: GITHUB.secret,
          AUTH_GITHUB_ENTERPRISE_URL: process.env.E2E_OAUTH_URL,
          AUTH_GOOGLE_ID: GOOGLE.id,
          AUTH_GOOGLE_SECRET: GOOGLE.secret,
          AUTH_GOOGLE_ISSUER: process.env.E2E_GOOGLE_URL,
        },
      }),
      reuseExistingServer: false,
      // The launcher builds first when the build is older than the sources.
      timeout: 300_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
