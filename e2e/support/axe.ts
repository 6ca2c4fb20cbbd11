import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Accessibility as a regression test: axe-core's WCAG 2.0/2.1 A and AA rules. Zero violations are
// allowed; a failure lists each rule, its help page and the elements that break it.

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export const violationsOn = async (page: Page) => (await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze()).violations;

export async function expectAccessible(page: Page, what: string) {
  // Next streams a page's metadata: its <title> can land after the body. Audit the page whole.
  await expect(page).toHaveTitle(/\S/);
  const violations = await violationsOn(page);
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`)
        .join("\n")}`,
  );
  expect(report, `axe violations on ${what}`).toEqual([]);
}
