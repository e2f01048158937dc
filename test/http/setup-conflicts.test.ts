import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/domain/time/clock.js";
import { bookAppointment } from "../../src/services/booking/book-appointment.service.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { listUnprocessedOutboxEvents } from "../../src/store/outbox.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService, unique } from "../factories.js";
import {
  type Actor,
  expectProblem,
  newActor,
  patientActor,
  RETINOID_INTAKE,
  TEST_NOW,
  testApp,
} from "./harness.js";

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York. */
const ZONE = "America/New_York";
/** Monday 2030-01-07 and Tuesday 2030-01-08, 10:00 in New York. */
const MONDAY_10 = "2030-01-07T15:00:00Z";
const TUESDAY_10 = "2030-01-08T15:00:00Z";
/** Friday 2030-01-10, 10:00 New York: 8 days after an intake saved on 2030-01-02. */
const EIGHT_DAYS_AFTER_INTAKE = "2030-01-10T15:00:00Z";
const WRINKLES_INTAKE = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

describeEachDatabase("setup changes that keep bookings true, over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  /** A New York clinic with one provider (Mon–Fri 09:00–17:00), one room, a treatment and a consultation. */
  async function newClinicWithBookings() {
    const clinic = await newClinic(db.store, {
      timeZone: ZONE,
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 365 },
    });
    const provider = await newProvider(db.store, clinic.id, { skills: ["microneedling", "consultation"] });
    const room = await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
    await newService(db.store, clinic.id, {
      code: "consultation",
      durationMinutes: 30,
      needsRoom: true,
      isTreatment: false,
    });
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin", name: "Ada Admin" });
    const frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const addPatient = async (intake: Record<string, unknown> = WRINKLES_INTAKE) => {
      const row = await newPatient(db.store, clinic.id, { timeZone: ZONE });
      const actor = await patientActor(db.store, clinic, row);
      const saved = await send("PUT", `/api/v1/patients/${row.id}/intake`, actor, intake);
      expect(saved.statusCode, saved.body).toBe(200);
      return { id: row.id, actor };
    };
    const book = async (patientId: string, startsAt: string, service = "consultation") => {
      const res = await send("POST", "/api/v1/bookings", frontDesk, { patientId, service, startsAt });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; startsAt: string; patientId: string };
    };
    const clinicUrl = (rest: string) => `/api/v1/clinics/${clinic.slug}${rest}`;
    const attentionList = async () => {
      const res = await send("GET", clinicUrl("/bookings/needs-attention"), frontDesk);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().bookings as { id: string; needsAttention: { reason: string; flaggedAt: string } }[];
    };
    return { clinic, provider, room, admin, frontDesk, addPatient, book, clinicUrl, attentionList };
  }

  const send = (
    method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
  ) => app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  it("time off over a booking answers 409 with it; accepted, it flags the booking for the front desk", async () => {
    const c = await newClinicWithBookings();
    const patient = await c.addPatient();
    const booked = await c.book(patient.id, MONDAY_10);
    const timeOff = {
      kind: "time_off",
      startsAt: "2030-01-07T14:00:00Z",
      endsAt: "2030-01-07T18:00:00Z",
      note: "Dentist",
    };
    const url = c.clinicUrl(`/providers/${c.provider.id}/hours-exceptions`);

    const refused = expectProblem(await send("POST", url, c.admin, timeOff), 409, "conflict");
    expect(refused.bookings).toEqual([
      { id: booked.id, startsAt: MONDAY_10, patientId: patient.id, reason: "provider_time_off" },
    ]);
    const window = "?from=2030-01-07T00:00:00Z&to=2030-01-08T00:00:00Z";
    expect((await send("GET", `${url}${window}`, c.frontDesk)).json().exceptions).toEqual([]);
    expect(await c.attentionList()).toEqual([]);

    const applied = await send("POST", url, c.admin, { ...timeOff, acceptConflicts: true });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).not.toHaveProperty("acceptConflicts");
    const flagged = await send("GET", `/api/v1/bookings/${booked.id}`, c.frontDesk);
    expect(flagged.json()).toMatchObject({
      status: "booked",
      startsAt: MONDAY_10,
      needsAttention: { reason: "provider_time_off", flaggedAt: "2030-01-02T15:00:00Z" },
    });
    expect((await c.attentionList()).map((b) => [b.id, b.needsAttention.reason])).toEqual([
      [booked.id, "provider_time_off"],
    ]);
    // The patient sees it on their own booking; the front desk's queue is staff only.
    const own = await send("GET", `/api/v1/bookings/${booked.id}`, patient.actor);
    expect(own.json().needsAttention).toMatchObject({ reason: "provider_time_off" });
    expectProblem(await send("GET", c.clinicUrl("/bookings/needs-attention"), patient.actor), 403);
    // The readiness board names the flag beside whatever else stands in the booking's way.
    const board = await send("GET", c.clinicUrl("/readiness?days=7"), c.frontDesk);
    expect(board.statusCode, board.body).toBe(200);
    const row = board.json().items.find((b: { bookingId: string }) => b.bookingId === booked.id);
    expect(row.problems).toContainEqual(
      expect.objectContaining({ code: "needs_attention", reasons: ["provider_time_off"] }),
    );

    const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: c.clinic.id, limit: 1000 });
    expect(events.filter((e) => e.type === "booking.needs_attention").map((e) => e.payload)).toEqual([
      expect.objectContaining({ bookingId: booked.id, patientId: patient.id, reason: "provider_time_off" }),
    ]);
    const audit = await listAuditEntries(db.store.db, {
      clinicId: c.clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    expect(audit.find((e) => e.action === "booking.needs_attention")).toMatchObject({
      actorId: c.admin.account.id,
      detail: { bookingId: booked.id, reason: "provider_time_off", acceptedConflict: true },
    });

    // Moving the booking to a time the provider works ends the flag.
    const moved = await send("PATCH", `/api/v1/bookings/${booked.id}`, c.frontDesk, { startsAt: TUESDAY_10 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().needsAttention).toBeNull();
    expect(await c.attentionList()).toEqual([]);
  });

  it("changed hours that exclude a booking answer 409 with it; accepted, they flag it; cancelling clears it", async () => {
    const c = await newClinicWithBookings();
    const patient = await c.addPatient();
    const booked = await c.book(patient.id, TUESDAY_10);
    const noTuesdays = [1, 3, 4, 5].map((weekday) => ({ weekday, startTime: "09:00", endTime: "17:00" }));
    const url = c.clinicUrl(`/providers/${c.provider.id}/hours`);

    const refused = expectProblem(
      await send("PUT", url, c.admin, { weeklyHours: noTuesdays }),
      409,
      "conflict",
    );
    expect(refused.bookings).toEqual([
      { id: booked.id, startsAt: TUESDAY_10, patientId: patient.id, reason: "outside_working_hours" },
    ]);
    const providers = await send("GET", c.clinicUrl("/providers"), c.frontDesk);
    expect(providers.json().providers[0].weeklyHours).toHaveLength(5);

    const applied = await send("PUT", url, c.admin, { weeklyHours: noTuesdays, acceptConflicts: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().weeklyHours).toHaveLength(4);
    expect((await c.attentionList()).map((b) => [b.id, b.needsAttention.reason])).toEqual([
      [booked.id, "outside_working_hours"],
    ]);

    const cancelled = await send("POST", `/api/v1/bookings/${booked.id}/cancel`, c.frontDesk, {
      reason: "Provider no longer works Tuesdays.",
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().booking.needsAttention).toBeNull();
    expect(await c.attentionList()).toEqual([]);
  });

  it("retiring a room a future booking holds answers 409 with it; accepted, it flags it; staff may resolve it", async () => {
    const c = await newClinicWithBookings();
    const patient = await c.addPatient();
    const booked = await c.book(patient.id, MONDAY_10);
    const url = c.clinicUrl(`/rooms/${c.room.id}`);

    const refused = expectProblem(await send("PATCH", url, c.admin, { active: false }), 409, "conflict");
    expect(refused.bookings).toEqual([
      { id: booked.id, startsAt: MONDAY_10, patientId: patient.id, reason: "room_retired" },
    ]);
    expect((await send("GET", c.clinicUrl("/rooms"), c.frontDesk)).json().rooms[0].active).toBe(true);

    const applied = await send("PATCH", url, c.admin, { active: false, acceptConflicts: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ active: false });
    expect((await c.attentionList()).map((b) => [b.id, b.needsAttention.reason])).toEqual([
      [booked.id, "room_retired"],
    ]);

    const resolveUrl = `/api/v1/bookings/${booked.id}/attention/resolve`;
    expectProblem(await send("POST", resolveUrl, patient.actor, {}), 403);
    const resolved = await send("POST", resolveUrl, c.frontDesk, { note: "Treated in the consult room." });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ id: booked.id, status: "booked", needsAttention: null });
    expect(await c.attentionList()).toEqual([]);
    expectProblem(await send("POST", resolveUrl, c.frontDesk, {}), 409, "invalid_state");
    const audit = await listAuditEntries(db.store.db, {
      clinicId: c.clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    expect(audit.find((e) => e.action === "booking.attention_resolved")).toMatchObject({
      actorId: c.frontDesk.account.id,
      detail: { bookingId: booked.id, reason: "room_retired", note: "Treated in the consult room." },
    });
  });

  it("a protocol version lengthening the retinoid washout flags the booking it invalidates", async () => {
    const c = await newClinicWithBookings();
    // On an ongoing retinoid (stopping at intake, 2030-01-02): under 7 days the 10th is allowed.
    const patient = await c.addPatient(RETINOID_INTAKE);
    const booked = await c.book(patient.id, EIGHT_DAYS_AFTER_INTAKE, "microneedling");
    const other = await c.addPatient();
    const untouched = await c.book(other.id, "2030-01-10T17:00:00Z", "consultation");
    const lengthened = { version: unique("retinoid-14"), medications: { topical_retinoid: { days: 14 } } };
    const url = c.clinicUrl("/protocol");

    const refused = expectProblem(await send("PUT", url, c.admin, lengthened), 409, "conflict");
    expect(refused.bookings).toEqual([
      {
        id: booked.id,
        startsAt: EIGHT_DAYS_AFTER_INTAKE,
        patientId: patient.id,
        reason: "washout_not_finished",
      },
    ]);
    expect((await send("GET", url, c.frontDesk)).json().isDefault).toBe(true);

    const applied = await send("PUT", url, c.admin, { ...lengthened, acceptConflicts: true });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().document).not.toHaveProperty("acceptConflicts");
    expect((await send("GET", url, c.frontDesk)).json().version).toBe(lengthened.version);
    expect((await c.attentionList()).map((b) => [b.id, b.needsAttention.reason])).toEqual([
      [booked.id, "washout_not_finished"],
    ]);
    const flagged = await send("GET", `/api/v1/bookings/${untouched.id}`, c.frontDesk);
    expect(flagged.json().needsAttention).toBeNull();
  });

  it("a change that invalidates nothing is applied with no flag", async () => {
    const c = await newClinicWithBookings();
    const patient = await c.addPatient(RETINOID_INTAKE);
    await c.book(patient.id, "2030-01-21T15:00:00Z", "microneedling");
    await c.book(patient.id, MONDAY_10);

    const dayOff = await send("POST", c.clinicUrl(`/providers/${c.provider.id}/hours-exceptions`), c.admin, {
      kind: "time_off",
      startsAt: "2030-01-09T14:00:00Z",
      endsAt: "2030-01-09T22:00:00Z",
    });
    expect(dayOff.statusCode, dayOff.body).toBe(201);
    const longerDay = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime: "08:00", endTime: "18:00" }));
    const hours = await send("PUT", c.clinicUrl(`/providers/${c.provider.id}/hours`), c.admin, {
      weeklyHours: longerDay,
    });
    expect(hours.statusCode, hours.body).toBe(200);
    // 14 days of washout end on the 16th: a session on the 21st still stands.
    const protocol = await send("PUT", c.clinicUrl("/protocol"), c.admin, {
      version: unique("retinoid-14"),
      medications: { topical_retinoid: { days: 14 } },
    });
    expect(protocol.statusCode, protocol.body).toBe(201);
    const extraRoom = await send("POST", c.clinicUrl("/rooms"), c.admin, { name: "Spare" });
    const retired = await send("PATCH", c.clinicUrl(`/rooms/${extraRoom.json().id}`), c.admin, {
      active: false,
    });
    expect(retired.statusCode, retired.body).toBe(200);

    expect(await c.attentionList()).toEqual([]);
    const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: c.clinic.id, limit: 1000 });
    expect(events.filter((e) => e.type === "booking.needs_attention")).toEqual([]);
  });

  it("a booking still being written when time off is added is seen by it, not left invalid unflagged", async () => {
    const c = await newClinicWithBookings();
    const patient = await c.addPatient();
    // The booking's transaction pauses after its insert, before its commit, holding its locks.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let paused = () => {};
    const insideBooking = new Promise<void>((resolve) => {
      paused = resolve;
    });
    const booking = bookAppointment(
      {
        store: db.store,
        clock: fixedClock(TEST_NOW),
        recordWrite: async () => {
          paused();
          await gate;
        },
      },
      { clinicId: c.clinic.id, patientId: patient.id, serviceCode: "consultation", startsAt: MONDAY_10 },
    );
    if (db.dialect === "postgres") await insideBooking;
    const timeOff = send("POST", c.clinicUrl(`/providers/${c.provider.id}/hours-exceptions`), c.admin, {
      kind: "time_off",
      startsAt: "2030-01-07T14:00:00Z",
      endsAt: "2030-01-07T18:00:00Z",
    });
    // PostgreSQL: let the booking commit once the setup change waits for it (or has answered
    // without waiting, which is the bug). SQLite lets one writer in at a time: nothing to wait for.
    if (db.dialect === "postgres") {
      let answered = false;
      void timeOff.then(() => {
        answered = true;
      });
      while (!answered && !(await setupChangeWaitsOnALock())) await new Promise((r) => setImmediate(r));
    }
    release();
    const booked = (await booking).booking;
    const refused = expectProblem(await timeOff, 409, "conflict");
    expect(refused.bookings).toEqual([
      { id: booked.id, startsAt: MONDAY_10, patientId: patient.id, reason: "provider_time_off" },
    ]);
  });

  /** Whether a session of this database is waiting for a lock on a clinic row (a setup change queued behind a booking). */
  async function setupChangeWaitsOnALock(): Promise<boolean> {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and query like '%"clinic"%'`.execute(
      db.store.db,
    );
    return (rows[0]?.waiting ?? 0) > 0;
  }
});
