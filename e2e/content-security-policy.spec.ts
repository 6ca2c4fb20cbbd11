import type { Page, Response } from "@playwright/test";
import { expect, test } from "./support/fixtures";

// Issue 12 item 12: pages carry a nonce-based CSP with 'strict-dynamic' and no 'unsafe-inline'
// scripts. Checked in a real browser: every page still hydrates (Next's scripts carry the nonce),
// Swagger UI still renders, nothing is reported as a violation, and an injected inline script no
// longer runs (with the old policy it did).

/** Records the browser's CSP violation reports for the page's whole life. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

function scriptPolicyOf(response: Response | null) {
  const policy = response?.headers()["content-security-policy"] ?? "";
  const scriptSrc =
    policy
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src ")) ?? "";
  return { scriptSrc, nonce: /'nonce-([^']+)'/.exec(scriptSrc)?.[1] };
}

test("pages hydrate under a nonce CSP without 'unsafe-inline'", async ({ page, loginPage }) => {
  const violations = await watchViolations(page);
  const response = await page.goto("/login");
  await loginPage.expectLoaded();

  const { scriptSrc, nonce } = scriptPolicyOf(response);
  expect(nonce).toBeTruthy();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  // Every script Next rendered carries this response's nonce.
  const html = await response!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // The page's JavaScript ran: Next booted, React hydrated the form, and client-side validation
  // answers without a request.
  await expect.poll(() => page.evaluate(() => Boolean((window as unknown as { next?: unknown }).next))).toBe(true);
  const button = loginPage.form.getByRole("button", { name: "Sign in" });
  expect(await button.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$")))).toBe(true);
  await loginPage.form.getByLabel("Email").fill("not-an-email");
  await button.click();
  await expect(loginPage.form.getByText("Enter a valid email address")).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("markup injected into a page cannot run script: no inline script, no event handler", async ({ page, loginPage }) => {
  const violations = await watchViolations(page);
  // What a stored or reflected injection would add to the server's HTML; the response's own CSP
  // header is kept. Under the old policy ('unsafe-inline') both ran.
  await page.route("**/login", async (route) => {
    // Only the page itself: the login page's own script also posts to /login (its server actions).
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    const injected = `<script>window.__injected = "script"</script><img src="/nope.png" onerror="window.__injected = 'handler'" alt="">`;
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injected}</body>`) });
  });
  await page.goto("/login");
  await loginPage.expectLoaded();
  await expect.poll(async () => (await violations()).filter((v) => v.startsWith("script-src")).length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
});

test("the API reference renders under the same policy", async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto("/docs/api");
  expect(scriptPolicyOf(response).scriptSrc).not.toContain("'unsafe-inline'");
  await expect(page.getByRole("heading", { level: 3, name: /^POST \/api\/auth\/login\b/ })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("each page request gets its own nonce", async ({ page }) => {
  const first = scriptPolicyOf(await page.goto("/login")).nonce;
  const second = scriptPolicyOf(await page.goto("/login")).nonce;
  expect(first).toBeTruthy();
  expect(second).not.toBe(first);
});
