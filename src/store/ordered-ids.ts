import { randomUUID } from "node:crypto";
import { parseInstant } from "../domain/time/instants.js";

/** The largest time a version 7 UUID holds: 48 bits of milliseconds, until the year 10889. */
const MAX_UUID_MS = 2 ** 48 - 1;

/**
 * A fresh UUID whose first 48 bits are `at` (an instant, normally the row's own creation time from
 * the writer's clock) in milliseconds: a version 7 UUID, as RFC 9562 defines it. The other 74 bits
 * are random, as many as a random UUID has but for 48 bits, so ids stay unguessable and two
 * processes never collide.
 *
 * Why not a random UUID: a row's key decides where its index entry lands. Random keys land each
 * new row on a different page of the index, so every booking dirtied a page of each such index,
 * and each dirty page is written out again at the commit (whole, on SQLite, into its write-ahead
 * log). Keys that grow with time land side by side on the index's last page, which the rows
 * written together share. Ids made by different clocks or out of order are still unique; they
 * only sort less neatly.
 */
export function timeOrderedId(at: string): string {
  const ms = Math.min(Math.max(parseInstant(at, "at"), 0), MAX_UUID_MS);
  const time = ms.toString(16).padStart(12, "0");
  // A random UUID already has the variant bits in place; only its version digit (the 15th
  // character, "4") is replaced, and its first 48 bits by the time.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
