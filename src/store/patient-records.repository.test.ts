import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newBooking, newBookingScene, newPatient } from "../../test/factories.js";
import type { Intake } from "../domain/protocol/intake.js";
import {
  listActiveBookingsByPatient,
  listBookingsByPatient,
  listUncancelledBookingsEndingAfter,
  setBookingStatus,
} from "./booking.repository.js";
import { type BusyInterval, listBusyOf } from "./hold.repository.js";
import { findLatestIntake, saveIntake } from "./intake.repository.js";
import {
  type PatientBookingRange,
  readPatientRecordRows,
  readTimelineRecordRows,
} from "./patient-records.repository.js";
import { findAcceptedPlanOverrides, insertPlan, updatePlanStatus } from "./plan.repository.js";
import {
  createProduct,
  findPatientRoutine,
  findPatientRoutineKinds,
  savePatientRoutine,
} from "./product.repository.js";

const intake: Intake = {
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  medications: [{ code: "topical_retinoid", lastTakenOn: "2029-11-20" }],
  recentProcedures: [],
  conditions: ["cold_sore_history"],
};

describeEachDatabase("patient records repository", (ctx) => {
  /**
   * A patient with two intakes, an accepted plan with an override, a routine naming one catalog
   * product, and bookings inserted out of order, one with a device and one cancelled (late), so
   * order, JSON columns and booleans all have something to show.
   */
  async function patientWithRecords() {
    const { clinic, device, refs } = await newBookingScene(ctx.store);
    const db = ctx.store.db;
    const patientId = refs.patientId;
    await saveIntake(db, patientId, intake, CREATED_AT);
    await saveIntake(db, patientId, { ...intake, conditions: [] }, "2029-12-02T08:30:00.250Z", {
      removed: ["cold_sore_history"],
    });
    const plan = await insertPlan(db, {
      patientId,
      protocolVersion: "1",
      intakeVersion: 2,
      data: {},
      createdAt: CREATED_AT,
    });
    const overrides = [{ code: "washout.topical_retinoid", reason: "stopped earlier", by: "staff-1" }];
    await updatePlanStatus(db, plan.id, {
      status: "accepted",
      acceptedBy: "staff-1",
      overrides,
      at: CREATED_AT,
    });
    const serum = await createProduct(db, {
      clinicId: clinic.id,
      name: "Night serum",
      kind: "retinoid",
      createdAt: CREATED_AT,
    });
    await savePatientRoutine(db, {
      patientId,
      items: [
        { kind: "vitamin_c", productId: serum.id, times: ["evening"] },
        { kind: "sunscreen", productId: null, times: ["morning"] },
      ],
      assignedBy: "staff-1",
      assignedAt: CREATED_AT,
    });
    const later = await newBooking(db, refs, { startsAt: "2030-01-09T15:00:00Z", deviceIds: [device.id] });
    const cancelled = await newBooking(db, refs, { startsAt: "2030-01-08T15:00:00.5Z" });
    await setBookingStatus(db, clinic.id, cancelled.id, "cancelled", {
      lateCancel: true,
      updatedAt: CREATED_AT,
    });
    const earlier = await newBooking(db, refs, { startsAt: "2030-01-07T15:00:00Z" });

    return { clinic, device, refs, db, patientId, overrides, serum, later, cancelled, earlier };
  }

  it("reads what the separate reads read, in their order", async () => {
    const { device, refs, db, patientId, overrides, later, earlier } = await patientWithRecords();
    const ranges: PatientBookingRange[] = [
      { status: "active", from: "2030-01-01T00:00:00Z", to: "2030-02-01T00:00:00Z" },
      { status: "uncancelled", endingAfter: "2030-01-07T15:30:00Z" },
    ];
    for (const range of ranges) {
      const read = await readPatientRecordRows(db, ctx.store.dialect, patientId, range);
      expect(read).toEqual({
        latestIntake: await findLatestIntake(db, patientId),
        acceptedPlan: await findAcceptedPlanOverrides(db, patientId),
        bookings:
          range.status === "active"
            ? await listActiveBookingsByPatient(db, patientId, range.from, range.to)
            : await listUncancelledBookingsEndingAfter(db, patientId, range.endingAfter),
        routineKinds: await findPatientRoutineKinds(db, patientId),
        busy: [],
      });
      expect(read.latestIntake).toMatchObject({
        version: 2,
        removed: ["cold_sore_history"],
        confirmedAt: null,
      });
      expect(read.latestIntake?.createdAt).toBe("2029-12-02T08:30:00.25Z");
      expect(read.acceptedPlan).toEqual({ overrides, intakeVersion: 2 });
      expect(read.routineKinds).toEqual(["retinoid", "sunscreen"]);
      expect(read.bookings.map((b) => b.id)).toEqual([earlier.id, later.id]);
      expect(read.bookings[1]).toEqual(later);
    }

    // For a service the protocol does not judge, the bookings alone: no intake, plan or routine.
    const bookingsOnly = await readPatientRecordRows(
      db,
      ctx.store.dialect,
      patientId,
      ranges[0] as PatientBookingRange,
      {
        protocolRecords: false,
      },
    );
    expect(bookingsOnly).toEqual({
      latestIntake: undefined,
      acceptedPlan: undefined,
      bookings: [earlier, later],
      routineKinds: [],
      busy: [],
    });

    // With a range of holds, the holds `listBusyOf` reads too (in no set order).
    const busy = {
      resourceIds: [refs.providerId, device.id, "no-such-resource"],
      from: "2030-01-08T00:00:00Z",
      to: "2030-01-10T00:00:00Z",
    };
    const withBusy = await readPatientRecordRows(
      db,
      ctx.store.dialect,
      patientId,
      ranges[0] as PatientBookingRange,
      { busy },
    );
    const byResourceAndStart = (a: BusyInterval, b: BusyInterval) =>
      a.resourceId === b.resourceId
        ? a.startsAt.localeCompare(b.startsAt)
        : a.resourceId.localeCompare(b.resourceId);
    const expected = await listBusyOf(db, busy.resourceIds, busy.from, busy.to);
    expect(expected.map((hold) => hold.startsAt)).toEqual(expect.arrayContaining(["2030-01-09T15:00:00Z"]));
    expect(expected).toHaveLength(2);
    expect(withBusy.busy.sort(byResourceAndStart)).toEqual(expected.sort(byResourceAndStart));
  });

  it("reads a timeline's records as the separate reads read them", async () => {
    const { clinic, db, patientId, overrides, serum, later, cancelled, earlier } = await patientWithRecords();
    // A product of the catalog that the routine does not name.
    await createProduct(db, { clinicId: clinic.id, name: "Toner", kind: "cleanser", createdAt: CREATED_AT });
    const read = await readTimelineRecordRows(db, ctx.store.dialect, patientId, clinic.id);
    expect(read).toMatchObject({
      latestIntake: await findLatestIntake(db, patientId),
      overrides,
      bookings: await listBookingsByPatient(db, patientId),
      routine: await findPatientRoutine(db, patientId),
    });
    expect(read.bookings.map((b) => b.id)).toEqual([earlier.id, cancelled.id, later.id]);
    expect(read.bookings[1]).toMatchObject({ status: "cancelled", lateCancel: true });
    // At least the products the routine names, with their stored fields.
    expect(read.catalog).toEqual(expect.arrayContaining([serum]));
    const empty = await newPatient(ctx.store, clinic.id);
    expect(await readTimelineRecordRows(db, ctx.store.dialect, empty.id, clinic.id)).toEqual({
      latestIntake: undefined,
      overrides: [],
      bookings: [],
      routine: undefined,
      catalog: [],
    });
  });

  it("reads nothing as nothing", async () => {
    const { clinic } = await newBookingScene(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const range = { status: "uncancelled", endingAfter: "2030-01-01T00:00:00Z" } as const;
    expect(await readPatientRecordRows(ctx.store.db, ctx.store.dialect, patient.id, range)).toEqual({
      latestIntake: undefined,
      acceptedPlan: undefined,
      bookings: [],
      routineKinds: [],
      busy: [],
    });
  });
});
