/**
 * Builds the web app when `web/dist` is missing or older than anything under `web/` that feeds
 * the build, so `npm start` on a fresh clone (or after a pull) always serves the current pages.
 * Exits non-zero when the build fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const WEB = join(ROOT, "web");
const BUILT_INDEX = join(WEB, "dist", "index.html");
const INPUTS = [join(WEB, "src"), join(WEB, "index.html"), join(WEB, "vite.config.ts")];

/** The newest modification time (ms) under `path`, files and folders alike. */
export function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT_INDEX)) return true;
  const built = statSync(BUILT_INDEX).mtimeMs;
  return INPUTS.some((input) => newestChange(input) > built);
}

export function buildWeb(): void {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: WEB,
      stdio: "inherit",
    },
  );
  if (result.status !== 0)
    throw new Error(`the web app build failed (exit ${result.status ?? result.signal})`);
}

if (process.argv[1] === import.meta.filename) {
  if (webBuildIsStale()) {
    process.stdout.write("Building the web app (web/dist is missing or older than web/src)…\n");
    buildWeb();
  }
}
