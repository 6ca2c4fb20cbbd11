import { confirmedAccount } from "./support/accounts";
import { expect, test } from "./support/fixtures";

// Issue 12 item 4, as it was reproduced in Chromium: signing in on a page whose callbackUrl hides
// a second slash behind a tab must end on this site, and so must visiting /login signed in.
test("a callbackUrl with a tab before the second slash never leaves the site", async ({ page, loginPage, profilePage }) => {
  const account = await confirmedAccount("tab-redirect");
  const origin = new URL(process.env.E2E_BASE_URL!).origin;
  // If anything tried to leave, the request would go nowhere and the URL would still show it.
  await page.route(
    (url) => url.hostname === "evil.example",
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
  );

  await page.goto("/login?callbackUrl=%2F%09%2Fevil.example%2Fphish");
  await loginPage.signIn(account.email, account.password);
  await profilePage.expectLoaded();
  expect(new URL(page.url()).origin).toBe(origin);

  await page.goto("/login?callbackUrl=/%09/evil.example");
  await expect(page).toHaveURL(/\/profile$/);
  expect(new URL(page.url()).origin).toBe(origin);
});
