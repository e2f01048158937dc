import { z } from "zod";

/** How much of a rejected value an error message may quote: enough to recognise it, never a payload. */
export const EXCERPT_LENGTH = 40;

/**
 * A value as an error message may quote it: at most `EXCERPT_LENGTH` characters (then "…"), in
 * double quotes, with quotes and control characters escaped as JSON escapes them, so a message
 * stays one short line whatever was sent.
 */
export function quoted(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  const chars = Array.from(text.slice(0, EXCERPT_LENGTH * 2)).slice(0, EXCERPT_LENGTH + 1);
  const cut = chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join("")}…` : text;
  return JSON.stringify(cut);
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DELETE = 0x7f;

/**
 * C0 control characters (U+0000–U+001F) and DEL. PostgreSQL refuses NUL in text and JSON; the
 * others have no business in a name or a code and make logs and exports lie about what they hold.
 * A multi-line note may hold tab, line feed and carriage return.
 */
export function isControlCharacter(code: number, multiline = false): boolean {
  if (code >= 0x20 && code !== DELETE) return false;
  return !(multiline && (code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN));
}

export function hasControlCharacters(value: string, multiline = false): boolean {
  for (let i = 0; i < value.length; i++) {
    if (isControlCharacter(value.charCodeAt(i), multiline)) return true;
  }
  return false;
}

/** `value` with each control character written as its `\uXXXX` escape: safe to print on one line. */
export function escapeControlCharacters(value: string): string {
  if (!hasControlCharacters(value)) return value;
  let out = "";
  for (const char of value) {
    const code = char.charCodeAt(0);
    out += isControlCharacter(code) ? `\\u${code.toString(16).padStart(4, "0")}` : char;
  }
  return out;
}

export interface TextOptions {
  /** Longest accepted value, in UTF-16 code units (what `String#length` counts). */
  max: number;
  /** Allow tab and line breaks (a note); otherwise one line. Default false. */
  multiline?: boolean;
  /** Accept "" (after trimming). Default false: "must not be empty". */
  allowEmpty?: boolean;
  /** The message for "" when it is not accepted, if not "must not be empty". */
  emptyMessage?: string;
  /** Trim surrounding whitespace first. Default true. */
  trim?: boolean;
}

/**
 * Every free-text field of every input goes through this: a string, trimmed, bounded, and free
 * of control characters (a 400 naming the field, never a driver error). The length check stops
 * parsing before anything else looks at an over-long value.
 */
export function text(options: TextOptions) {
  const multiline = options.multiline ?? false;
  let schema = z.string({
    error: (i) => (i.input === undefined ? "is required" : "must be a string"),
  });
  if (options.trim ?? true) schema = schema.trim();
  if (!(options.allowEmpty ?? false)) schema = schema.min(1, options.emptyMessage ?? "must not be empty");
  return schema
    .max(options.max, { message: `must be at most ${options.max} characters long`, abort: true })
    .refine((value) => !hasControlCharacters(value, multiline), {
      message: multiline
        ? "must not contain control characters (other than tabs and line breaks)"
        : "must not contain control characters or line breaks",
    });
}
