import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { findSetupRevision } from "../../src/store/setup-revision.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, TEST_NOW, testApp } from "./harness.js";

type Method = "GET" | "PUT" | "POST" | "PATCH" | "DELETE";

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  patientId: string | null;
  action: string;
  target: { type: string; id: string } | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

describeEachDatabase("the clinic profile over HTTP", (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  const patch = (clinic: Clinic, actor: Actor, payload: unknown) =>
    app.inject({
      method: "PATCH",
      url: `/api/v1/clinics/${clinic.slug}`,
      headers: actor.headers,
      payload: payload as object,
    });

  it("an admin changes name, address, phone, zone and some policy numbers; the rest stays", async () => {
    const clinic = await newClinic(db.store);
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin", name: "Ada Admin" });
    const before = await findSetupRevision(db.store.db, clinic.id);
    const res = await patch(clinic, admin, {
      name: "  Glow Skin Clinic ",
      address: "12 Main Street\nSpringfield",
      phone: "+1 (212) 555-0100",
      timeZone: "America/Chicago",
      policy: { minNoticeMinutes: 60, maxWaitlistEntries: 5 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const profile = {
      slug: clinic.slug,
      name: "Glow Skin Clinic",
      address: "12 Main Street\nSpringfield",
      phone: "+1 (212) 555-0100",
      timeZone: "America/Chicago",
      policy: { ...clinic.policy, minNoticeMinutes: 60, maxWaitlistEntries: 5 },
    };
    expect(res.json()).toEqual(profile);
    expect((await app.inject({ url: `/api/v1/clinics/${clinic.slug}` })).json()).toEqual(profile);
    // Searches and bookings read the profile with the setup: its revision moved.
    expect(await findSetupRevision(db.store.db, clinic.id)).toBe((before ?? 0) + 1);

    const cleared = await patch(clinic, admin, { phone: null });
    expect(cleared.json()).toMatchObject({ phone: null, address: "12 Main Street\nSpringfield" });

    const audit = await app.inject({ url: "/api/v1/audit?action=clinic.update", headers: admin.headers });
    // Both at the harness clock's one instant, so in either order.
    expect(audit.json().entries).toHaveLength(2);
    expect(audit.json().entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ detail: { fields: ["phone"] } }),
        expect.objectContaining({
          actorName: "Ada Admin",
          actorRole: "admin",
          target: { type: "clinic", id: clinic.id },
          detail: {
            fields: ["address", "name", "phone", "timeZone"],
            policy: ["maxWaitlistEntries", "minNoticeMinutes"],
          },
        }),
      ]),
    );
  });

  it("refuses an empty change, unknown fields and policy numbers out of bounds, naming each; staff other than admins get 403", async () => {
    const clinic = await newClinic(db.store);
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    const before = await findSetupRevision(db.store.db, clinic.id);
    expectProblem(await patch(clinic, admin, {}), 400, "invalid_input");
    const cases: [unknown, string][] = [
      [{ slug: "renamed" }, "slug"],
      [{ name: "" }, "name"],
      [{ phone: "call me" }, "phone"],
      [{ timeZone: "Mars/Olympus" }, "timeZone"],
      [{ policy: { slotStepMinutes: 7 } }, "policy.slotStepMinutes"],
      [{ policy: { minNoticeMinutes: -1 } }, "policy.minNoticeMinutes"],
      [{ policy: { maxAdvanceDays: 0 } }, "policy.maxAdvanceDays"],
      [{ policy: { lateCancelHours: 10_000 } }, "policy.lateCancelHours"],
      [{ policy: { maxFutureTreatmentBookings: 1.5 } }, "policy.maxFutureTreatmentBookings"],
      [{ policy: { surprise: 1 } }, "policy.surprise"],
    ];
    for (const [payload, path] of cases) {
      const problem = expectProblem(await patch(clinic, admin, payload), 400, "invalid_input");
      expect([path, problem.errors?.map((e) => e.path)]).toEqual([path, expect.arrayContaining([path])]);
    }
    for (const role of ["front_desk", "provider"] as const) {
      const staff = await newActor(db.store, { clinicId: clinic.id, role });
      expectProblem(await patch(clinic, staff, { name: "Mine now" }), 403);
    }
    expect(await findSetupRevision(db.store.db, clinic.id)).toBe(before);
  });
});

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York; 2030-01-07 is a Monday. */
describeEachDatabase("the audit trail over HTTP", (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  const send = async (method: Method, url: string, actor: Actor, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: actor.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const entriesOf = (res: LightMyRequestResponse) => res.json().entries as Entry[];

  /** A clinic where an admin changes every kind of setup and a patient is planned, booked and cancelled. */
  async function busyClinic() {
    const clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    const providerRow = await newProvider(db.store, clinic.id, { name: "Dr. Ames" });
    await newRoom(db.store, clinic.id);
    const service = await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60 });
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin", name: "Ada Admin" });
    const provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      name: "Dr. Ames",
      providerId: providerRow.id,
    });
    const patientRow = await newPatient(db.store, clinic.id, { name: "Pat Quinn" });
    const patient = await patientActor(db.store, clinic, patientRow);
    const at = (rest: string) => `/api/v1/clinics/${clinic.slug}${rest}`;

    // Every kind of setup change, by the admin.
    const room = (await send("POST", at("/rooms"), admin, { name: "Blue room" })).json();
    await send("PATCH", at(`/rooms/${room.id}`), admin, { name: "Green room" });
    const device = (await send("POST", at("/devices"), admin, { name: "RF 1", kind: "rf" })).json();
    await send("PATCH", at(`/devices/${device.id}`), admin, { active: false });
    const peel = (
      await send("POST", at("/services"), admin, { code: "peel", name: "Peel", durationMinutes: 30 })
    ).json();
    await send("PATCH", at(`/services/${service.id}`), admin, { name: "Microneedling (60)" });
    const cleo = (await send("POST", at("/providers"), admin, { name: "Cleo", skills: ["peel"] })).json();
    await send("PATCH", at(`/providers/${cleo.id}`), admin, { name: "Cleo B." });
    await send("PUT", at(`/providers/${cleo.id}/hours`), admin, {
      weeklyHours: [{ weekday: 2, startTime: "09:00", endTime: "12:00" }],
    });
    const off = (
      await send("POST", at(`/providers/${cleo.id}/hours-exceptions`), admin, {
        kind: "time_off",
        startsAt: "2030-02-01T14:00:00Z",
        endsAt: "2030-02-01T18:00:00Z",
      })
    ).json();
    await send("DELETE", at(`/providers/${cleo.id}/hours-exceptions/${off.id}`), admin);
    await send("PUT", at("/protocol"), admin, {
      version: unique("sunburn-review"),
      conditions: { sunburn: { severity: "needs_review" } },
    });
    const invited = (
      await send("POST", at("/staff"), admin, {
        email: `${unique("desk")}@example.test`,
        name: "Dee Desk",
        role: "front_desk",
      })
    ).json();
    await send("PATCH", at(`/staff/${invited.id}`), admin, { disabled: true });
    await send("DELETE", at(`/staff/${invited.id}/sessions`), admin);
    await send("PATCH", at(""), admin, { address: "1 Main St" });

    // The patient's own writes, a provider's override, and a cancellation with its reason.
    await send("PUT", `/api/v1/patients/${patientRow.id}/intake`, patient, {
      concerns: [{ code: "wrinkles", severity: "moderate" }],
      conditions: ["sunburn"],
    });
    const draft = (await send("POST", `/api/v1/patients/${patientRow.id}/plans`, patient, {})).json();
    await send("POST", `/api/v1/patients/${patientRow.id}/plans/${draft.id}/accept`, provider, {
      overrides: [{ code: "sunburn", reason: "Healed; checked in person." }],
    });
    const booking = (
      await send("POST", "/api/v1/bookings", patient, {
        patientId: patientRow.id,
        service: "microneedling",
        startsAt: "2030-01-07T15:00:00Z",
      })
    ).json();
    const reason = '=Work trip, "sorry"\nnext week';
    await send("POST", `/api/v1/bookings/${booking.id}/cancel`, patient, { reason });
    return {
      clinic,
      admin,
      provider,
      patient,
      patientRow,
      room,
      device,
      peel,
      cleo,
      off,
      invited,
      draft,
      booking,
      reason,
    };
  }

  it("names the actor, role, action, target and reason of every kind of change", async () => {
    const c = await busyClinic();
    const byAdmin = entriesOf(
      await send("GET", `/api/v1/audit?actorId=${c.admin.account.id}&limit=1000`, c.admin),
    );
    expect(byAdmin.every((e) => e.actorName === "Ada Admin" && e.actorRole === "admin")).toBe(true);
    const changes = byAdmin.map((e) => `${e.action} ${e.target?.type}:${e.target?.id}`).sort();
    expect(changes).toEqual(
      expect.arrayContaining([
        `room.create room:${c.room.id}`,
        `room.update room:${c.room.id}`,
        `device.create device:${c.device.id}`,
        `device.update device:${c.device.id}`,
        `service.create service:${c.peel.id}`,
        expect.stringMatching(/^service\.update service:/),
        `provider.create provider:${c.cleo.id}`,
        `provider.update provider:${c.cleo.id}`,
        `provider.hours_replace provider:${c.cleo.id}`,
        `provider.time_off_add hours_exception:${c.off.id}`,
        `provider.hours_exception_remove hours_exception:${c.off.id}`,
        expect.stringMatching(/^protocol\.save protocol_version:/),
        `staff.invite account:${c.invited.id}`,
        `staff.changed account:${c.invited.id}`,
        `staff.sessions_revoked account:${c.invited.id}`,
        `clinic.update clinic:${c.clinic.id}`,
      ]),
    );

    const patientTrail = entriesOf(
      await send("GET", `/api/v1/audit?patientId=${c.patientRow.id}&limit=1000`, c.admin),
    );
    const line = (e: Entry) => [e.action, e.actorName, e.actorRole, e.target?.type, e.reason];
    expect(patientTrail.map(line)).toEqual(
      expect.arrayContaining([
        ["intake.write", "Pat Quinn", "patient", "patient", null],
        ["plan.create", "Pat Quinn", "patient", "plan", null],
        ["plan.accept", "Dr. Ames", "provider", "plan", "sunburn: Healed; checked in person."],
        ["booking.create", "Pat Quinn", "patient", "booking", null],
        ["booking.cancel", "Pat Quinn", "patient", "booking", c.reason],
      ]),
    );
    expect(patientTrail.every((e) => e.patientId === c.patientRow.id)).toBe(true);
  });

  it("keeps the name an actor had when they acted", async () => {
    const c = await busyClinic();
    await db.store.db
      .updateTable("account")
      .set({ name: "Ada Renamed", role: "front_desk" })
      .where("id", "=", c.admin.account.id)
      .execute();
    const admin = await newActor(db.store, { clinicId: c.clinic.id, role: "admin" });
    const rows = entriesOf(await send("GET", `/api/v1/audit?actorId=${c.admin.account.id}`, admin));
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(rows.map((e) => `${e.actorName} (${e.actorRole})`))).toEqual(
      new Set(["Ada Admin (admin)"]),
    );
  });

  it("filters by action and date range, pages with a cursor, and refuses a made-up cursor", async () => {
    const c = await busyClinic();
    // Another admin reads, so the reads (audited too) are not in the trail being paged.
    const reader = await newActor(db.store, { clinicId: c.clinic.id, role: "admin" });
    const q = (query: string) => send("GET", `/api/v1/audit?${query}`, reader);
    const cancels = entriesOf(await q("action=booking.cancel"));
    expect(cancels.map((e) => e.target?.id)).toEqual([c.booking.id]);
    // Everything happened at the harness clock's instant: `to` is exclusive, `from` inclusive.
    expect(entriesOf(await q(`actorId=${c.admin.account.id}&to=${TEST_NOW}`))).toEqual([]);
    const all = entriesOf(await q(`actorId=${c.admin.account.id}&from=${TEST_NOW}&limit=1000`));
    expect(all.length).toBeGreaterThan(10);

    const paged: Entry[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await q(
        `actorId=${c.admin.account.id}&limit=3${cursor === null ? "" : `&cursor=${cursor}`}`,
      );
      paged.push(...entriesOf(res));
      cursor = res.json().nextCursor;
      if (cursor === null) break;
    }
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const forged = Buffer.from("yesterday|x").toString("base64url");
    expect(
      expectProblem(
        await app.inject({ url: `/api/v1/audit?cursor=${forged}`, headers: c.admin.headers }),
        400,
      ).errors,
    ).toContainEqual(expect.objectContaining({ path: "cursor" }));
    expectProblem(
      await app.inject({ url: "/api/v1/audit?action=DROP%20TABLE", headers: c.admin.headers }),
      400,
    );
  });

  it("exports CSV with a header row and RFC 4180 quoting, and audits the export", async () => {
    const c = await busyClinic();
    const res = await app.inject({
      url: `/api/v1/audit.csv?patientId=${c.patientRow.id}&action=booking.cancel`,
      headers: c.admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toContain("attachment");
    const [header, ...rows] = res.body.split("\r\n");
    expect(header).toBe(
      "at,actor_id,actor_name,actor_role,action,target_type,target_id,patient_id,reason,detail",
    );
    expect(rows.at(-1)).toBe("");
    // One entry; its reason holds a comma, quotes and a line break (so it is quoted, quotes
    // doubled) and starts with "=" (so a spreadsheet is not asked to run it).
    expect(rows.slice(0, -1).join("\r\n")).toBe(
      [
        "2030-01-02T15:00:00Z",
        c.patient.account.id,
        "Pat Quinn",
        "patient",
        "booking.cancel",
        "booking",
        c.booking.id,
        c.patientRow.id,
        `"'=Work trip, ""sorry""\nnext week"`,
        `"{""bookingId"":""${c.booking.id}"",""lateCancel"":false}"`,
      ].join(","),
    );

    const exports = entriesOf(await send("GET", "/api/v1/audit?action=audit.export", c.admin));
    expect(exports).toEqual([
      expect.objectContaining({
        actorId: c.admin.account.id,
        actorName: "Ada Admin",
        patientId: c.patientRow.id,
        detail: expect.objectContaining({ action: "booking.cancel", count: 1 }),
      }),
    ]);
    // Admins only, like the list.
    expectProblem(await app.inject({ url: "/api/v1/audit.csv", headers: c.provider.headers }), 403);
  });
});
