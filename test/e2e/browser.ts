import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { CHROMIUM, launchChromium } from "../../scripts/chromium.js";
import { buildWeb, webBuildIsStale } from "../../scripts/ensure-web-build.js";
import { DEMO_PASSWORD } from "../../src/demo/demo-accounts.js";
import { isCi } from "../postgres.js";

export const RESULTS_DIR = join(import.meta.dirname, "..", "..", "test-results");

/**
 * Whether the browser suites can run. Without Chromium they are skipped with a loud line, except
 * in CI (`CI=true`), where a missing browser must fail the run rather than hide it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (isCi())
    throw new Error(`CI=true and ${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  console.warn(
    `\n⚠ ${CHROMIUM} is missing: SKIPPING the browser end-to-end suites (apt-get install -y chromium).\n`,
  );
  return false;
}

/** The web app as `npm start` would serve it: rebuilt once when web/dist is missing or stale. */
export function ensureWebBuild(): void {
  if (webBuildIsStale()) buildWeb();
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** A headless Chromium (see scripts/chromium.ts for its flags). */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await launchChromium();
  return { browser, close: () => browser.close() };
}

export async function newPage(
  browser: Browser,
  options: { timezoneId: string; width?: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    timezoneId: options.timezoneId,
    locale: "en-US",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** axe-core on the page as it is now: serious and critical violations fail the test, by rule and element. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} [${n.failureSummary ?? ""}]`).join(", ")}`,
  );
  expect(summary, `accessibility of ${name}`).toEqual([]);
}

/** A full-page screenshot under test-results/ (not committed), for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in page, as a person would, and waits until the app has moved on. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}
