import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { quoted } from "../validation/text.js";
import {
  calendarDayProblem,
  isInstantInSupportedYears,
  timeZoneProblem,
  YEAR_RANGE_MESSAGE,
} from "./calendar.js";

/**
 * The zod building blocks for every date, instant and zone an input holds (the HTTP schemas, plan
 * input, intake): one place that refuses impossible dates and years outside `FIRST_YEAR` to
 * `LAST_YEAR`, before any rule or database sees them.
 */

/** `YYYY-MM-DD`, a real day in the supported years. */
export const calendarDay = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be a date, YYYY-MM-DD") })
  .max(10, { message: "must be a date, YYYY-MM-DD", abort: true })
  .superRefine((value, ctx) => {
    const problem = calendarDayProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ format: "date" });

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant with an explicit offset (`2026-12-10T14:00:00Z` or `…-05:00`), read with Temporal so
 * impossible dates (`2026-02-30T…`) are refused, in the supported years (read in UTC); handed on
 * in canonical UTC form.
 */
export const instant = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be an ISO-8601 instant") })
  .max(40, { message: "must be an ISO-8601 instant", abort: true })
  .transform((value, ctx) => {
    if (!INSTANT_PATTERN.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: "must be an ISO-8601 instant with an offset, e.g. 2026-12-10T14:00:00Z",
      });
      return z.NEVER;
    }
    let parsed: Temporal.Instant;
    try {
      parsed = Temporal.Instant.from(value);
    } catch {
      ctx.addIssue({ code: "custom", message: `${quoted(value)} is not a valid instant` });
      return z.NEVER;
    }
    if (!isInstantInSupportedYears(parsed.epochMilliseconds)) {
      ctx.addIssue({ code: "custom", message: YEAR_RANGE_MESSAGE });
      return z.NEVER;
    }
    return parsed.toString();
  })
  .meta({ format: "date-time" });

/** A canonical IANA zone with a region (`America/New_York`); see `timeZoneProblem` for what is refused. */
export const timeZone = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be an IANA time zone") })
  .superRefine((name, ctx) => {
    const problem = timeZoneProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });
