import { type Kysely, Migrator } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../test/databases.js";
import { DEFAULT_BOOKING_CAPS } from "../../domain/clinic/types.js";
import { createAccount, findAccountById } from "../account.repository.js";
import { listAuditEntries } from "../audit.repository.js";
import {
  findBookingById,
  insertBooking,
  listBookingsByPatient,
  setBookingStatus,
} from "../booking.repository.js";
import { findClinicBySlug } from "../clinic.repository.js";
import type { Store } from "../database.js";
import { findDeviceById } from "../device.repository.js";
import { findOverlappingHolds, listBusyOf } from "../hold.repository.js";
import { findIdempotencyRecord } from "../idempotency.repository.js";
import { findLatestIntake } from "../intake.repository.js";
import { migrateToLatest } from "../migrate.js";
import { appendOutboxEvent, listUnprocessedOutboxEvents } from "../outbox.repository.js";
import { findPatientById } from "../patient.repository.js";
import { findAcceptedOverrides, findPlanById } from "../plan.repository.js";
import { findCurrentProtocolVersion } from "../protocol-version.repository.js";
import { findProviderById, listHoursExceptions } from "../provider.repository.js";
import { findRoomById } from "../room.repository.js";
import { findServiceById } from "../service.repository.js";
import { listWaitlist } from "../waitlist.repository.js";
import { migrationProvider } from "./index.js";

const FIRST_MIGRATION = "2026_11_27_0001_initial";

/**
 * Rows as the first schema stores them, written with plain inserts rather than today's
 * repositories (which follow the latest schema): instants as 24-char UTC text, JSON as text.
 */
type Rows = Record<string, Record<string, unknown>>;

const IDS = {
  clinic: "c0000000-0000-4000-8000-000000000001",
  protocol: "c0000000-0000-4000-8000-000000000002",
  provider: "c0000000-0000-4000-8000-000000000003",
  exception: "c0000000-0000-4000-8000-000000000004",
  room: "c0000000-0000-4000-8000-000000000005",
  device: "c0000000-0000-4000-8000-000000000006",
  service: "c0000000-0000-4000-8000-000000000007",
  patient: "c0000000-0000-4000-8000-000000000008",
  intake: "c0000000-0000-4000-8000-000000000009",
  plan: "c0000000-0000-4000-8000-00000000000a",
  booking: "c0000000-0000-4000-8000-00000000000b",
  waitlist: "c0000000-0000-4000-8000-00000000000c",
  audit: "c0000000-0000-4000-8000-00000000000d",
  outbox: "01a4c2f1e400-000000-3f2a9c0d11e47b65",
};

const POLICY = { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 180 };
const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const INTAKE = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [{ code: "topical_retinoid", lastTakenOn: "2029-11-20" }],
  recentProcedures: [],
  conditions: [],
};
const PLAN = { sessions: [{ number: 1, service: "microneedling" }], maintenance: { everyMonths: 12 } };
const OVERRIDES = [{ code: "washout.topical_retinoid", reason: "stopped earlier", by: "staff-1" }];

