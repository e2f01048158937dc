import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/domain/time/clock.js";
import { Dispatcher } from "../../src/notify/dispatcher.js";
import { fileEmailTransport, fileSmsTransport, smtpEmailTransport } from "../../src/notify/transports.js";
import {
  issuePasswordToken,
  PASSWORD_RESET_EVENT,
} from "../../src/services/accounts/password-reset.service.js";
import { bookAppointment } from "../../src/services/booking/book-appointment.service.js";
import { cancelBooking } from "../../src/services/booking/cancel.service.js";
import { recordOutcome } from "../../src/services/booking/outcome.service.js";
import { rescheduleBooking } from "../../src/services/booking/reschedule.service.js";
import { bookSeries } from "../../src/services/booking/series-booking.service.js";
import { recordEvent } from "../../src/services/events/record-event.js";
import type { Store } from "../../src/store/database.js";
import { setMessagePreference } from "../../src/store/message.repository.js";
import { findOutboxEventById } from "../../src/store/outbox.repository.js";
import { withWriteTransaction } from "../../src/store/transaction.js";
import { newTreatmentScene, PLAIN_INTAKE, SCENE_NOW } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { signDefaultConsents } from "../factories.js";
import { newActor } from "../http/harness.js";
import { mimeParts, type ReceivedMail, type SmtpPeer, startSmtpPeer } from "./smtp-peer.js";

/** Friday 2030-03-08, 10:00 in New York: still standard time (EST, UTC-5). */
const FRIDAY_BEFORE_DST = "2030-03-08T15:00:00Z";
/** Monday 2030-03-11, 10:00 in New York: the day after the clocks went forward (EDT, UTC-4). */
const MONDAY_AFTER_DST = "2030-03-11T14:00:00Z";

function messagesOf(
  store: Store,
  bookingId: string,
  kinds = ["booking_confirmation", "booking_update", "booking_cancellation"],
) {
  return store.db
    .selectFrom("scheduled_message")
    .selectAll()
    .where("booking_id", "=", bookingId)
    .where("kind", "in", kinds)
    .orderBy("created_at")
    .orderBy("kind")
    .orderBy("send_at")
    .execute();
}

function calendarOf(mail: ReceivedMail) {
  const part = mimeParts(mail.raw).find((p) => p.contentType.startsWith("text/calendar"));
  if (!part) throw new Error("no calendar part");
  const calendar = new ICAL.Component(ICAL.parse(part.body) as unknown[]);
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") as ICAL.Component);
  return {
    method: calendar.getFirstPropertyValue("method"),
    zone: calendar.getFirstPropertyValue("x-wr-timezone"),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    contentType: part.contentType,
  };
}

function textOf(mail: ReceivedMail): string {
  return mimeParts(mail.raw).find((p) => p.contentType.startsWith("text/plain"))?.body ?? "";
}

describeEachDatabase("booking messages", (ctx) => {
  let peer: SmtpPeer;
  let email: ReturnType<typeof smtpEmailTransport>;
  beforeAll(async () => {
    peer = await startSmtpPeer();
    email = smtpEmailTransport(peer.url);
  });
  afterAll(async () => {
    await email?.close();
    await peer?.close();
  });

  /** Sends everything due at `now` and returns the emails that arrived for `to`. */
  async function deliver(now: string, to: string): Promise<ReceivedMail[]> {
    const dispatcher = new Dispatcher({
      store: ctx.store,
      clock: fixedClock(now),
      email,
      sms: fileSmsTransport("/nonexistent"),
      mailFrom: "Test Clinic <bookings@clinic.test>",
      publicOrigin: "https://book.example",
    });
    while ((await dispatcher.runOnce()).claimed > 0);
    return peer.received.filter((m) => m.to === to);
  }

  it("confirms, updates and cancels with one calendar event, in the patient's local time across a DST change", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    await ctx.store.db
      .updateTable("patient")
      .set({ time_zone: "America/New_York" })
      .where("id", "=", patient.id)
      .execute();
    const to = patient.email as string;
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: FRIDAY_BEFORE_DST,
    });
    let rows = await messagesOf(ctx.store, booking.id);
    expect(rows.map((r) => [r.kind, r.channel, r.status])).toEqual([
      ["booking_confirmation", "email", "pending"],
    ]);

    // Moved before the confirmation went out: the confirmation is cancelled, the update replaces it.
    await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: booking.id,
      startsAt: MONDAY_AFTER_DST,
    });
    rows = await messagesOf(ctx.store, booking.id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ["booking_confirmation", "cancelled"],
      ["booking_update", "pending"],
    ]);
    expect(rows[0]?.last_error).toBe("The appointment moved.");

    let mails = await deliver(SCENE_NOW, to);
    expect(mails).toHaveLength(1);
    const update = mails[0] as ReceivedMail;
    expect(update.subject).toBe("Moved: your Microneedling is now Monday, March 11, 2030 at 10:00 AM EDT");
    expect(textOf(update)).toContain(
      "has moved from Friday, March 8, 2030 at 10:00 AM EST to Monday, March 11, 2030 at 10:00 AM EDT",
    );
    expect(textOf(update)).toContain(`https://book.example/bookings/${booking.id}`);
    const invite = calendarOf(update);
    expect(invite).toMatchObject({
      method: "REQUEST",
      zone: "America/New_York",
      uid: `booking-${booking.id}@regimen`,
      sequence: 1,
      start: "2030-03-11T14:00:00.000Z",
      end: "2030-03-11T15:00:00.000Z",
    });
    expect(invite.contentType).toContain("method=REQUEST");

    await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    mails = await deliver(SCENE_NOW, to);
    expect(mails).toHaveLength(2);
    // Nothing else for the cancelled time is still due: its prep and reminder were cancelled too.
    const left = await ctx.store.db
      .selectFrom("scheduled_message")
      .select(["kind", "status"])
      .where("booking_id", "=", booking.id)
      .where("status", "=", "pending")
      .execute();
    expect(left).toEqual([]);
    const cancelled = calendarOf(mails[1] as ReceivedMail);
    expect(cancelled).toMatchObject({
      method: "CANCEL",
      uid: `booking-${booking.id}@regimen`,
      sequence: 2,
      start: "2030-03-11T14:00:00.000Z",
    });
    expect((mails[1] as ReceivedMail).subject).toBe(
      "Cancelled: your Microneedling on Monday, March 11, 2030 at 10:00 AM EDT",
    );
  });

  it("a confirmation carries an invite whose start is the booked instant", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_AFTER_DST,
    });
    const [mail] = await deliver(SCENE_NOW, patient.email as string);
    expect(mail?.subject).toBe("Your Microneedling on Monday, March 11, 2030 at 9:00 AM CDT");
    expect(calendarOf(mail as ReceivedMail)).toMatchObject({
      method: "REQUEST",
      zone: "America/Chicago",
      sequence: 0,
      start: "2030-03-11T14:00:00.000Z",
    });
    const [row] = await messagesOf(ctx.store, booking.id);
    expect(row?.status).toBe("sent");
    expect(mail?.messageId).toBe(`<${row?.id}@clinic.test>`);
  });

  it("a password reset email carries its link, then forgets the token in the message and the outbox", async () => {
    const s = await newTreatmentScene(ctx.store);
    const staff = await newActor(ctx.store, { clinicId: s.clinic.id, role: "front_desk" });
    const { token } = await withWriteTransaction(ctx.store, (trx) =>
      issuePasswordToken(trx, staff.account, {
        store: ctx.store,
        eventType: PASSWORD_RESET_EVENT,
        validMinutes: 60,
        now: SCENE_NOW,
      }),
    );
    const row = await ctx.store.db
      .selectFrom("scheduled_message")
      .selectAll()
      .where("recipient", "=", staff.email)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "password_reset", status: "pending", secret: token });
    expect(row.payload).not.toContain(token);

    const [mail] = await deliver(SCENE_NOW, staff.email);
    expect(textOf(mail as ReceivedMail)).toContain(`https://book.example/set-password?token=${token}`);
    const sent = await ctx.store.db
      .selectFrom("scheduled_message")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: "sent", secret: null });
    const event = await findOutboxEventById(ctx.store.db, row.event_id as string);
    expect(event?.processedAt).not.toBeNull();
    expect(event?.payload.token).toBeUndefined();
  });
});

describeEachDatabase("care messages around a session", (ctx) => {
  it("dates prep at 09:00 and the reminder the day before, in the patient's zone across a DST change", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient({
      ...PLAIN_INTAKE,
      medications: [{ code: "topical_retinoid", ongoing: true }],
    });
    await ctx.store.db
      .updateTable("patient")
      .set({ time_zone: "America/New_York" })
      .where("id", "=", patient.id)
      .execute();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_AFTER_DST,
    });
    const rows = await messagesOf(ctx.store, booking.id, ["prep_step", "session_reminder"]);
    const email = rows.filter((r) => r.channel === "email");
    const reminder = email.find((r) => r.kind === "session_reminder");
    // Sunday 2030-03-10, 09:00 EDT (the clocks went forward at 02:00 that morning).
    expect(reminder?.send_at && new Date(reminder.send_at).toISOString()).toBe("2030-03-10T13:00:00.000Z");
    const stop = email.find((r) => JSON.parse(r.payload).stepText.startsWith("Topical retinoid"));
    expect(stop).toBeDefined();
    // The retinoid stops a week before: Monday 2030-03-04 at 09:00 EST, still winter time.
    expect(new Date(stop?.send_at as string).toISOString()).toBe("2030-03-04T14:00:00.000Z");
    expect(JSON.parse(reminder?.payload as string).checklist).toContain("Topical retinoid");
  });

  it("after a session: aftercare at once, makeup at +48 h, pools at +72 h, check-ins on days 3, 14 and 60", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    const after = { ...s.deps, clock: fixedClock("2030-01-07T16:30:00Z") };
    await signDefaultConsents(ctx.store.db, s.clinic.id, patient.id);
    await recordOutcome(after, { clinicId: s.clinic.id, bookingId: booking.id, outcome: "completed" });
    const rows = await messagesOf(ctx.store, booking.id, [
      "aftercare_rules",
      "aftercare_milestone",
      "check_in",
    ]);
    const when = rows
      .filter((r) => r.channel === "email")
      .map((r) => [
        r.kind,
        new Date(r.send_at).toISOString(),
        JSON.parse(r.payload).milestoneText ?? JSON.parse(r.payload).day ?? "",
      ])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(when).toEqual([
      ["aftercare_rules", "2030-01-07T16:30:00.000Z", ""],
      ["aftercare_milestone", "2030-01-09T16:00:00.000Z", "You may wear makeup again."],
      // 09:00 in Chicago (the patient's zone) on days 3, 14 and 60.
      ["check_in", "2030-01-10T15:00:00.000Z", "3"],
      ["aftercare_milestone", "2030-01-10T16:00:00.000Z", "Pools, saunas and workouts are fine again."],
      ["check_in", "2030-01-21T15:00:00.000Z", "14"],
      ["check_in", "2030-03-08T15:00:00.000Z", "60"],
    ]);
    const checkIn = rows.find((r) => r.kind === "check_in");
    expect(JSON.parse(checkIn?.payload as string).checkInUrl).toBe(`/check-ins/${booking.id}/3`);
  });
});

