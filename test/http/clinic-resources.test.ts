import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newService, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, testApp } from "./harness.js";

describeEachDatabase("clinic resources over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let admin: Actor;
  let frontDesk: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store);
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(() => app.close());

  const send = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    actor: Actor,
    payload?: object,
  ) =>
    app.inject({
      method,
      url: `/api/v1/clinics/${clinic.slug}${path}`,
      headers: actor.headers,
      ...(payload !== undefined && { payload }),
    });

  it("lists active services publicly; inactive ones only for staff", async () => {
    const code = unique("peel").replaceAll("-", "_");
    const created = await send("POST", "/services", admin, {
      code,
      name: "Peel",
      durationMinutes: 45,
      bufferAfterMinutes: 10,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      code,
      needsRoom: true,
      deviceKinds: [],
      addOn: null,
      isTreatment: true,
      active: true,
    });
    expect(created.json()).not.toHaveProperty("clinicId");
    expectProblem(
      await send("POST", "/services", admin, { code, name: "Again", durationMinutes: 45 }),
      409,
      "conflict",
    );

    const off = await send("PATCH", `/services/${created.json().id}`, admin, {
      active: false,
      durationMinutes: 50,
    });
    expect(off.json()).toMatchObject({ active: false, durationMinutes: 50 });
    const pub = await app.inject({ url: `/api/v1/clinics/${clinic.slug}/services` });
    expect(pub.json().services.map((s: { code: string }) => s.code)).not.toContain(code);
    expectProblem(
      await app.inject({ url: `/api/v1/clinics/${clinic.slug}/services?includeInactive=true` }),
      401,
    );
    const all = await send("GET", "/services?includeInactive=true", frontDesk);
    expect(all.json().services.map((s: { code: string }) => s.code)).toContain(code);
    expectProblem(await app.inject({ url: "/api/v1/clinics/no-such-clinic/services" }), 404);
  });

  it("manages providers: skills must name services, hours must not overlap, time off comes and goes", async () => {
    const service = await newService(db.store, clinic.id, { code: unique("mn").replaceAll("-", "_") });
    const bad = await send("POST", "/providers", admin, { name: "Dr. New", skills: [service.code, "laser"] });
    expect(expectProblem(bad, 400).errors).toEqual([expect.objectContaining({ path: "skills[1]" })]);

    const res = await send("POST", "/providers", admin, {
      name: "Dr. New",
      skills: [service.code],
      weeklyHours: [{ weekday: 1, startTime: "09:00", endTime: "17:00" }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const providerId = res.json().id;

    const badDay = await send("PUT", `/providers/${providerId}/hours`, admin, {
      weeklyHours: [{ weekday: 8, startTime: "09:00", endTime: "25:00" }],
    });
    expect(
      expectProblem(badDay, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(["weeklyHours[0].endTime", "weeklyHours[0].weekday"]);
    const overlap = await send("PUT", `/providers/${providerId}/hours`, admin, {
      weeklyHours: [
        { weekday: 2, startTime: "09:00", endTime: "13:00" },
        { weekday: 2, startTime: "12:00", endTime: "18:00" },
        { weekday: 3, startTime: "18:00", endTime: "17:00" },
      ],
    });
    expect(
      expectProblem(overlap, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(["weeklyHours[1]", "weeklyHours[2].endTime"]);
    const week = [
      { weekday: 2, startTime: "09:00", endTime: "12:00" },
      { weekday: 2, startTime: "13:00", endTime: "18:00" },
      { weekday: 6, startTime: "10:00", endTime: "14:00" },
    ];
    const hours = await send("PUT", `/providers/${providerId}/hours`, admin, { weeklyHours: week });
    expect(hours.json().weeklyHours).toEqual(week);

    const renamed = await send("PATCH", `/providers/${providerId}`, admin, {
      name: "Dr. Renamed",
      active: false,
    });
    expect(renamed.json()).toMatchObject({ name: "Dr. Renamed", active: false, weeklyHours: week });

    const timeOff = await send("POST", `/providers/${providerId}/hours-exceptions`, admin, {
      kind: "time_off",
      startsAt: "2030-02-01T09:00:00-05:00",
      endsAt: "2030-02-03T00:00:00-05:00",
      note: "conference",
    });
    expect(timeOff.statusCode, timeOff.body).toBe(201);
    expect(timeOff.json()).toMatchObject({
      startsAt: "2030-02-01T14:00:00Z",
      endsAt: "2030-02-03T05:00:00Z",
    });
    const backwards = await send("POST", `/providers/${providerId}/hours-exceptions`, admin, {
      kind: "time_off",
      startsAt: "2030-02-03T00:00:00Z",
      endsAt: "2030-02-01T00:00:00Z",
    });
    expect(expectProblem(backwards, 400).errors).toEqual([expect.objectContaining({ path: "endsAt" })]);

    const listed = await send(
      "GET",
      `/providers/${providerId}/hours-exceptions?from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z`,
      frontDesk,
    );
    expect(listed.json().exceptions).toHaveLength(1);
    const exceptionPath = `/providers/${providerId}/hours-exceptions/${timeOff.json().id}`;
    expect((await send("DELETE", exceptionPath, admin)).statusCode).toBe(204);
    expectProblem(await send("DELETE", exceptionPath, admin), 404);

    const providers = await send("GET", "/providers", frontDesk);
    expect(providers.json().providers.map((p: { id: string }) => p.id)).toContain(providerId);
    expectProblem(await send("PATCH", `/providers/${crypto.randomUUID()}`, admin, { name: "x" }), 404);
  });

  it("manages rooms and devices", async () => {
    const room = await send("POST", "/rooms", admin, { name: "Room A" });
    expect(room.statusCode).toBe(201);
    expect((await send("PATCH", `/rooms/${room.json().id}`, admin, { active: false })).json().active).toBe(
      false,
    );
    const device = await send("POST", "/devices", admin, { name: "Centrifuge", kind: "centrifuge" });
    expect(device.json()).toMatchObject({ kind: "centrifuge", active: true });
    const badKind = await send("PATCH", `/devices/${device.json().id}`, admin, { kind: "RF Device!" });
    expect(expectProblem(badKind, 400).errors).toEqual([expect.objectContaining({ path: "kind" })]);
    expect((await send("GET", "/rooms", frontDesk)).json().rooms.map((r: { id: string }) => r.id)).toContain(
      room.json().id,
    );
    expect((await send("GET", "/devices", frontDesk)).json().devices).toHaveLength(1);
    expectProblem(await send("POST", "/rooms", frontDesk, { name: "Nope" }), 403, "forbidden");
  });

  it("versions the protocol: default first, field errors for a bad one, 409 for a reused version", async () => {
    const before = await send("GET", "/protocol", frontDesk);
    expect(before.json()).toMatchObject({ isDefault: true, savedAt: null });

    const bad = await send("PUT", "/protocol", admin, {
      version: "bad-1",
      interval: { minDays: 0 },
      medications: { topical_retinoid: { dayz: 7 } },
    });
    const paths = expectProblem(bad, 400, "invalid_input").errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["interval.minDays", "medications.topical_retinoid.dayz"]));
    expectProblem(await send("PUT", "/protocol", admin, { interval: { minDays: 30 } }), 400);

    const version = unique("v");
    const saved = await send("PUT", "/protocol", admin, {
      version,
      interval: { minDays: 35, targetMinDays: 35 },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const after = await send("GET", "/protocol", frontDesk);
    expect(after.json()).toMatchObject({
      version,
      isDefault: false,
      document: { interval: { minDays: 35 } },
    });
    expectProblem(await send("PUT", "/protocol", admin, { version }), 409, "conflict");
  });

  it("lists and searches patients for staff, by name or email, case-insensitively and literally", async () => {
    const tag = unique("zq").replaceAll("-", "");
    await newPatient(db.store, clinic.id, { name: `Ana ${tag}`, email: `ana.${tag}@example.test` });
    await newPatient(db.store, clinic.id, { name: `Ben ${tag}`, email: `b_${tag}@example.test` });
    await newPatient(db.store, clinic.id, { name: `Cy 100% ${tag}` });

    const byName = await send("GET", `/patients?q=${tag.toUpperCase()}`, frontDesk);
    expect(byName.json().patients).toHaveLength(3);
    const byEmail = await send("GET", `/patients?q=ana.${tag}`, frontDesk);
    expect(byEmail.json().patients.map((p: { name: string }) => p.name)).toEqual([`Ana ${tag}`]);
    const literal = await send("GET", `/patients?q=${encodeURIComponent("100%")}`, frontDesk);
    expect(literal.json().patients.map((p: { name: string }) => p.name)).toEqual([`Cy 100% ${tag}`]);
    const underscore = await send("GET", `/patients?q=b_${tag}`, frontDesk);
    expect(underscore.json().patients).toHaveLength(1);
    const paged = await send("GET", `/patients?q=${tag}&limit=2&offset=2`, frontDesk);
    expect(paged.json().patients).toHaveLength(1);
    expectProblem(await send("GET", "/patients?limit=0", frontDesk), 400);

    const created = await send("POST", "/patients", frontDesk, {
      name: "Walk In",
      timeZone: "America/Chicago",
    });
    expect(created.json()).toMatchObject({ name: "Walk In", email: null, phone: null });
  });
});