/** A clinic at work, as the first release stored it: set-up, a patient with a plan, a booking and its holds. */
async function seedFirstSchema(store: Store): Promise<void> {
  const db = store.db as unknown as Kysely<Rows>;
  const bool = (value: boolean) => (store.dialect === "postgres" ? value : value ? 1 : 0);
  const json = (value: unknown) => JSON.stringify(value);
  await db.transaction().execute(async (trx) => {
    const insert = (table: string, rows: Record<string, unknown> | Record<string, unknown>[]) =>
      trx.insertInto(table).values(rows).execute();
    await insert("clinic", {
      id: IDS.clinic,
      slug: "glow-upgrade",
      name: "Glow Med Spa",
      time_zone: "America/New_York",
      policy: json(POLICY),
      created_at: "2029-11-01T14:00:00.000Z",
      setup_revision: 3,
    });
    await insert("protocol_version", {
      id: IDS.protocol,
      clinic_id: IDS.clinic,
      version: "clinic-1",
      document: json({ intervalDays: { min: 28, max: 42 } }),
      created_at: "2029-11-01T14:05:00.000Z",
      is_current: bool(true),
    });
    await insert("provider", {
      id: IDS.provider,
      clinic_id: IDS.clinic,
      name: "Dr. Alice Ng",
      skills: json(["microneedling", "consultation"]),
      active: bool(true),
    });
    await insert(
      "working_hours",
      WEEKDAYS.map((weekday) => ({
        provider_id: IDS.provider,
        weekday,
        start_time: "09:00",
        end_time: "17:00",
      })),
    );
    await insert("hours_exception", {
      id: IDS.exception,
      clinic_id: IDS.clinic,
      provider_id: IDS.provider,
      kind: "time_off",
      starts_at: "2030-01-14T14:00:00.000Z",
      ends_at: "2030-01-14T22:00:00.000Z",
      note: "Conference",
    });
    await insert("room", { id: IDS.room, clinic_id: IDS.clinic, name: "Room 1", active: bool(true) });
    await insert("device", {
      id: IDS.device,
      clinic_id: IDS.clinic,
      name: "Morpheus8",
      kind: "rf",
      active: bool(true),
    });
    await insert("service", {
      id: IDS.service,
      clinic_id: IDS.clinic,
      code: "rf_microneedling",
      name: "RF microneedling",
      duration_minutes: 75,
      buffer_before_minutes: 0,
      buffer_after_minutes: 15,
      needs_room: bool(true),
      device_kinds: json(["rf"]),
      add_on: "rf",
      is_treatment: bool(true),
      active: bool(true),
    });
    await insert("patient", {
      id: IDS.patient,
      clinic_id: IDS.clinic,
      name: "Zoë O'Brien",
      email: "zoe@example.test",
      phone: "+1 555 0100",
      time_zone: "America/Chicago",
      created_at: "2029-11-02T15:00:00.000Z",
    });
    await insert("intake_version", {
      id: IDS.intake,
      patient_id: IDS.patient,
      version: 1,
      data: json(INTAKE),
      created_at: "2029-11-02T15:10:00.000Z",
    });
    await insert("plan", {
      id: IDS.plan,
      patient_id: IDS.patient,
      protocol_version: "clinic-1",
      intake_version: 1,
      data: json(PLAN),
      status: "accepted",
      created_at: "2029-11-02T15:11:00.000Z",
      accepted_by: "staff-1",
      accepted_at: "2029-11-02T15:30:00.000Z",
      overrides: json(OVERRIDES),
    });
    await insert("booking", {
      id: IDS.booking,
      clinic_id: IDS.clinic,
      patient_id: IDS.patient,
      service_id: IDS.service,
      provider_id: IDS.provider,
      room_id: IDS.room,
      device_ids: json([IDS.device]),
      starts_at: "2030-01-07T15:00:00.000Z",
      ends_at: "2030-01-07T16:15:00.000Z",
      block_starts_at: "2030-01-07T15:00:00.000Z",
      block_ends_at: "2030-01-07T16:30:00.000Z",
      status: "booked",
      series_id: "series-1",
      series_number: 1,
      plan_id: IDS.plan,
      late_cancel: bool(false),
      created_at: "2029-11-02T15:31:00.000Z",
      updated_at: "2029-11-02T15:31:00.000Z",
    });
    await insert(
      "resource_hold",
      [IDS.provider, IDS.room, IDS.device, IDS.patient].map((resource_id) => ({
        booking_id: IDS.booking,
        clinic_id: IDS.clinic,
        resource_id,
        starts_at: "2030-01-07T15:00:00.000Z",
        ends_at: "2030-01-07T16:30:00.000Z",
      })),
    );
    await insert("waitlist_entry", {
      id: IDS.waitlist,
      clinic_id: IDS.clinic,
      patient_id: IDS.patient,
      service_id: IDS.service,
      provider_id: null,
      from_at: "2030-01-01T14:00:00.000Z",
      to_at: "2030-01-05T22:00:00.000Z",
      status: "waiting",
      created_at: "2029-11-02T15:32:00.000Z",
    });
    await insert("idempotency_key", {
      clinic_id: IDS.clinic,
      key: "booking-key-1",
      request_hash: "a".repeat(64),
      response_status: 201,
      response_body: json({ id: IDS.booking }),
      created_at: "2029-11-02T15:31:00.000Z",
    });
    await insert("outbox_event", {
      id: IDS.outbox,
      clinic_id: IDS.clinic,
      type: "booking.created",
      payload: json({ bookingId: IDS.booking }),
      created_at: "2029-11-02T15:31:00.000Z",
      processed_at: null,
      claimed_by: null,
      claimed_until: null,
    });
    await insert("audit_log", {
      id: IDS.audit,
      at: "2029-11-02T15:31:00.000Z",
      actor_id: "staff-1",
      clinic_id: IDS.clinic,
      patient_id: IDS.patient,
      action: "booking.create",
      detail: json({ bookingId: IDS.booking }),
    });
  });
}

