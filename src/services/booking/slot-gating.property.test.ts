import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { CREATED_AT, newProvider } from "../../../test/factories.js";
import { MEDICATIONS, PROCEDURES } from "../../domain/protocol/codes.js";
import type { Intake } from "../../domain/protocol/intake.js";
import { defaultProtocol } from "../../domain/protocol/protocol-loader.js";
import { addDays, dayOfInstant, daysBetween } from "../../domain/time/calendar.js";
import { insertBooking } from "../../store/booking.repository.js";
import { findSlots } from "./slot-search.service.js";

const TODAY = "2030-01-01"; // the scene's clock, in New York
const ZONE = "America/New_York";
const { minDays } = defaultProtocol.interval;
/** The searched window's clinic days: the scene's providers work Monday to Friday, 09:00–17:00. */
const FIRST_DAY = "2030-01-02";
const LAST_DAY = "2030-03-29";
const workingDays = Array.from({ length: daysBetween(FIRST_DAY, LAST_DAY) + 1 }, (_, i) =>
  addDays(FIRST_DAY, i),
).filter((day) => Temporal.PlainDate.from(day).dayOfWeek <= 5);
const pastDay = fc.integer({ min: 0, max: 60 }).map((n) => addDays(TODAY, -n));

const intake = fc.record({
  medications: fc.uniqueArray(
    fc.oneof(
      fc.record({
        code: fc.constantFrom(...MEDICATIONS.filter((m) => m !== "anticoagulant")),
        ongoing: fc.constant(true as const),
      }),
      fc.record({
        code: fc.constantFrom(...MEDICATIONS.filter((m) => m !== "anticoagulant")),
        lastTakenOn: pastDay,
      }),
    ),
    { maxLength: 3, selector: (m) => m.code },
  ),
  recentProcedures: fc.array(fc.record({ code: fc.constantFrom(...PROCEDURES), on: pastDay }), {
    maxLength: 2,
  }),
  /** Existing sessions, as day offsets from today and an hour (UTC) inside opening hours. */
  sessions: fc.uniqueArray(fc.integer({ min: 5, max: 80 }), { maxLength: 2 }),
  rf: fc.boolean(),
});

/** The first day each washout allows, computed here from the default protocol's numbers. */
function washoutEnds(value: {
  medications: Intake["medications"];
  recentProcedures: Intake["recentProcedures"];
  rf: boolean;
}) {
  const days = (rule: { days: number | null; rfDays?: number | undefined }) =>
    (value.rf && rule.rfDays !== undefined ? rule.rfDays : rule.days) ?? 0;
  return [
    ...value.medications.map((m) =>
      addDays(m.ongoing ? TODAY : m.lastTakenOn, days(defaultProtocol.medications[m.code])),
    ),
    ...value.recentProcedures.map((p) => addDays(p.on, days(defaultProtocol.procedures[p.code]))),
  ];
}

describeEachDatabase("slot search obeys the protocol", (ctx) => {
  it("slots are offered on exactly the working days outside every washout and at least minDays from other sessions", {
    timeout: 120_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store);
    await fc.assert(
      fc.asyncProperty(intake, async (value) => {
        const patient = await s.addPatient({
          concerns: [{ code: "wrinkles", severity: "moderate" }],
          medications: value.medications,
          recentProcedures: value.recentProcedures,
          conditions: [],
        });
        const sessionDays = value.sessions.map((offset) => addDays(TODAY, offset));
        // Past sessions were with someone outside this search, so they only constrain the patient.
        const elsewhere = await newProvider(ctx.store, s.clinic.id, { skills: [] });
        for (const day of sessionDays) {
          await insertBooking(ctx.store.db, {
            clinicId: s.clinic.id,
            patientId: patient.id,
            serviceId: s.services.microneedling.id,
            providerId: elsewhere.id,
            startsAt: `${day}T23:00:00Z`,
            endsAt: `${day}T23:30:00Z`,
            createdAt: CREATED_AT,
          });
        }
        const { slots } = await findSlots(s.deps, {
          clinicId: s.clinic.id,
          serviceCode: value.rf ? "rf_microneedling" : "microneedling",
          patientId: patient.id,
          from: `${FIRST_DAY}T05:00:00Z`,
          to: `${addDays(LAST_DAY, 1)}T04:00:00Z`,
        });
        const ends = washoutEnds(value);
        const allowed = (day: string) =>
          ends.every((end) => day >= end) &&
          sessionDays.every((other) => Math.abs(daysBetween(other, day)) >= minDays);
        const offeredDays = new Set(slots.map((slot) => dayOfInstant(slot.startsAt, ZONE)));
        // Nothing offered that the oracle forbids …
        for (const day of offeredDays) expect(allowed(day), `offered on ${day}`).toBe(true);
        // … and nothing withheld that it allows: an empty answer fails whenever a day was free.
        for (const day of workingDays.filter(allowed)) {
          expect(offeredDays.has(day), `nothing offered on ${day}`).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});