describeEachDatabase("recall and waitlist offers", (ctx) => {
  async function completedSession() {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    await signDefaultConsents(ctx.store.db, s.clinic.id, patient.id);
    await recordOutcome(
      { ...s.deps, clock: fixedClock("2030-01-07T16:30:00Z") },
      { clinicId: s.clinic.id, bookingId: booking.id, outcome: "completed" },
    );
    return { s, patient, booking };
  }

  async function dispatchAt(now: string) {
    const dispatcher = new Dispatcher({
      store: ctx.store,
      clock: fixedClock(now),
      email: fileEmailTransport(await mkdtemp(join(tmpdir(), "regimen-mail-"))),
      sms: fileSmsTransport(await mkdtemp(join(tmpdir(), "regimen-sms-"))),
      mailFrom: "Clinic <c@clinic.test>",
      publicOrigin: "https://book.example",
    });
    while ((await dispatcher.runOnce()).claimed > 0);
  }

  it("schedules recall at +6 and +7 months for ongoing concerns, and skips it once another session is booked", async () => {
    const { s, patient, booking } = await completedSession();
    const recalls = await messagesOf(ctx.store, booking.id, ["maintenance_recall"]);
    expect(recalls.map((r) => new Date(r.send_at).toISOString())).toEqual([
      "2030-07-07T14:00:00.000Z",
      "2030-08-07T14:00:00.000Z",
    ]);
    // The first goes out while nothing is booked.
    await dispatchAt("2030-07-07T14:00:00Z");
    let rows = await messagesOf(ctx.store, booking.id, ["maintenance_recall"]);
    expect(rows.map((r) => r.status)).toEqual(["sent", "pending"]);
    // Then the patient books: the second no longer holds.
    await bookAppointment(
      { ...s.deps, clock: fixedClock("2030-07-08T12:00:00Z") },
      {
        clinicId: s.clinic.id,
        patientId: patient.id,
        serviceCode: "microneedling",
        startsAt: "2030-08-19T14:00:00Z",
      },
    );
    await dispatchAt("2030-08-07T14:00:00Z");
    rows = await messagesOf(ctx.store, booking.id, ["maintenance_recall"]);
    expect(rows.map((r) => [r.status, r.last_error])).toEqual([
      ["sent", null],
      ["cancelled", "A later session is booked."],
    ]);
  });

  it("a patient who opted out of recall by email gets none, but still gets aftercare", async () => {
    const { booking, patient } = await completedSession();
    await setMessagePreference(ctx.store.db, {
      patientId: patient.id,
      topic: "recall",
      channel: "email",
      optedOut: true,
      at: "2030-01-08T00:00:00Z",
    });
    await dispatchAt("2030-09-01T00:00:00Z");
    const rows = await messagesOf(ctx.store, booking.id, ["maintenance_recall", "aftercare_rules"]);
    expect(rows.map((r) => [r.kind, r.status, r.last_error])).toEqual([
      ["aftercare_rules", "sent", null],
      ["maintenance_recall", "cancelled", "The patient opted out of recall messages."],
      ["maintenance_recall", "cancelled", "The patient opted out of recall messages."],
    ]);
  });

  it("offers a freed time to a waiting patient, in their own time", async () => {
    const s = await newTreatmentScene(ctx.store);
    const waiting = await s.addPatient();
    const event = await withWriteTransaction(ctx.store, (trx) =>
      recordEvent(trx, ctx.store, {
        clinicId: s.clinic.id,
        type: "waitlist.offered",
        payload: {
          waitlistEntryId: "entry-1",
          patientId: waiting.id,
          serviceCode: "microneedling",
          providerId: s.providers[0]?.id,
          startsAt: "2030-01-08T15:00:00Z",
          endsAt: "2030-01-08T16:00:00Z",
        },
        createdAt: SCENE_NOW,
      }),
    );
    const offer = await ctx.store.db
      .selectFrom("scheduled_message")
      .selectAll()
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(offer.kind).toBe("waitlist_offer");
    expect(JSON.parse(offer.payload)).toMatchObject({
      offerUrl: "/waitlist/entry-1",
      startsLocal: "Tuesday, January 8, 2030 at 9:00 AM CST",
    });
  });
});

