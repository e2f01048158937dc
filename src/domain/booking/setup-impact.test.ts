import { describe, expect, it } from "vitest";
import type { HoursException } from "../clinic/types.js";
import type { Intake } from "../protocol/intake.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import { buildProvider, NEW_YORK, weekly } from "../scheduling/test-support.js";
import {
  bookingsInvalidatedBy,
  bookingsInvalidatedByProtocol,
  type JudgedSession,
  type LiveBooking,
  type PatientUnderProtocol,
} from "./setup-impact.js";

/** Monday 2030-01-07 and Tuesday 2030-01-08 in New York (UTC-5). */
function booking(id: string, startsAt: string, overrides: Partial<LiveBooking> = {}): LiveBooking {
  const end = new Date(Date.parse(startsAt) + 3_600_000).toISOString();
  return {
    id,
    startsAt,
    endsAt: end,
    patientId: "patient-1",
    providerId: "provider-a",
    roomId: "room-1",
    deviceIds: [],
    ...overrides,
  };
}

const MONDAY_10 = booking("monday", "2030-01-07T15:00:00Z");
const TUESDAY_10 = booking("tuesday", "2030-01-08T15:00:00Z");
const MONDAY_EVENING = booking("evening", "2030-01-07T23:00:00Z"); // 18:00, already outside hours

function timeOff(startsAt: string, endsAt: string): HoursException {
  return { id: "off-1", providerId: "provider-a", kind: "time_off", startsAt, endsAt, note: null };
}

describe("which live bookings a setup change invalidates", () => {
  const provider = buildProvider({ id: "provider-a" });
  const bookings = [MONDAY_10, TUESDAY_10, MONDAY_EVENING];

  it("time off: the bookings it covers, and none that were already outside the provider's hours", () => {
    const change = {
      kind: "provider_hours" as const,
      before: { provider, exceptions: [] },
      after: { provider, exceptions: [timeOff("2030-01-07T14:00:00Z", "2030-01-08T00:00:00Z")] },
    };
    expect(bookingsInvalidatedBy(change, bookings, NEW_YORK)).toEqual([
      {
        id: "monday",
        startsAt: MONDAY_10.startsAt,
        patientId: "patient-1",
        reason: "provider_time_off",
        detail: expect.any(String),
      },
    ]);
  });

  it("time off that only touches a booking's end leaves it standing", () => {
    const change = {
      kind: "provider_hours" as const,
      before: { provider, exceptions: [] },
      after: { provider, exceptions: [timeOff("2030-01-07T16:00:00Z", "2030-01-07T18:00:00Z")] },
    };
    expect(bookingsInvalidatedBy(change, bookings, NEW_YORK)).toEqual([]);
  });

  it("new weekly hours: the bookings outside them; another provider's are not theirs", () => {
    const change = {
      kind: "provider_hours" as const,
      before: { provider, exceptions: [] },
      after: {
        provider: { ...provider, weeklyHours: weekly([1, 3, 4, 5], "09:00", "17:00") },
        exceptions: [],
      },
    };
    const theirs = booking("theirs", TUESDAY_10.startsAt, { providerId: "provider-b" });
    const found = bookingsInvalidatedBy(change, [...bookings, theirs], NEW_YORK);
    expect(found.map((b) => [b.id, b.reason])).toEqual([["tuesday", "outside_working_hours"]]);
  });

  it("a retired room, a retired device, a deactivated provider, a closure", () => {
    const withDevice = booking("device", "2030-01-09T15:00:00Z", { roomId: "room-2", deviceIds: ["rf-1"] });
    const all = [...bookings, withDevice];
    const ids = (found: { id: string; reason: string }[]) => found.map((b) => `${b.id}:${b.reason}`);
    expect(ids(bookingsInvalidatedBy({ kind: "room_retired", roomId: "room-2" }, all, NEW_YORK))).toEqual([
      "device:room_retired",
    ]);
    expect(ids(bookingsInvalidatedBy({ kind: "device_retired", deviceId: "rf-1" }, all, NEW_YORK))).toEqual([
      "device:device_retired",
    ]);
    expect(
      bookingsInvalidatedBy({ kind: "provider_inactive", providerId: "provider-a" }, all, NEW_YORK),
    ).toHaveLength(4);
    const closure = {
      kind: "clinic_closed" as const,
      ranges: [{ startsAt: "2030-01-08T05:00:00Z", endsAt: "2030-01-09T05:00:00Z" }],
    };
    expect(ids(bookingsInvalidatedBy(closure, all, NEW_YORK))).toEqual(["tuesday:clinic_closed"]);
  });
});

describe("which treatment sessions a new protocol version refuses", () => {
  const intake: Intake = {
    concerns: [{ code: "acne_scars", severity: "moderate" }],
    medications: [{ code: "topical_retinoid", ongoing: true }],
    recentProcedures: [],
    conditions: [],
  };
  const withDays = (medication: number, minDays = defaultProtocol.interval.minDays): Protocol => ({
    ...defaultProtocol,
    version: `test-${medication}-${minDays}`,
    interval: { ...defaultProtocol.interval, minDays },
    medications: {
      ...defaultProtocol.medications,
      topical_retinoid: { ...defaultProtocol.medications.topical_retinoid, days: medication },
    },
  });
  const session = (id: string, startsAt: string, live = true): JudgedSession => ({
    ...booking(id, startsAt),
    addOn: null,
    live,
  });
  /** Intake on 2030-01-02, today; sessions on the 10th (8 days later) and the 17th. */
  const patient = (sessions: JudgedSession[], over: Partial<PatientUnderProtocol["gating"]> = {}) => ({
    gating: { intake, overrides: [], timeZone: NEW_YORK, today: "2030-01-02", ...over },
    sessions,
  });

  it("a longer washout refuses the session inside it, and only that one", () => {
    const patients = [
      patient([session("tenth", "2030-01-10T15:00:00Z"), session("february", "2030-02-20T15:00:00Z")]),
    ];
    expect(bookingsInvalidatedByProtocol(withDays(7), withDays(14), patients)).toEqual([
      expect.objectContaining({ id: "tenth", reason: "washout_not_finished" }),
    ]);
    expect(bookingsInvalidatedByProtocol(withDays(7), withDays(7), patients)).toEqual([]);
  });

  it("a longer interval refuses both sessions of a pair that now come too close, as the gate would; a past one counts", () => {
    const patients = [
      patient([
        session("done", "2029-12-27T15:00:00Z", false),
        session("next", "2030-01-24T15:00:00Z"),
        session("after", "2030-02-21T15:00:00Z"),
      ]),
    ];
    const found = bookingsInvalidatedByProtocol(withDays(7, 28), withDays(7, 35), patients);
    expect(found.map((b) => [b.id, b.reason])).toEqual([
      ["next", "too_soon_after_previous_session"],
      ["after", "too_soon_after_previous_session"],
    ]);
  });

  it("a session the current version already refuses is not blamed on the new one", () => {
    const pending = patient([session("tenth", "2030-01-10T15:00:00Z")], {
      unconfirmedRemovals: ["active_acne"],
    });
    expect(bookingsInvalidatedByProtocol(withDays(7), withDays(14), [pending])).toEqual([]);
  });
});