describeEachDatabase(
  "upgrading a database made by the first migration",
  (ctx) => {
    it("keeps its data, readable and writable through today's repositories", async () => {
      const migrator = new Migrator({
        db: ctx.store.db,
        provider: migrationProvider(ctx.store.dialect),
        migrationTableSchema: ctx.store.schema,
      });
      const first = await migrator.migrateTo(FIRST_MIGRATION);
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.migrationName)).toEqual([FIRST_MIGRATION]);
      await seedFirstSchema(ctx.store);

      const applied = await migrateToLatest(ctx.store);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied).not.toContain(FIRST_MIGRATION);

      const db = ctx.store.db;
      expect(await findClinicBySlug(db, "glow-upgrade")).toEqual({
        id: IDS.clinic,
        slug: "glow-upgrade",
        name: "Glow Med Spa",
        timeZone: "America/New_York",
        // Stored before the per-patient caps existed: read with the default caps.
        policy: { ...POLICY, ...DEFAULT_BOOKING_CAPS },
        // Added later, empty until an admin fills them in.
        address: null,
        phone: null,
      });
      expect(await findCurrentProtocolVersion(db, IDS.clinic)).toMatchObject({
        id: IDS.protocol,
        version: "clinic-1",
        document: { intervalDays: { min: 28, max: 42 } },
        createdAt: "2029-11-01T14:05:00Z",
        isCurrent: true,
      });
      expect(await findProviderById(db, IDS.clinic, IDS.provider)).toEqual({
        id: IDS.provider,
        clinicId: IDS.clinic,
        name: "Dr. Alice Ng",
        skills: ["microneedling", "consultation"],
        weeklyHours: WEEKDAYS.map((weekday) => ({ weekday, startTime: "09:00", endTime: "17:00" })),
        active: true,
      });
      expect(
        await listHoursExceptions(
          db,
          { clinicId: IDS.clinic },
          "2030-01-14T00:00:00Z",
          "2030-01-15T00:00:00Z",
        ),
      ).toEqual([
        {
          id: IDS.exception,
          providerId: IDS.provider,
          kind: "time_off",
          startsAt: "2030-01-14T14:00:00Z",
          endsAt: "2030-01-14T22:00:00Z",
          note: "Conference",
        },
      ]);
      expect(await findRoomById(db, IDS.clinic, IDS.room)).toEqual({
        id: IDS.room,
        clinicId: IDS.clinic,
        name: "Room 1",
        // A room from before room kinds is a treatment room; an admin marks consult rooms.
        kind: "treatment",
        active: true,
      });
      expect(await findDeviceById(db, IDS.clinic, IDS.device)).toEqual({
        id: IDS.device,
        clinicId: IDS.clinic,
        name: "Morpheus8",
        kind: "rf",
        active: true,
      });
      expect(await findServiceById(db, IDS.clinic, IDS.service)).toEqual({
        id: IDS.service,
        clinicId: IDS.clinic,
        code: "rf_microneedling",
        name: "RF microneedling",
        durationMinutes: 75,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        needsRoom: true,
        // A service from before room kinds may use every kind: it loses no slot it had.
        roomKinds: ["treatment", "consult"],
        deviceKinds: ["rf"],
        addOn: "rf",
        isTreatment: true,
        active: true,
      });
      expect(await findPatientById(db, IDS.clinic, IDS.patient)).toEqual({
        id: IDS.patient,
        clinicId: IDS.clinic,
        name: "Zoë O'Brien",
        email: "zoe@example.test",
        phone: "+1 555 0100",
        timeZone: "America/Chicago",
      });
      expect(await findLatestIntake(db, IDS.patient)).toEqual({
        id: IDS.intake,
        patientId: IDS.patient,
        version: 1,
        data: INTAKE,
        createdAt: "2029-11-02T15:10:00Z",
        // Versions from before confirmations removed nothing, so none awaits a provider.
        removed: [],
        confirmedBy: null,
        confirmedAt: null,
      });
      expect(await findPlanById(db, IDS.plan)).toEqual({
        id: IDS.plan,
        patientId: IDS.patient,
        protocolVersion: "clinic-1",
        intakeVersion: 1,
        data: PLAN,
        status: "accepted",
        createdAt: "2029-11-02T15:11:00Z",
        acceptedBy: "staff-1",
        acceptedAt: "2029-11-02T15:30:00Z",
        overrides: OVERRIDES,
      });
      expect(await findAcceptedOverrides(db, IDS.patient)).toEqual(OVERRIDES);
      const booking = {
        id: IDS.booking,
        clinicId: IDS.clinic,
        patientId: IDS.patient,
        serviceId: IDS.service,
        providerId: IDS.provider,
        roomId: IDS.room,
        deviceIds: [IDS.device],
        startsAt: "2030-01-07T15:00:00Z",
        endsAt: "2030-01-07T16:15:00Z",
        blockStartsAt: "2030-01-07T15:00:00Z",
        blockEndsAt: "2030-01-07T16:30:00Z",
        status: "booked",
        seriesId: "series-1",
        seriesNumber: 1,
        planId: IDS.plan,
        lateCancel: false,
        createdAt: "2029-11-02T15:31:00Z",
        updatedAt: "2029-11-02T15:31:00Z",
        needsAttention: null,
      };
      expect(await findBookingById(db, IDS.clinic, IDS.booking)).toEqual(booking);
      expect(await listWaitlist(db, IDS.clinic)).toEqual([
        {
          id: IDS.waitlist,
          clinicId: IDS.clinic,
          patientId: IDS.patient,
          serviceId: IDS.service,
          providerId: null,
          fromAt: "2030-01-01T14:00:00Z",
          toAt: "2030-01-05T22:00:00Z",
          status: "waiting",
          createdAt: "2029-11-02T15:32:00Z",
          offeredAt: null,
          offerStartsAt: null,
          offerEndsAt: null,
          closedAt: null,
        },
      ]);
      // Keys recorded before accounts scoped them belong to no account.
      const scope = { clinicId: IDS.clinic, accountId: null, key: "booking-key-1" };
      expect(await findIdempotencyRecord(db, scope)).toMatchObject({
        responseStatus: 201,
        responseBody: { id: IDS.booking },
      });
      expect(await listAuditEntries(db, { clinicId: IDS.clinic, limit: 10 })).toEqual([
        {
          id: IDS.audit,
          at: "2029-11-02T15:31:00Z",
          actorId: "staff-1",
          // Written before the trail kept names, roles, targets and reasons.
          actorName: null,
          actorRole: null,
          clinicId: IDS.clinic,
          patientId: IDS.patient,
          action: "booking.create",
          target: null,
          reason: null,
          detail: { bookingId: IDS.booking },
        },
      ]);

      // The old holds still guard their resources: a slot search sees them, a booking cannot overlap them.
      expect(
        await listBusyOf(db, [IDS.provider, IDS.room], "2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"),
      ).toHaveLength(2);
      expect(
        await findOverlappingHolds(db, [IDS.device], "2030-01-07T16:00:00Z", "2030-01-07T17:00:00Z"),
      ).toEqual([
        {
          bookingId: IDS.booking,
          resourceId: IDS.device,
          startsAt: "2030-01-07T15:00:00Z",
          endsAt: "2030-01-07T16:30:00Z",
        },
      ]);

      // New rows sit beside the old ones: a sign-in for the patient (a table the first schema
      // lacked), a second booking, a cancellation that frees the first one's holds, an event.
      const account = await createAccount(db, {
        clinicId: IDS.clinic,
        email: "zoe@example.test",
        name: "Zoë O'Brien",
        role: "patient",
        passwordHash: "not-a-real-hash",
        patientId: IDS.patient,
        createdAt: "2030-01-02T15:00:00Z",
      });
      expect(await findAccountById(db, account.id)).toMatchObject({ patientId: IDS.patient });
      const second = await insertBooking(db, {
        clinicId: IDS.clinic,
        patientId: IDS.patient,
        serviceId: IDS.service,
        providerId: IDS.provider,
        roomId: IDS.room,
        deviceIds: [IDS.device],
        startsAt: "2030-02-04T15:00:00Z",
        endsAt: "2030-02-04T16:15:00Z",
        blockEndsAt: "2030-02-04T16:30:00Z",
        createdAt: "2030-01-02T15:00:00Z",
      });
      const cancelled = await setBookingStatus(db, IDS.clinic, IDS.booking, "cancelled", {
        updatedAt: "2030-01-02T15:01:00Z",
      });
      expect(cancelled).toEqual({ ...booking, status: "cancelled", updatedAt: "2030-01-02T15:01:00Z" });
      expect(await listBookingsByPatient(db, IDS.patient)).toEqual([cancelled, second]);
      expect(
        await listBusyOf(db, [IDS.provider, IDS.room], "2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"),
      ).toEqual([]);
      const event = await appendOutboxEvent(db, ctx.store.outboxIds, {
        clinicId: IDS.clinic,
        type: "booking.cancelled",
        payload: { bookingId: IDS.booking },
        createdAt: "2030-01-02T15:01:00Z",
      });
      expect((await listUnprocessedOutboxEvents(db, { clinicId: IDS.clinic })).map((e) => e.id)).toEqual([
        IDS.outbox,
        event.id,
      ]);
    });
  },
  { migrate: false },
);
