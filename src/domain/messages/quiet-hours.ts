import { Temporal } from "temporal-polyfill";

/** Texts wait for daytime: none from 21:00 to 08:00 in the recipient's zone. */
export const QUIET_HOURS = { startHour: 21, endHour: 8 } as const;

/**
 * When a text due at `sendAt` may go: `sendAt` itself outside quiet hours, else the next 08:00 in
 * `timeZone` (that same morning if it is after midnight, the next one if it is evening).
 */
export function afterQuietHours(sendAt: string, timeZone: string): string {
  const local = Temporal.Instant.from(sendAt).toZonedDateTimeISO(timeZone);
  if (local.hour >= QUIET_HOURS.endHour && local.hour < QUIET_HOURS.startHour) return sendAt;
  const morningDay =
    local.hour >= QUIET_HOURS.startHour ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
  return morningDay
    .toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from({ hour: QUIET_HOURS.endHour }) })
    .toInstant()
    .toString();
}
