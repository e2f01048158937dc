import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { CHROMIUM, launchChromium } from "../../scripts/chromium.js";
import { buildWeb, webBuildIsStale } from "../../scripts/ensure-web-build.js";
import { DEMO_PASSWORD } from "../../src/demo/demo-accounts.js";
import { openDatabase, type Store } from "../../src/store/database.js";
import { isCi } from "../postgres.js";
import { type RunningServer, startServer } from "../system/server-process.js";

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

/** What every browser suite starts from: the real server on a fresh SQLite file, its store, a Chromium. */
export interface BrowserScene {
  /** The scene's temporary folder (the database lives here; suites may put files here too). */
  dir: string;
  server: RunningServer;
  /** The server's database, opened beside it for what a suite must set up or check directly. */
  store: Store;
  chrome: TestBrowser;
  close(): Promise<void>;
}

/**
 * `npm start` as a new clinic runs it (`src/main.ts`, so with the demo clinic), on its own SQLite
 * file, with the current web build, and a headless Chromium. Whatever started is stopped again if
 * a later part fails, and by `close`.
 */
export async function startBrowserScene(name: string): Promise<BrowserScene> {
  ensureWebBuild();
  const dir = mkdtempSync(join(tmpdir(), `regimen-e2e-${name}-`));
  const url = `file:${join(dir, "regimen.db")}`;
  const started: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    const server = await startServer(url);
    started.push(() => server.stop());
    const store = await openDatabase(url);
    started.push(() => store.close());
    const chrome = await launchBrowser();
    started.push(() => chrome.close());
    return { dir, server, store, chrome, close };
  } catch (error) {
    await close();
    throw error;
  }
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
