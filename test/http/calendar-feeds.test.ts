import type { FastifyInstance } from "fastify";
import ICAL from "ical.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient, Provider, Service } from "../../src/domain/clinic/types.js";
import type { Intake } from "../../src/domain/protocol/intake.js";
import { setBookingStatus } from "../../src/store/booking.repository.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import { updateProvider } from "../../src/store/provider.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newBooking, newClinic, newPatient, newProvider, newService } from "../factories.js";
import {
  type Actor,
  expectProblem,
  movableClock,
  newActor,
  patientActor,
  RETINOID_INTAKE,
  testApp,
} from "./harness.js";

/**
 * The clinic is in New York, the patient in London. The US moved its clocks on Sunday 9 March
 * 2031; London moves only on 30 March. A session on Monday 3 March at 10:00 New York is 15:00 UTC;
 * one on Sunday 16 March at 10:00 New York is 14:00 UTC.
 */
const BEFORE_CHANGE = "2031-03-03T15:00:00Z";
const AFTER_CHANGE = "2031-03-16T14:00:00Z";
const PAST_SESSION = "2031-02-03T15:00:00Z";
const CANCELLED = "2031-03-10T14:00:00Z";

interface ParsedEvent {
  uid: string;
  summary: string;
  status: string | null;
  allDay: boolean;
  tzid: string | null;
  /** Timed: the UTC instant; all-day: the date. */
  start: string;
  /** The wall-clock start as written (in its TZID). */
  local: string;
  location: string | null;
}

/** Reads a feed back with ical.js, resolving TZIDs through the feed's own VTIMEZONEs. */
function parseFeed(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = event.startDate;
    const dtstart = vevent.getFirstProperty("dtstart");
    return {
      uid: event.uid,
      summary: event.summary,
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      allDay: start.isDate,
      tzid: (dtstart?.getParameter("tzid") as string | undefined) ?? null,
      start: start.isDate ? start.toString() : start.toJSDate().toISOString().replace(".000Z", "Z"),
      local: start.toString(),
      location: event.location || null,
    };
  });
}

