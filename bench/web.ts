import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, CDPSession, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "../scripts/chromium.js";
import { buildWeb, webBuildIsStale } from "../scripts/ensure-web-build.js";
import { emit, isInterrupted, percentile, progress, round } from "./harness.js";
import type { BenchContext } from "./registry.js";
import { type BenchServer, startBenchServer } from "./server.js";

/**
 * How long a patient waits for the month of free times after opening the booking page: from
 * navigation start until the calendar shows its available days, in headless Chromium against the
 * real server with the demo clinic (its own fresh SQLite file, as `npm start` makes it). "cold" is
 * a first visit (empty browser cache: the page's JavaScript is fetched too); "warm" is a return
 * visit in the same browser. The page's target is within 1 s on localhost.
 *
 * Browser and server share the machine's cores with whatever else runs, so wall time stretches
 * with the load; each figure also carries the CPU both sides spent per visit, which stretches far
 * less: `renderer_ms`, the page's main thread busy (Chromium's TaskDuration, median), and
 * `server_cpu_ms`, the server process's CPU (mean; /proc counts in 10 ms ticks).
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
    await visitCold(browser, server, url);
    const cold: Visit[] = [];
    for (let i = 0; i < WEB.visits && !isInterrupted(); i++) cold.push(await visitCold(browser, server, url));
    const warm = await visitWarm(browser, server, url, WEB.visits);
    report("cold", cold);
    report("warm", warm);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Visit {
  /** From navigation start until the month's available days are on screen. */
  ms: number;
  /** The page's main thread busy meanwhile. */
  rendererMs: number;
  /** The server process's CPU meanwhile; NaN where /proc is missing. */
  serverCpuMs: number;
}

/** Seconds the page's main thread has been busy so far (Chromium's own count). */
async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "TaskDuration")?.value ?? Number.NaN;
}

async function monthShown(page: Page, cdp: CDPSession, server: BenchServer, url: string): Promise<Visit> {
  const busyBefore = await taskSeconds(cdp);
  const cpuBefore = server.cpuMs() ?? Number.NaN;
  const started = performance.now();
  await page.goto(url);
  await page.locator("table[aria-busy='false'] button[data-available]").first().waitFor({ timeout: 30_000 });
  const ms = performance.now() - started;
  const busy = await taskSeconds(cdp);
  return {
    ms,
    // A navigation may start a fresh renderer, whose count starts again from zero.
    rendererMs: (busy >= busyBefore ? busy - busyBefore : busy) * 1000,
    serverCpuMs: (server.cpuMs() ?? Number.NaN) - cpuBefore,
  };
}

async function openPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  return { context, page, cdp };
}

async function visitCold(browser: Browser, server: BenchServer, url: string): Promise<Visit> {
  const { context, page, cdp } = await openPage(browser);
  try {
    return await monthShown(page, cdp, server, url);
  } finally {
    await context.close();
  }
}

async function visitWarm(
  browser: Browser,
  server: BenchServer,
  url: string,
  visits: number,
): Promise<Visit[]> {
  const { context, page, cdp } = await openPage(browser);
  try {
    await monthShown(page, cdp, server, url);
    const samples: Visit[] = [];
    for (let i = 0; i < visits && !isInterrupted(); i++)
      samples.push(await monthShown(page, cdp, server, url));
    return samples;
  } finally {
    await context.close();
  }
}

function report(visit: "cold" | "warm", visits: Visit[]): void {
  const sorted = visits.map((v) => v.ms).sort((a, b) => a - b);
  const renderer = visits.map((v) => v.rendererMs).sort((a, b) => a - b);
  const serverCpu = visits.reduce((sum, v) => sum + v.serverCpuMs, 0) / visits.length;
  const figure = {
    bench: "booking_page_load",
    visit,
    p50_ms: round(percentile(sorted, 50), 1),
    p95_ms: round(percentile(sorted, 95), 1),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
    count: sorted.length,
    renderer_ms: round(percentile(renderer, 50), 1),
    ...(Number.isFinite(serverCpu) ? { server_cpu_ms: round(serverCpu, 1) } : {}),
  };
  emit(figure);
  progress(
    `booking page ${visit}: month shown in p50 ${figure.p50_ms} ms, p95 ${figure.p95_ms} ms; renderer ${figure.renderer_ms} ms, server CPU ${figure.server_cpu_ms ?? "?"} ms per visit`,
  );
}
