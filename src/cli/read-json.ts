import { readFileSync } from "node:fs";
import { UsageError } from "./usage-error.js";

/** Reads a JSON document from a file, or from standard input when the path is `-`. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${what}: cannot read ${path === "-" ? "standard input" : path}${code ? ` (${code})` : ""}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what}: not valid JSON (${(error as Error).message})`);
  }
}
