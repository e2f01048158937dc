import { describe, expect, it } from "vitest";
import { type CappedBooking, capRefusal } from "./booking-caps.js";

const NOW = "2030-01-02T15:00:00Z";
const ZONE = "America/New_York";
const CAPS = { maxFutureTreatmentBookings: 2, maxConsultationsPerDay: 1, maxWaitlistEntries: 3 };

const treatment = (id: string, startsAt: string, status: CappedBooking["status"] = "booked") => ({
  id,
  startsAt,
  status,
  isTreatment: true,
});
const consultation = (id: string, startsAt: string, status: CappedBooking["status"] = "booked") => ({
  id,
  startsAt,
  status,
  isTreatment: false,
});

describe("per-patient booking caps", () => {
  const check = (existing: CappedBooking[], adding: CappedBooking[], replacing: string[] = []) =>
    capRefusal({ caps: CAPS, timeZone: ZONE, now: NOW, existing, adding, replacing });

  it.each([
    { name: "under the cap", existing: [treatment("a", "2030-02-01T15:00:00Z")], adding: 1, refused: false },
    {
      name: "at the cap",
      existing: [treatment("a", "2030-02-01T15:00:00Z"), treatment("b", "2030-03-01T15:00:00Z")],
      adding: 1,
      refused: true,
    },
    { name: "a series counts every session", existing: [], adding: 3, refused: true },
    {
      name: "cancelled and past bookings do not count",
      existing: [
        treatment("a", "2030-02-01T15:00:00Z", "cancelled"),
        treatment("b", "2030-01-02T14:00:00Z"),
        treatment("c", "2030-01-02T13:00:00Z", "completed"),
      ],
      adding: 2,
      refused: false,
    },
  ])("future treatments: $name", ({ existing, adding, refused }) => {
    const added = Array.from({ length: adding }, (_, i) =>
      treatment(`new${i}`, `2030-0${i + 4}-01T15:00:00Z`),
    );
    const refusal = check(existing, added);
    if (!refused) expect(refusal).toBeUndefined();
    else {
      expect(refusal).toMatchObject({
        code: "limit_reached",
        details: { limit: "maxFutureTreatmentBookings", max: 2 },
      });
    }
  });

  it("counts consultations per clinic day, completed ones included, cancelled ones not", () => {
    // 03:00 UTC on the 8th is 22:00 on the 7th in New York: the clinic's day decides.
    const sameDay = consultation("new", "2030-01-08T03:00:00Z");
    expect(check([consultation("a", "2030-01-07T15:00:00Z")], [sameDay])).toMatchObject({
      code: "limit_reached",
      details: { limit: "maxConsultationsPerDay", max: 1, day: "2030-01-07" },
    });
    expect(check([consultation("a", "2030-01-07T15:00:00Z", "cancelled")], [sameDay])).toBeUndefined();
    expect(check([consultation("a", "2030-01-08T15:00:00Z")], [sameDay])).toBeUndefined();
    expect(
      check(
        [consultation("a", "2030-01-02T13:00:00Z", "completed")],
        [consultation("new", "2030-01-02T20:00:00Z")],
      ),
    ).toMatchObject({ details: { limit: "maxConsultationsPerDay" } });
    // Treatments never count towards the consultation cap.
    expect(check([treatment("a", "2030-01-07T15:00:00Z")], [sameDay])).toBeUndefined();
  });

  it("a move does not count against itself, and never fails for a cap lowered after booking", () => {
    const held = [
      treatment("a", "2030-02-01T15:00:00Z"),
      treatment("b", "2030-03-01T15:00:00Z"),
      treatment("c", "2030-04-01T15:00:00Z"),
    ];
    expect(check(held, [treatment("a", "2030-02-03T15:00:00Z")], ["a"])).toBeUndefined();
    const consults = [consultation("a", "2030-01-07T15:00:00Z"), consultation("b", "2030-01-08T15:00:00Z")];
    expect(check(consults, [consultation("b", "2030-01-07T18:00:00Z")], ["b"])).toMatchObject({
      details: { limit: "maxConsultationsPerDay", day: "2030-01-07" },
    });
    expect(check(consults, [consultation("b", "2030-01-08T18:00:00Z")], ["b"])).toBeUndefined();
  });
});
