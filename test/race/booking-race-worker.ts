/**
 * One process of a booking race: opens the shared database, waits for the common start
 * instant, fires every attempt at once and prints one JSON line of outcomes.
 */
import { isDomainError } from "../../src/domain/errors.js";
import { fixedClock } from "../../src/domain/time/clock.js";
import { type BookRequest, bookAppointment } from "../../src/services/booking/book-appointment.service.js";
import { openDatabase } from "../../src/store/database.js";

interface RaceJob {
  url: string;
  schema?: string;
  now: string;
  /** Epoch ms at which every process starts firing. */
  startAt: number;
  attempts: BookRequest[];
}

const job = JSON.parse(process.argv[2] ?? "{}") as RaceJob;
const store = await openDatabase(job.url, {
  ...(job.schema ? { schema: job.schema } : {}),
  maxConnections: 8,
});
const deps = { store, clock: fixedClock(job.now) };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())));

const outcomes = await Promise.all(
  job.attempts.map(async (attempt) => {
    try {
      const { booking } = await bookAppointment(deps, attempt);
      return {
        patientId: attempt.patientId,
        startsAt: attempt.startsAt,
        outcome: "booked",
        bookingId: booking.id,
      };
    } catch (error) {
      const outcome = isDomainError(error) ? error.code : `unexpected: ${String(error)}`;
      return { patientId: attempt.patientId, startsAt: attempt.startsAt, outcome };
    }
  }),
);
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
await store.close();
