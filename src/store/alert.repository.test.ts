import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newBooking, newBookingScene, newPatient } from "../../test/factories.js";
import {
  acknowledgeAlert,
  findAlertById,
  insertAlert,
  listClinicAlerts,
  listPatientAlerts,
} from "./alert.repository.js";
import { deleteCalendarToken, findCalendarToken, replaceCalendarToken } from "./calendar-token.repository.js";
import { insertCheckIn, listCheckIns } from "./check-in.repository.js";

const CALM = {
  redness: 1,
  swelling: "none" as const,
  warmthOrPus: false,
  fever: false,
  newBumps: false,
  painNotRelievedByAcetaminophen: false,
  coldSore: false,
  satisfaction: 7,
};

describeEachDatabase("check-in, alert and calendar-token repositories", (ctx) => {
  it("store a check-in once per booking and day", async () => {
    const scene = await newBookingScene(ctx.store);
    const booking = await newBooking(ctx.store, scene.refs);
    const record = {
      bookingId: booking.id,
      day: 3 as const,
      clinicId: scene.clinic.id,
      patientId: scene.patient.id,
      answers: { ...CALM, note: "Fine." },
      answeredAt: "2030-01-10T12:00:00Z",
      answeredBy: "account-1",
    };
    await insertCheckIn(ctx.store.db, record);
    await insertCheckIn(ctx.store.db, { ...record, day: 14, answers: CALM });
    await expect(insertCheckIn(ctx.store.db, record)).rejects.toMatchObject({ code: "conflict" });
    expect(await listCheckIns(ctx.store.db, booking.id)).toEqual([
      record,
      { ...record, day: 14, answers: CALM },
    ]);
  });

  it("list alerts newest first, open ones or all, in pages; only the first acknowledgement counts", async () => {
    const scene = await newBookingScene(ctx.store);
    const booking = await newBooking(ctx.store, scene.refs);
    const raise = (raisedAt: string) =>
      insertAlert(ctx.store.db, {
        clinicId: scene.clinic.id,
        patientId: scene.patient.id,
        bookingId: booking.id,
        checkInDay: 14,
        codes: ["redness_lasting"],
        severity: "attention",
        summary: "Redness that has not faded.",
        raisedAt,
      });
    const older = await raise("2030-01-20T10:00:00Z");
    const newer = await raise("2030-01-21T10:00:00Z");

    const page = await listClinicAlerts(ctx.store.db, scene.clinic.id, {
      openOnly: true,
      limit: 1,
      offset: 0,
    });
    expect(page.alerts.map((a) => [a.id, a.patientName])).toEqual([[newer.id, scene.patient.name]]);
    expect(page.more).toBe(true);

    const by = { at: "2030-01-21T11:00:00Z", accountId: "provider-1", name: "Dr. Ames" };
    expect(await acknowledgeAlert(ctx.store.db, scene.clinic.id, newer.id, by)).toBe(true);
    expect(
      await acknowledgeAlert(ctx.store.db, scene.clinic.id, newer.id, { ...by, at: "2030-01-22T00:00:00Z" }),
    ).toBe(false);
    expect(await findAlertById(ctx.store.db, scene.clinic.id, newer.id)).toMatchObject({
      acknowledgedAt: "2030-01-21T11:00:00Z",
      acknowledgedBy: "provider-1",
      acknowledgedByName: "Dr. Ames",
    });

    const open = await listClinicAlerts(ctx.store.db, scene.clinic.id, {
      openOnly: true,
      limit: 10,
      offset: 0,
    });
    expect(open.alerts.map((a) => a.id)).toEqual([older.id]);
    const all = await listClinicAlerts(ctx.store.db, scene.clinic.id, {
      openOnly: false,
      limit: 10,
      offset: 0,
    });
    expect(all.alerts.map((a) => a.id)).toEqual([newer.id, older.id]);
    expect(all.more).toBe(false);

    const someoneElse = await newPatient(ctx.store, scene.clinic.id);
    expect(await listPatientAlerts(ctx.store.db, scene.clinic.id, someoneElse.id)).toEqual([]);
    expect(await listPatientAlerts(ctx.store.db, scene.clinic.id, scene.patient.id)).toHaveLength(2);
  });

  it("keep one calendar token per owner: a new one replaces it, deleting revokes it", async () => {
    const scene = await newBookingScene(ctx.store);
    const owner = { patientId: scene.patient.id };
    const save = (tokenHash: string) =>
      replaceCalendarToken(ctx.store.db, {
        tokenHash,
        clinicId: scene.clinic.id,
        owner,
        createdAt: "2030-01-02T10:00:00Z",
      });
    await save(`first-${scene.patient.id}`);
    await save(`second-${scene.patient.id}`);
    expect(await findCalendarToken(ctx.store.db, `first-${scene.patient.id}`)).toBeUndefined();
    expect(await findCalendarToken(ctx.store.db, `second-${scene.patient.id}`)).toEqual({
      clinicId: scene.clinic.id,
      owner,
      createdAt: "2030-01-02T10:00:00Z",
    });
    expect(await deleteCalendarToken(ctx.store.db, owner)).toBe(true);
    expect(await deleteCalendarToken(ctx.store.db, owner)).toBe(false);
    expect(await findCalendarToken(ctx.store.db, `second-${scene.patient.id}`)).toBeUndefined();
  });
});
