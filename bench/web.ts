import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "../scripts/chromium.js";
import { buildWeb, webBuildIsStale } from "../scripts/ensure-web-build.js";
import { emit, isInterrupted, percentile, progress, round } from "./harness.js";
import type { BenchContext } from "./registry.js";
import { startBenchServer } from "./server.js";

/**
 * How long a patient waits for the month of free times after opening the booking page: from
 * navigation start until the calendar shows its available days, in headless Chromium against the
 * real server with the demo clinic (its own fresh SQLite file, as `npm start` makes it). "cold" is
 * a first visit (empty browser cache: the page's JavaScript is fetched too); "warm" is a return
 * visit in the same browser. The page's target is within 1 s on localhost.
 */
const WEB = { visits: 20, path: "/book?service=microneedling" };

export async function runWebBench(context: BenchContext): Promise<void> {
  // The figure does not depend on the bench's database: the page runs against its own demo clinic.
  if (!context.first) return;
  if (!existsSync(CHROMIUM)) {
    progress(`web: ${CHROMIUM} is missing (apt-get install -y chromium); skipped`);
    return;
  }
  if (webBuildIsStale()) buildWeb();
  const dir = mkdtempSync(join(tmpdir(), "regimen-bench-web-"));
  const server = await startBenchServer(`file:${join(dir, "regimen.db")}`);
  const browser = await launchChromium();
  try {
    const url = `${server.baseUrl}${WEB.path}`;
    // Untimed first: the server's JIT and caches warm up, and the demo clinic's setup is cached.
    await visitCold(browser, url);
    const cold: number[] = [];
    for (let i = 0; i < WEB.visits && !isInterrupted(); i++) cold.push(await visitCold(browser, url));
    const warm = await visitWarm(browser, url, WEB.visits);
    report("cold", cold);
    report("warm", warm);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from navigation start until the month's available days are on screen. */
async function monthShownMs(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await page.locator("table[aria-busy='false'] button[data-available]").first().waitFor({ timeout: 30_000 });
  return performance.now() - started;
}

async function visitCold(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    return await monthShownMs(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

async function visitWarm(browser: Browser, url: string, visits: number): Promise<number[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await monthShownMs(page, url);
    const samples: number[] = [];
    for (let i = 0; i < visits && !isInterrupted(); i++) samples.push(await monthShownMs(page, url));
    return samples;
  } finally {
    await context.close();
  }
}

function report(visit: "cold" | "warm", samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const figure = {
    bench: "booking_page_load",
    visit,
    p50_ms: round(percentile(sorted, 50), 1),
    p95_ms: round(percentile(sorted, 95), 1),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
    count: sorted.length,
  };
  emit(figure);
  progress(`booking page ${visit}: month shown in p50 ${figure.p50_ms} ms, p95 ${figure.p95_ms} ms`);
}
