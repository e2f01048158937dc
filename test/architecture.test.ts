import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layering the code promises (see STYLE.md), checked on the source text: the domain is pure,
 * HTTP reaches data only through services, and one module reads the real clock. Each failure names
 * the file and what it does, so the fix is plain.
 */

const ROOT = resolve(import.meta.dirname, "..");
const SRC = join(ROOT, "src");
const STORE = join(SRC, "store");
const DOMAIN = join(SRC, "domain");
const HTTP = join(SRC, "http");
const SYSTEM_CLOCK = join(SRC, "system-clock.ts");
const RECORD_EVENT = join(SRC, "services", "events", "record-event.ts");

/**
 * The parts of recording an event. Only `recordEvent` calls them, so an event never exists
 * without the webhook deliveries and messages it calls for.
 */
const EVENT_PARTS = ["appendOutboxEvent", "planWebhookDeliveries", "planMessagesFor"];

/** Packages the domain may use besides itself. */
const DOMAIN_PACKAGES = ["zod", "temporal-polyfill"];
/** And its tests, beside it, additionally. */
const DOMAIN_TEST_PACKAGES = ["vitest", "fast-check"];

interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Relative to the repository root, with `/`, for messages. */
  name: string;
  /** The text with comments blanked out (strings kept), so prose about `Date.now()` is not code. */
  code: string;
}

async function listTypeScript(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listTypeScript(path);
      return Promise.resolve(entry.name.endsWith(".ts") ? [path] : []);
    }),
  );
  return files.flat().sort();
}

/** Strings are matched first so that `//` inside one (a URL) does not start a comment. */
const STRING_OR_COMMENT =
  /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

function withoutComments(text: string): string {
  return text.replace(STRING_OR_COMMENT, (match, string: string | undefined) =>
    string !== undefined ? match : match.replace(/[^\n]/g, " "),
  );
}

/**
 * Every module specifier a file names: `import … from "x"` and `export … from "x"` (type-only
 * ones included), `import "x"`, and `import("x")`.
 */
const SPECIFIERS = [
  // From the statement's start to `from`: no quote or semicolon in between, so prose in a string
  // ("window.from") never counts, while a named list may span lines.
  /(?:^|;)\s*(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm,
  /(?:^|;)\s*import\s*["']([^"']+)["']/gm,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
];

function importsOf(file: SourceFile): string[] {
  return SPECIFIERS.flatMap((pattern) => [...file.code.matchAll(pattern)].map((match) => match[1] as string));
}

function isTest(path: string): boolean {
  return path.endsWith(".test.ts");
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + sep);
}