describeEachDatabase("calendar feeds over HTTP", (db) => {
  const clock = movableClock("2031-02-20T12:00:00Z");
  let app: FastifyInstance;
  let clinic: Clinic;
  let provider: Provider;
  let otherProvider: Provider;
  let service: Service;
  let patient: Patient;
  let other: Patient;
  let patientAccount: Actor;
  let providerAccount: Actor;
  let otherProviderAccount: Actor;
  let admin: Actor;

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    provider = await newProvider(db.store, clinic.id, { skills: ["microneedling"] });
    otherProvider = await newProvider(db.store, clinic.id, { skills: ["microneedling"] });
    service = await newService(db.store, clinic.id, { code: "microneedling", name: "Microneedling" });
    patient = await newPatient(db.store, clinic.id, { name: "Ada Lovelace", timeZone: "Europe/London" });
    other = await newPatient(db.store, clinic.id, { name: "Grace Hopper", timeZone: "America/Chicago" });
    await saveIntake(db.store.db, patient.id, RETINOID_INTAKE as Intake, CREATED_AT);
    patientAccount = await patientActor(db.store, clinic, patient);
    providerAccount = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: provider.id,
    });
    otherProviderAccount = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: otherProvider.id,
    });
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });

    const refs = {
      clinicId: clinic.id,
      patientId: patient.id,
      serviceId: service.id,
      providerId: provider.id,
    };
    const past = await newBooking(db.store, refs, { startsAt: PAST_SESSION });
    await setBookingStatus(db.store.db, clinic.id, past.id, "completed", { updatedAt: CREATED_AT });
    await newBooking(db.store, refs, { startsAt: BEFORE_CHANGE });
    await newBooking(db.store, refs, { startsAt: AFTER_CHANGE });
    const cancelled = await newBooking(db.store, refs, { startsAt: CANCELLED });
    await setBookingStatus(db.store.db, clinic.id, cancelled.id, "cancelled", { updatedAt: CREATED_AT });
    // Another patient's session with the same provider: in the provider's feed, never in Ada's.
    await newBooking(db.store, { ...refs, patientId: other.id }, { startsAt: "2031-03-04T15:00:00Z" });
  });
  afterAll(() => app.close());

  const send = (method: "GET" | "POST" | "DELETE", url: string, actor?: Actor) =>
    app.inject({ method, url, ...(actor && { headers: actor.headers }) });

  async function feedLink(url: string, actor: Actor): Promise<string> {
    const res = await send("POST", url, actor);
    expect(res.statusCode, res.body).toBe(201);
    const link: string = res.json().url;
    expect(link).toMatch(/^http:\/\/localhost\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    return new URL(link).pathname;
  }

  it("a patient's feed: sessions timed in the clinic's zone across the DST change, prep and maintenance all-day", async () => {
    const path = await feedLink(`/api/v1/patients/${patient.id}/calendar-token`, patientAccount);
    const res = await send("GET", path);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    const events = parseFeed(res.body);

    const sessions = events.filter((e) => e.uid.startsWith("session-"));
    expect(sessions.map((e) => [e.start, e.local, e.tzid, e.allDay, e.status])).toEqual([
      [PAST_SESSION, "2031-02-03T10:00:00", "America/New_York", false, "CONFIRMED"],
      [BEFORE_CHANGE, "2031-03-03T10:00:00", "America/New_York", false, "CONFIRMED"],
      [CANCELLED, "2031-03-10T10:00:00", "America/New_York", false, "CANCELLED"],
      [AFTER_CHANGE, "2031-03-16T10:00:00", "America/New_York", false, "CONFIRMED"],
    ]);
    expect(sessions[1]).toMatchObject({ summary: `Microneedling at ${clinic.name}`, location: clinic.name });

    // Prep: the retinoid stops before the next session, on a day, not at a time.
    const prep = events.filter((e) => e.uid.startsWith("prep-"));
    expect(prep.length).toBeGreaterThan(0);
    for (const step of prep) expect(step).toMatchObject({ allDay: true, tzid: null });
    expect(prep.map((e) => e.start)).toContain("2031-02-24"); // 7 days before 3 March

    // Aftercare milestones are timed, 48 h and 72 h after the session's end (15:00 UTC), in the patient's zone.
    const makeup = events.find((e) => e.uid.startsWith("aftercare-") && e.summary.includes("No makeup."));
    const afterChangeMilestones = events.filter(
      (e) => e.uid.startsWith("aftercare-") && e.start > "2031-03-16" && e.start < "2031-03-20",
    );
    expect(afterChangeMilestones.map((e) => [e.start, e.tzid])).toEqual(
      expect.arrayContaining([
        ["2031-03-18T15:00:00Z", "Europe/London"], // +48 h: makeup again
        ["2031-03-19T15:00:00Z", "Europe/London"], // +72 h: pools, saunas, workouts again
      ]),
    );
    expect(makeup?.allDay).toBe(false);

    const maintenance = events.filter((e) => e.uid.startsWith("maintenance-"));
    expect(maintenance).toHaveLength(1);
    expect(maintenance[0]?.allDay).toBe(true);

    // Nothing of the other patient's, and every UID once.
    expect(res.body).not.toContain("Grace");
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it("keeps UIDs stable between reads, so calendar apps update instead of duplicating", async () => {
    const path = await feedLink(`/api/v1/patients/${patient.id}/calendar-token`, patientAccount);
    const first = parseFeed((await send("GET", path)).body).map((e) => e.uid);
    clock.advance(60);
    const second = parseFeed((await send("GET", path)).body).map((e) => e.uid);
    expect(second).toEqual(first);
  });

  it("a provider's feed: their appointments with only a first name and the service", async () => {
    const path = await feedLink(
      `/api/v1/clinics/${clinic.slug}/providers/${provider.id}/calendar-token`,
      providerAccount,
    );
    const res = await send("GET", path);
    expect(res.statusCode, res.body).toBe(200);
    const events = parseFeed(res.body);
    expect(events.map((e) => [e.start, e.summary, e.status])).toEqual([
      [PAST_SESSION, "Microneedling: Ada", "CONFIRMED"],
      [BEFORE_CHANGE, "Microneedling: Ada", "CONFIRMED"],
      ["2031-03-04T15:00:00Z", "Microneedling: Grace", "CONFIRMED"],
      [CANCELLED, "Microneedling: Ada", "CANCELLED"],
      [AFTER_CHANGE, "Microneedling: Ada", "CONFIRMED"],
    ]);
    expect(res.body).not.toContain("Lovelace");
    expect(res.body).not.toContain("retinoid");
    for (const e of events) expect(e.tzid).toBe("America/New_York");
  });

  it("only the provider themself or an admin makes a provider's link", async () => {
    const url = `/api/v1/clinics/${clinic.slug}/providers/${provider.id}/calendar-token`;
    expectProblem(await send("POST", url, otherProviderAccount), 403);
    expect((await send("POST", url, admin)).statusCode).toBe(201);
    expectProblem(
      await send(
        "POST",
        `/api/v1/clinics/${clinic.slug}/providers/${crypto.randomUUID()}/calendar-token`,
        admin,
      ),
      404,
    );
  });

  it("a retired provider's link stops working", async () => {
    const retiring = await newProvider(db.store, clinic.id, { skills: ["microneedling"] });
    const path = await feedLink(
      `/api/v1/clinics/${clinic.slug}/providers/${retiring.id}/calendar-token`,
      admin,
    );
    expect((await send("GET", path)).statusCode).toBe(200);
    await updateProvider(db.store.db, clinic.id, retiring.id, { active: false });
    expectProblem(await send("GET", path), 404);
  });

  it("a new link replaces the old one; a revoked or unknown link answers 404", async () => {
    const url = `/api/v1/patients/${patient.id}/calendar-token`;
    const old = await feedLink(url, patientAccount);
    const current = await feedLink(url, patientAccount);
    expectProblem(await send("GET", old), 404);
    expect((await send("GET", current)).statusCode).toBe(200);

    expect((await send("DELETE", url, patientAccount)).statusCode).toBe(204);
    expectProblem(await send("GET", current), 404);
    expectProblem(await send("GET", "/api/v1/calendar/not-a-token.ics"), 404);

    // Staff cannot make a patient's link: it would let them read it outside the audited record.
    expectProblem(await send("POST", url, admin), 403);
  });
});
