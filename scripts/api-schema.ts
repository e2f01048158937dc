/**
 * The web app's API types come from the server's own OpenAPI document, never by hand:
 *   tsx scripts/api-schema.ts          writes web/src/api/schema.d.ts
 *   tsx scripts/api-schema.ts --check  fails when the checked-in file differs from what the server generates
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const CHECKED_IN = join(ROOT, "web", "src", "api", "schema.d.ts");
const DOCUMENT = join(ROOT, "dist", "openapi.json");
const FRESH = join(ROOT, "dist", "schema.d.ts");

function run(args: string[]): void {
  // The generator's lint warnings (unused input schemas) are noise here: shown only on failure.
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
}

mkdirSync(join(ROOT, "dist"), { recursive: true });
run(["--import", "tsx", "src/cli.ts", "openapi", DOCUMENT]);
const check = process.argv.includes("--check");
run([
  join(ROOT, "node_modules", "openapi-typescript", "bin", "cli.js"),
  DOCUMENT,
  "-o",
  check ? FRESH : CHECKED_IN,
]);

if (check) {
  if (readFileSync(FRESH, "utf8") !== readFileSync(CHECKED_IN, "utf8")) {
    process.stderr.write(
      "web/src/api/schema.d.ts does not match the server's OpenAPI document: run `npm run gen:api` and commit it.\n",
    );
    process.exitCode = 1;
  } else {
    process.stdout.write("web/src/api/schema.d.ts matches the server's OpenAPI document.\n");
  }
}