/** The absolute path a relative specifier points at; undefined for a package. */
function targetOf(file: SourceFile, specifier: string): string | undefined {
  return specifier.startsWith(".") ? resolve(dirname(file.path), specifier) : undefined;
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/** What reads the real clock: the current instant must come from an injected `Clock`. */
const CLOCK_READS: { pattern: RegExp; what: string }[] = [
  { pattern: /\bDate\.now\s*\(/g, what: "Date.now()" },
  { pattern: /\bnew\s+Date\s*\(\s*\)/g, what: "new Date()" },
  { pattern: /\bnew\s+Date\b(?!\s*\()/g, what: "new Date" },
  { pattern: /\bTemporal\.Now\b/g, what: "Temporal.Now" },
];

function lineOf(code: string, index: number): number {
  return code.slice(0, index).split("\n").length;
}

/** Calls of the parts of recording an event (their own definitions are not calls). */
function eventPartCalls(code: string): { line: number; name: string }[] {
  return EVENT_PARTS.flatMap((name) =>
    [...code.matchAll(new RegExp(`\\b${name}\\s*\\(`, "g"))]
      .filter(
        (match) => !/\bfunction\s+$/.test(code.slice(Math.max(0, (match.index ?? 0) - 20), match.index)),
      )
      .map((match) => ({ line: lineOf(code, match.index ?? 0), name })),
  );
}

describe("architecture", () => {
  let files: SourceFile[];

  beforeAll(async () => {
    files = await Promise.all(
      (await listTypeScript(SRC)).map(async (path) => ({
        path,
        name: relative(ROOT, path).split(sep).join("/"),
        code: withoutComments(await readFile(path, "utf8")),
      })),
    );
  });

  it("reads the source it checks", () => {
    expect(files.filter((f) => isInside(f.path, HTTP)).length).toBeGreaterThan(10);
    expect(files.filter((f) => isInside(f.path, DOMAIN)).length).toBeGreaterThan(10);
    // The checks below would pass vacuously if the import parsing broke.
    const app = files.find((f) => f.name === "src/http/app.ts");
    expect(app && importsOf(app)).toContain("fastify");
  });

  it("keeps src/http/ away from src/store/ (routes call services; type imports count too)", () => {
    const offending = files
      .filter((file) => isInside(file.path, HTTP))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => {
            const target = targetOf(file, specifier);
            return target !== undefined && isInside(target, STORE);
          })
          .map((specifier) => `${file.name} imports "${specifier}"`),
      );
    expect(offending).toEqual([]);
  });

  it("keeps src/domain/ pure: only itself, zod and temporal-polyfill (no node: builtins)", () => {
    const offending = files
      .filter((file) => isInside(file.path, DOMAIN))
      .flatMap((file) => {
        const packages = isTest(file.path) ? [...DOMAIN_PACKAGES, ...DOMAIN_TEST_PACKAGES] : DOMAIN_PACKAGES;
        return importsOf(file)
          .filter((specifier) => {
            const target = targetOf(file, specifier);
            if (target !== undefined) return !isInside(target, DOMAIN);
            return !packages.includes(packageOf(specifier));
          })
          .map((specifier) => `${file.name} imports "${specifier}"`);
      });
    expect(offending).toEqual([]);
  });

  it("appends outbox events only through recordEvent (src/services/events/record-event.ts)", () => {
    const offending = files
      .filter((file) => file.path !== RECORD_EVENT && !isTest(file.path))
      .flatMap((file) =>
        eventPartCalls(file.code).map(({ line, name }) => `${file.name}:${line} calls ${name}`),
      );
    expect(offending).toEqual([]);
  });

  it("reads the real clock only in src/system-clock.ts (everything else is handed a Clock or an instant)", () => {
    const offending = files
      .filter((file) => file.path !== SYSTEM_CLOCK && !isTest(file.path))
      .flatMap((file) =>
        CLOCK_READS.flatMap(({ pattern, what }) =>
          [...file.code.matchAll(pattern)].map(
            (match) => `${file.name}:${lineOf(file.code, match.index ?? 0)} uses ${what}`,
          ),
        ),
      );
    expect(offending).toEqual([]);
  });
});

describe("the architecture checks themselves", () => {
  const fake = (name: string, text: string): SourceFile => ({
    path: join(ROOT, name),
    name,
    code: withoutComments(text),
  });

  it("find every kind of import, multi-line and type-only ones included, and skip comments", () => {
    const file = fake(
      "src/http/x.ts",
      [
        'import type { Store } from "../store/database.js";',
        "import {",
        "  a,",
        "  b,",
        '} from "../store/booking.repository.js";',
        'export { c } from "./c.js";',
        'import "./side-effect.js";',
        'const lazy = await import("../store/migrate.js");',
        '// import { no } from "../store/commented.js";',
        '/* import { no } from "../store/block.js"; */',
        'const url = "http://example.test"; import { z } from "zod";',
        'const window = parse(input.from, "window.from");',
        'export const label = "comes from";',
      ].join("\n"),
    );
    expect(importsOf(file).sort()).toEqual(
      [
        "../store/database.js",
        "../store/booking.repository.js",
        "./c.js",
        "./side-effect.js",
        "../store/migrate.js",
        "zod",
      ].sort(),
    );
  });

  it("find calls of an event's parts, not their definitions or mentions in comments", () => {
    const code = withoutComments(
      [
        "export async function appendOutboxEvent(db) {}",
        "await appendOutboxEvent(trx, ids, input);",
        "// planMessagesFor(trx, event) in a comment",
        "await planWebhookDeliveries (trx, event);",
        "await recordEvent(trx, ids, input);",
      ].join("\n"),
    );
    expect(eventPartCalls(code)).toEqual([
      { line: 2, name: "appendOutboxEvent" },
      { line: 4, name: "planWebhookDeliveries" },
    ]);
  });

  it("tell a clock read from a date built from a value", () => {
    const code = withoutComments(
      [
        "const a = Date.now();",
        "const b = new Date();",
        "const c = new Date(ms);",
        "const d = Temporal.Now.instant();",
        "// Date.now() in a comment",
        "const e = Date.parse(text);",
      ].join("\n"),
    );
    const found = CLOCK_READS.flatMap(({ pattern, what }) =>
      [...code.matchAll(pattern)].map((match) => `${lineOf(code, match.index ?? 0)} ${what}`),
    );
    expect(found.sort()).toEqual(["1 Date.now()", "2 new Date()", "4 Temporal.Now"]);
  });
});
