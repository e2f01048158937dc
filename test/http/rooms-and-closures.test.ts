import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { dayOfInstant } from "../../src/domain/time/calendar.js";
import { describeEachDatabase } from "../databases.js";
import { newBooking, newClinic, newPatient, newProvider, newService, unique } from "../factories.js";
import { type Actor, expectProblem, movableClock, newActor, patientActor, testApp } from "./harness.js";

/** Wednesday 2030-11-20, 10:00 in New York: New Year 2031 and the March 2031 change are within reach. */
const NOW = "2030-11-20T15:00:00Z";
const ZONE = "America/New_York";
const WRINKLES = { concerns: [{ code: "wrinkles", severity: "moderate" }] };

describeEachDatabase("rooms of a kind, retirement and closures over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store, { clock: movableClock(NOW) });
    await app.ready();
  });
  afterAll(() => app.close());

  const send = (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
  ) => app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  /** A New York clinic with one provider (Mon–Fri 09:00–17:00) and an admin; rooms and services per test. */
  async function newClinicScene(
    weeklyHours?: { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; startTime: string; endTime: string }[],
  ) {
    const clinic = await newClinic(db.store, { timeZone: ZONE });
    const provider = await newProvider(db.store, clinic.id, {
      skills: ["microneedling", "consultation"],
      ...(weeklyHours && { weeklyHours }),
    });
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    const frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const at = (path: string) => `/api/v1/clinics/${clinic.slug}${path}`;
    const addPatient = async () => {
      const row = await newPatient(db.store, clinic.id, { timeZone: ZONE });
      const actor = await patientActor(db.store, clinic, row);
      const intake = await send("PUT", `/api/v1/patients/${row.id}/intake`, actor, WRINKLES);
      expect(intake.statusCode, intake.body).toBe(200);
      return { id: row.id, actor };
    };
    return { clinic, provider, admin, frontDesk, at, addPatient };
  }

  const slotsOf = async (clinic: Clinic, actor: Actor, service: string, from: string, to: string) => {
    const res = await send(
      "GET",
      `/api/v1/clinics/${clinic.slug}/slots?service=${service}&from=${from}&to=${to}`,
      actor,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json().slots as { startsAt: string; roomId: string | null }[];
  };

  it("a service limited to treatment rooms is never offered or booked into the consult room", async () => {
    const c = await newClinicScene();
    const room = async (name: string, kind?: string) => {
      const res = await send("POST", c.at("/rooms"), c.admin, { name, ...(kind && { kind }) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; kind: string };
    };
    const consult = await room("Consult room", "consult");
    const treatment = await room("Treatment room");
    expect([consult.kind, treatment.kind]).toEqual(["consult", "treatment"]);
    expectProblem(await send("POST", c.at("/rooms"), c.admin, { name: "Lab", kind: "lab" }), 400);

    const created = await send("POST", c.at("/services"), c.admin, {
      code: "microneedling",
      name: "Microneedling",
      durationMinutes: 60,
      roomKinds: ["treatment"],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ needsRoom: true, roomKinds: ["treatment"] });
    const badKinds = await send("PATCH", c.at(`/services/${created.json().id}`), c.admin, {
      roomKinds: ["treatment", "treatment"],
    });
    expectProblem(badKinds, 400);
    expectProblem(
      await send("PATCH", c.at(`/services/${created.json().id}`), c.admin, { roomKinds: [] }),
      400,
    );

    // The treatment room is taken Monday 10:00–11:00: then there is no microneedling, not the consult room.
    const other = await newService(db.store, c.clinic.id, { code: unique("other").replaceAll("-", "_") });
    const someone = await newPatient(db.store, c.clinic.id);
    const otherProvider = await newProvider(db.store, c.clinic.id, { skills: [other.code] });
    await newBooking(
      db.store,
      { clinicId: c.clinic.id, patientId: someone.id, serviceId: other.id, providerId: otherProvider.id },
      { startsAt: "2030-11-25T15:00:00Z", roomId: treatment.id },
    );

    const patient = await c.addPatient();
    const slots = await slotsOf(
      c.clinic,
      patient.actor,
      "microneedling",
      "2030-11-25T05:00:00Z",
      "2030-11-30T05:00:00Z",
    );
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.map((s) => s.roomId))).toEqual(new Set([treatment.id]));
    expect(slots.map((s) => s.startsAt)).not.toContain("2030-11-25T15:00:00Z");

    const refused = await send("POST", "/api/v1/bookings", patient.actor, {
      patientId: patient.id,
      service: "microneedling",
      startsAt: "2030-11-25T15:00:00Z",
    });
    expectProblem(refused, 409, "resource_unavailable");
    const booked = await send("POST", "/api/v1/bookings", patient.actor, {
      patientId: patient.id,
      service: "microneedling",
      startsAt: "2030-11-25T16:00:00Z",
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().roomId).toBe(treatment.id);

    // Making the held treatment room a consult room would leave that booking in a room it may not use.
    const rekind = await send("PATCH", c.at(`/rooms/${treatment.id}`), c.admin, { kind: "consult" });
    expect(expectProblem(rekind, 409, "conflict").bookings).toContainEqual({
      id: booked.json().id,
      startsAt: "2030-11-25T16:00:00Z",
      patientId: patient.id,
    });
    const rooms = await send("GET", c.at("/rooms"), c.frontDesk);
    expect(rooms.json().rooms).toContainEqual({
      id: treatment.id,
      name: "Treatment room",
      kind: "treatment",
      active: true,
    });
  });

  it("narrowing a service's room kinds under its live bookings answers 409 with them", async () => {
    const c = await newClinicScene();
    const consult = await send("POST", c.at("/rooms"), c.admin, { name: "Consult room", kind: "consult" });
    const created = await send("POST", c.at("/services"), c.admin, {
      code: "consultation",
      name: "Consultation",
      durationMinutes: 30,
      isTreatment: false,
    });
    expect(created.json().roomKinds).toEqual(["treatment", "consult"]);
    const patient = await c.addPatient();
    const booked = await send("POST", "/api/v1/bookings", c.frontDesk, {
      patientId: patient.id,
      service: "consultation",
      startsAt: "2030-11-25T15:00:00Z",
    });
    expect(booked.json().roomId).toBe(consult.json().id);
    const narrowed = await send("PATCH", c.at(`/services/${created.json().id}`), c.admin, {
      roomKinds: ["treatment"],
    });
    expect(expectProblem(narrowed, 409, "conflict").bookings).toEqual([
      { id: booked.json().id, startsAt: "2030-11-25T15:00:00Z", patientId: patient.id },
    ]);
    const reordered = await send("PATCH", c.at(`/services/${created.json().id}`), c.admin, {
      roomKinds: ["consult", "treatment"],
    });
    expect(reordered.json().roomKinds).toEqual(["consult", "treatment"]);
  });

  it("retiring a room or device that live bookings hold answers 409 with them; a retired one is never offered", async () => {
    const c = await newClinicScene();
    const room = await send("POST", c.at("/rooms"), c.admin, { name: "Room A" });
    const spare = await send("POST", c.at("/rooms"), c.admin, { name: "Room B" });
    const device = await send("POST", c.at("/devices"), c.admin, { name: "RF", kind: "rf" });
    const service = await newService(db.store, c.clinic.id, {
      code: "consultation",
      durationMinutes: 30,
      needsRoom: true,
      deviceKinds: ["rf"],
      isTreatment: false,
    });
    const patient = await c.addPatient();
    const booked = await send("POST", "/api/v1/bookings", c.frontDesk, {
      patientId: patient.id,
      service: "consultation",
      startsAt: "2030-11-25T15:00:00Z",
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const roomId = booked.json().roomId as string;
    expect([room.json().id, spare.json().id]).toContain(roomId);
    // A booking that is over holds nothing that matters.
    const past = await newPatient(db.store, c.clinic.id);
    await newBooking(
      db.store,
      { clinicId: c.clinic.id, patientId: past.id, serviceId: service.id, providerId: c.provider.id },
      { startsAt: "2030-11-18T15:00:00Z", roomId, deviceIds: [device.json().id] },
    );

    const held = { id: booked.json().id, startsAt: "2030-11-25T15:00:00Z", patientId: patient.id };
    const retireRoom = await send("PATCH", c.at(`/rooms/${roomId}`), c.admin, { active: false });
    const problem = expectProblem(retireRoom, 409, "conflict");
    expect(problem.bookings).toEqual([{ ...held, reason: "room_retired" }]);
    expect(problem.detail).toContain("acceptConflicts");
    const retireDevice = await send("PATCH", c.at(`/devices/${device.json().id}`), c.admin, {
      active: false,
    });
    expect(expectProblem(retireDevice, 409, "conflict").bookings).toEqual([
      { ...held, reason: "device_retired" },
    ]);
    // Refused means unchanged.
    const rooms = (await send("GET", c.at("/rooms"), c.frontDesk)).json().rooms as {
      id: string;
      active: boolean;
    }[];
    expect(rooms.find((r) => r.id === roomId)?.active).toBe(true);

    const cancelled = await send("POST", `/api/v1/bookings/${booked.json().id}/cancel`, c.frontDesk, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const retired = await send("PATCH", c.at(`/rooms/${roomId}`), c.admin, { active: false });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ id: roomId, active: false });
    const slots = await slotsOf(
      c.clinic,
      c.frontDesk,
      "consultation",
      "2030-11-25T05:00:00Z",
      "2030-11-27T05:00:00Z",
    );
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.roomId !== roomId)).toBe(true);
    const retiredDevice = await send("PATCH", c.at(`/devices/${device.json().id}`), c.admin, {
      active: false,
    });
    expect(retiredDevice.statusCode, retiredDevice.body).toBe(200);
    expect(
      await slotsOf(c.clinic, c.frontDesk, "consultation", "2030-11-25T05:00:00Z", "2030-11-27T05:00:00Z"),
    ).toEqual([]);
  });

  it("a closure day is never offered nor booked, series placement skips it, and a closure over live bookings is refused with them", async () => {
    const c = await newClinicScene();
    await send("POST", c.at("/rooms"), c.admin, { name: "Room 1" });
    await newService(db.store, c.clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
    // Wednesday 4 December, 10:00: the protocol's 28-day target puts session 2 on 1 January.
    const firstStartsAt = "2030-12-04T15:00:00Z";
    const bookSeries = async (patient: { id: string; actor: Actor }) => {
      const plan = await send("POST", `/api/v1/patients/${patient.id}/plans`, patient.actor, {});
      expect(plan.statusCode, plan.body).toBe(201);
      const res = await send("POST", "/api/v1/bookings/series", patient.actor, {
        patientId: patient.id,
        planId: plan.json().id,
        firstStartsAt,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().bookings as { id: string; startsAt: string; patientId: string }[];
    };

    const first = await c.addPatient();
    const before = await bookSeries(first);
    expect(dayOfInstant(before[1]?.startsAt ?? "", ZONE)).toBe("2031-01-01");

    const newYear = { firstDay: "2031-01-01", lastDay: "2031-01-01", note: "New Year's Day" };
    const refused = await send("POST", c.at("/closures"), c.admin, newYear);
    expect(expectProblem(refused, 409, "conflict").bookings).toEqual([
      { id: before[1]?.id, startsAt: before[1]?.startsAt, patientId: first.id, reason: "clinic_closed" },
    ]);
    expect((await send("GET", c.at("/closures"), c.frontDesk)).json().closures).toEqual([]);
    for (const booking of before) {
      const res = await send("POST", `/api/v1/bookings/${booking.id}/cancel`, c.frontDesk, {});
      expect(res.statusCode, res.body).toBe(200);
    }

    const closed = await send("POST", c.at("/closures"), c.admin, newYear);
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json()).toEqual({ id: expect.any(String), ...newYear });
    expectProblem(await send("POST", c.at("/closures"), c.frontDesk, newYear), 403);
    expect((await send("GET", c.at("/closures?from=2031-01-01"), c.frontDesk)).json().closures).toEqual([
      closed.json(),
    ]);

    const second = await c.addPatient();
    const after = await bookSeries(second);
    const days = after.map((b) => dayOfInstant(b.startsAt, ZONE));
    expect(days).not.toContain("2031-01-01");
    expect(days[1]).toBe("2031-01-02");

    const onNewYear = await slotsOf(
      c.clinic,
      c.frontDesk,
      "microneedling",
      "2030-12-31T05:00:00Z",
      "2031-01-03T05:00:00Z",
    );
    expect(onNewYear.map((s) => dayOfInstant(s.startsAt, ZONE))).not.toContain("2031-01-01");
    expect(onNewYear.some((s) => dayOfInstant(s.startsAt, ZONE) === "2030-12-31")).toBe(true);
    const third = await c.addPatient();
    const booking = await send("POST", "/api/v1/bookings", third.actor, {
      patientId: third.id,
      service: "microneedling",
      startsAt: "2031-01-01T15:00:00Z",
    });
    expect(expectProblem(booking, 422, "clinic_closed")).toMatchObject({
      firstDay: "2031-01-01",
      lastDay: "2031-01-01",
    });
    // Moving a booking onto the closed day is refused the same way.
    const moved = await send("PATCH", `/api/v1/bookings/${after[1]?.id}`, c.frontDesk, {
      startsAt: "2031-01-01T15:00:00Z",
    });
    expectProblem(moved, 422, "clinic_closed");

    // Widening the closure over the booked 2 January is refused; removing it opens the day again.
    const widen = await send("PATCH", c.at(`/closures/${closed.json().id}`), c.admin, {
      lastDay: "2031-01-02",
    });
    expect(expectProblem(widen, 409, "conflict").bookings).toEqual([
      { id: after[1]?.id, startsAt: after[1]?.startsAt, patientId: second.id, reason: "clinic_closed" },
    ]);
    // Accepted, the closure widens and the booking is flagged for the front desk, never moved.
    const widened = await send("PATCH", c.at(`/closures/${closed.json().id}`), c.admin, {
      lastDay: "2031-01-02",
      acceptConflicts: true,
    });
    expect(widened.statusCode, widened.body).toBe(200);
    const flagged = await send("GET", `/api/v1/bookings/${after[1]?.id}`, c.frontDesk);
    expect(flagged.json()).toMatchObject({
      startsAt: after[1]?.startsAt,
      status: "booked",
      needsAttention: { reason: "clinic_closed" },
    });
    const backwards = await send("PATCH", c.at(`/closures/${closed.json().id}`), c.admin, {
      firstDay: "2031-01-05",
    });
    expect(expectProblem(backwards, 400).errors).toEqual([expect.objectContaining({ path: "lastDay" })]);
    const removed = await send("DELETE", c.at(`/closures/${closed.json().id}`), c.admin);
    expect(removed.statusCode, removed.body).toBe(204);
    expectProblem(await send("DELETE", c.at(`/closures/${closed.json().id}`), c.admin), 404);
    const reopened = await slotsOf(
      c.clinic,
      c.frontDesk,
      "microneedling",
      "2031-01-01T05:00:00Z",
      "2031-01-02T05:00:00Z",
    );
    expect(reopened.length).toBeGreaterThan(0);
  });

  it("a closure across the March change covers exactly that 23-hour day", async () => {
    const everyDay = ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({
      weekday,
      startTime: "00:00",
      endTime: "24:00",
    }));
    const c = await newClinicScene(everyDay);
    const service = await newService(db.store, c.clinic.id, {
      code: "consultation",
      durationMinutes: 30,
      isTreatment: false,
    });
    const patient = await newPatient(db.store, c.clinic.id);
    const refs = {
      clinicId: c.clinic.id,
      patientId: patient.id,
      serviceId: service.id,
      providerId: c.provider.id,
    };
    // Saturday 8 March 23:00 EST and Monday 10 March 00:00 EDT lie just outside Sunday 9 March 2031.
    await newBooking(db.store, refs, { startsAt: "2031-03-09T04:00:00Z" });
    await newBooking(db.store, refs, { startsAt: "2031-03-10T04:00:00Z" });
    const sunday = { firstDay: "2031-03-09", lastDay: "2031-03-09", note: null };
    const lateSunday = await newBooking(db.store, refs, { startsAt: "2031-03-10T03:00:00Z" });
    const refused = await send("POST", c.at("/closures"), c.admin, sunday);
    expect(expectProblem(refused, 409, "conflict").bookings).toEqual([
      { id: lateSunday.id, startsAt: "2031-03-10T03:00:00Z", patientId: patient.id, reason: "clinic_closed" },
    ]);
    await db.store.db.deleteFrom("resource_hold").where("booking_id", "=", lateSunday.id).execute();
    await db.store.db.deleteFrom("booking").where("id", "=", lateSunday.id).execute();
    const closed = await send("POST", c.at("/closures"), c.admin, sunday);
    expect(closed.statusCode, closed.body).toBe(201);

    const slots = await slotsOf(
      c.clinic,
      c.frontDesk,
      "consultation",
      "2031-03-08T05:00:00Z",
      "2031-03-11T04:00:00Z",
    );
    const starts = slots.map((s) => s.startsAt);
    expect(starts.filter((s) => s >= "2031-03-09T05:00:00Z" && s < "2031-03-10T04:00:00Z")).toEqual([]);
    expect(starts).toContain("2031-03-09T03:30:00Z"); // Saturday 22:30 EST
    expect(starts).toContain("2031-03-10T05:00:00Z"); // Monday 01:00 EDT
  });
  it("audits every closure added, changed or removed, whether or not it touched a booking", async () => {
    const c = await newClinicScene();
    const added = await send("POST", c.at("/closures"), c.admin, {
      firstDay: "2031-01-01",
      lastDay: "2031-01-01",
      note: "New Year",
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().id as string;
    const changed = await send("PATCH", c.at(`/closures/${id}`), c.admin, { lastDay: "2031-01-02" });
    expect(changed.statusCode, changed.body).toBe(200);
    const removed = await send("DELETE", c.at(`/closures/${id}`), c.admin);
    expect(removed.statusCode, removed.body).toBe(204);

    const audit = await send("GET", `/api/v1/audit?actorId=${c.admin.account.id}&limit=100`, c.admin);
    expect(audit.statusCode, audit.body).toBe(200);
    const rows = (audit.json().entries as { action: string; target: { type: string; id: string } | null }[])
      .filter((entry) => entry.target?.type === "closure")
      .map((entry) => [entry.action, entry.target?.id]);
    expect(rows.sort()).toEqual([
      ["closure.change", id],
      ["closure.create", id],
      ["closure.remove", id],
    ]);
  });
});
