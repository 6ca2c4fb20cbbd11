// What every app instance of the end-to-end suite is given beside its place (port, data folder,
// database: scripts/lib/launch-app.ts): mail through the real Resend SDK to the local stand-in,
// a cheap bcrypt cost, warnings only, and webhooks that may reach the tests' own receivers on
// 127.0.0.1 over http (a production build refuses private addresses by default), with the
// dispatcher polling every second rather than five, so a test's wait stays short; domain
// verification resolves through the DNS stand-in (E2E_DNS_SERVERS). Playwright's
// webServer instance and the second instance of two-instances.spec.ts both start from it, so
// they differ only where a test means them to.
export function e2eAppEnv(): Record<string, string | undefined> {
  return {
    RESEND_API_KEY: "re_e2e",
    RESEND_BASE_URL: process.env.E2E_STANDIN_URL,
    BCRYPT_COST: "4",
    LOG_LEVEL: "warn",
    WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
    WEBHOOKS_POLL_INTERVAL_MS: "1000",
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
    DNS_SERVERS: process.env.E2E_DNS_SERVERS,
  };
}
