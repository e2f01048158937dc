/**
 * Prints how much JavaScript (gzipped, as a browser downloads it) a page of the web app loads:
 * the app's entry, the page's own chunk and every chunk those import statically. Reads Vite's
 * build manifest, so run `npm run build:web` first (`npm start` and `npm install` do).
 *   npm run --silent web:size [page]    page defaults to book-page
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface Chunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

const DIST = join(import.meta.dirname, "..", "web", "dist");
const MANIFEST = join(DIST, ".vite", "manifest.json");
const LIMIT_KB = 200;

export function chunkClosure(manifest: Record<string, Chunk>, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const root of roots) visit(root);
  return [...seen].map((key) => manifest[key]?.file ?? key).filter((file) => file.endsWith(".js"));
}

if (process.argv[1] === import.meta.filename) {
  if (!existsSync(MANIFEST)) {
    process.stderr.write("No build manifest: run `npm run build:web` first.\n");
    process.exit(1);
  }
  const page = process.argv[2] ?? "book-page";
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, Chunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  const pageKey = Object.keys(manifest).find((key) => key.endsWith(`pages/${page}.tsx`));
  if (entry === undefined || pageKey === undefined) {
    process.stderr.write(`No entry or no page "${page}" in the manifest.\n`);
    process.exit(1);
  }
  const files = chunkClosure(manifest, [entry, pageKey]);
  let total = 0;
  for (const file of files) total += gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  const kb = total / 1024;
  process.stdout.write(
    `${page}: ${kb.toFixed(1)} kB gzipped JS in ${files.length} files${page === "book-page" ? ` (limit ${LIMIT_KB} kB)` : ""}\n`,
  );
  // The limit is the patient booking page's: patients open it from a link, often on a phone.
  if (page === "book-page" && kb > LIMIT_KB) process.exitCode = 1;
}
