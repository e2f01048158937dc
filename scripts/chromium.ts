import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`); never a browser downloaded by playwright. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * A headless Chromium for the browser tests and the page-load bench. Playwright gives each launch
 * a fresh profile of its own and removes it on close. The background-networking flags matter on
 * machines without outside network: without them Chromium keeps trying to reach Google's hosts.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