describeEachDatabase("series nudge", (ctx) => {
  /** A three-session series from Monday 2030-01-07 10:00 New York, its first session completed. */
  async function firstSessionDone() {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    const plan = await s.addPlan(patient.id);
    await ctx.store.db.updateTable("plan").set({ status: "accepted" }).where("id", "=", plan.id).execute();
    const { bookings } = await bookSeries(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      planId: plan.id,
      firstStartsAt: "2030-01-07T15:00:00Z",
    });
    await signDefaultConsents(ctx.store.db, s.clinic.id, patient.id);
    const first = bookings[0];
    if (!first) throw new Error("no series");
    await recordOutcome(
      { ...s.deps, clock: fixedClock("2030-01-07T16:30:00Z") },
      { clinicId: s.clinic.id, bookingId: first.id, outcome: "completed" },
    );
    return { s, bookings, first };
  }

  async function dispatchAt(now: string) {
    const dispatcher = new Dispatcher({
      store: ctx.store,
      clock: fixedClock(now),
      email: fileEmailTransport(await mkdtemp(join(tmpdir(), "regimen-mail-"))),
      sms: fileSmsTransport(await mkdtemp(join(tmpdir(), "regimen-sms-"))),
      mailFrom: "Clinic <c@clinic.test>",
      publicOrigin: "https://book.example",
    });
    while ((await dispatcher.runOnce()).claimed > 0);
  }

  // The clinic is in New York; the patient lives in Chicago, and is nudged at 09:00 there.
  it("schedules one email at 09:00 patient local on the day the 28-day gap ends, linking to /book", async () => {
    const { bookings, first } = await firstSessionDone();
    expect(bookings.length).toBeGreaterThan(1);
    const rows = await messagesOf(ctx.store, first.id, ["series_nudge"]);
    expect(rows.map((r) => [r.channel, new Date(r.send_at).toISOString(), r.status])).toEqual([
      ["email", "2030-02-04T15:00:00.000Z", "pending"],
    ]);
    const vars = JSON.parse(rows[0]?.payload as string);
    expect(vars).toMatchObject({
      bookUrl: "/book",
      sessionNumber: "2",
      seriesCount: String(bookings.length),
    });
  });

  it("is skipped at send time while the next session is booked", async () => {
    const { first } = await firstSessionDone();
    await dispatchAt("2030-02-04T15:00:00Z");
    const rows = await messagesOf(ctx.store, first.id, ["series_nudge"]);
    expect(rows.map((r) => [r.status, r.last_error])).toEqual([
      ["cancelled", "A later treatment session is booked."],
    ]);
  });

  it("goes out when the rest of the series was cancelled", async () => {
    const { s, bookings, first } = await firstSessionDone();
    for (const later of bookings.slice(1)) {
      await cancelBooking(
        { ...s.deps, clock: fixedClock("2030-01-08T12:00:00Z") },
        { clinicId: s.clinic.id, bookingId: later.id },
      );
    }
    await dispatchAt("2030-02-04T15:00:00Z");
    const rows = await messagesOf(ctx.store, first.id, ["series_nudge"]);
    expect(rows.map((r) => [r.status, r.last_error])).toEqual([["sent", null]]);
  });

  it("is not scheduled for a session booked outside a series", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    await signDefaultConsents(ctx.store.db, s.clinic.id, patient.id);
    await recordOutcome(
      { ...s.deps, clock: fixedClock("2030-01-07T16:30:00Z") },
      { clinicId: s.clinic.id, bookingId: booking.id, outcome: "completed" },
    );
    expect(await messagesOf(ctx.store, booking.id, ["series_nudge"])).toEqual([]);
    expect(await messagesOf(ctx.store, booking.id, ["aftercare_rules"])).not.toEqual([]);
  });
});
