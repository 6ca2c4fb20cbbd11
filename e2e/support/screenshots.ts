import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** A full-page screenshot kept as a test artifact (e2e/artifacts/screenshots, git-ignored) and attached to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = path.join("e2e", "artifacts", "screenshots", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
