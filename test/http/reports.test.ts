import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { acknowledgeAlert, insertAlert } from "../../src/store/alert.repository.js";
import { insertBooking, setBookingStatus } from "../../src/store/booking.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, newProvider, newService } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock stands at 2030-01-02; the clinic keeps UTC so days read plainly. */
describeEachDatabase("clinic reports over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let frontDesk: Actor;
  let patientName: string;
  let otherProviderId: string;
  let patientId: string;
  let firstBookingId: string;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "UTC" });
    const provider = await newProvider(db.store, clinic.id);
    const other = await newProvider(db.store, clinic.id);
    otherProviderId = other.id;
    const service = await newService(db.store, clinic.id, { code: "microneedling" });
    const patient = await newPatient(db.store, clinic.id, { name: "=Due Patient" });
    patientName = patient.name;
    patientId = patient.id;
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const book = async (
      startsAt: string,
      status: "completed" | "no_show" | "cancelled",
      providerId = provider.id,
    ) => {
      const b = await insertBooking(db.store.db, {
        clinicId: clinic.id,
        patientId: patient.id,
        serviceId: service.id,
        providerId,
        startsAt,
        endsAt: startsAt.replace("T15", "T16"),
        createdAt: CREATED_AT,
      });
      await setBookingStatus(db.store.db, clinic.id, b.id, status, {
        updatedAt: CREATED_AT,
        ...(status === "cancelled" && { lateCancel: true }),
      });
      return b.id;
    };
    firstBookingId = await book("2029-03-05T15:00:00Z", "completed");
    await book("2029-03-12T15:00:00Z", "no_show");
    await book("2029-04-02T15:00:00Z", "completed", other.id);
  });
  afterAll(() => app.close());

  const get = (url: string, actor = frontDesk, headers: Record<string, string> = {}) =>
    app.inject({
      method: "GET",
      url: `/api/v1/clinics/${clinic.slug}/reports/${url}`,
      headers: { ...actor.headers, ...headers },
    });

  it("counts attendance by month, for one provider when asked, as JSON or CSV", async () => {
    const res = await get("attendance?from=2029-01-01&to=2030-01-01");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      report: "attendance",
      groupBy: "month",
      rows: [
        ["2029-03", 2, 1, 1, 0, 0.5, 0],
        ["2029-04", 1, 1, 0, 0, 0, 0],
      ],
    });
    const csv = await get("attendance.csv?from=2029-01-01&to=2030-01-01&groupBy=week");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")[0]).toBe(
      "period,appointments,completed,no_shows,late_cancels,no_show_rate,late_cancel_rate",
    );
    expect(csv.body).toContain("2029-03-05,1,1,0,0,0,0");
    const onlyOther = await get(`attendance?from=2029-01-01&to=2030-01-01&provider=${otherProviderId}`);
    expect(onlyOther.json().rows).toEqual([["2029-04", 1, 1, 0, 0, 0, 0]]);
    const accepted = await get("attendance?from=2029-01-01&to=2030-01-01", frontDesk, { accept: "text/csv" });
    expect(accepted.headers["content-type"]).toContain("text/csv");
  });

  it("counts alerts by severity with the median and p90 minutes to the first response, as JSON or CSV", async () => {
    const raise = async (
      raisedAt: string,
      severity: "urgent" | "attention",
      answeredAfterMinutes: number | null,
    ) => {
      const raised = await insertAlert(db.store.db, {
        clinicId: clinic.id,
        patientId,
        bookingId: firstBookingId,
        checkInDay: 3,
        codes: ["spreading_redness"],
        severity,
        summary: "Redness spreading",
        raisedAt,
      });
      if (answeredAfterMinutes === null) return;
      const at = new Date(Date.parse(raisedAt) + answeredAfterMinutes * 60_000).toISOString();
      await acknowledgeAlert(db.store.db, clinic.id, raised.id, {
        at,
        accountId: frontDesk.account.id,
        name: "Desk",
      });
    };
    await raise("2029-03-08T10:00:00Z", "urgent", 12);
    await raise("2029-03-09T10:00:00Z", "attention", 40);
    await raise("2029-03-10T10:00:00Z", "attention", null);
    await raise("2029-05-01T10:00:00Z", "attention", 90);
    const res = await get("alerts?from=2029-01-01&to=2030-01-01");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      report: "alerts",
      columns: [
        "period",
        "alerts",
        "urgent",
        "attention",
        "open",
        "median_response_minutes",
        "p90_response_minutes",
      ],
      rows: [
        ["2029-03", 3, 1, 2, 1, 26, 40],
        ["2029-05", 1, 0, 1, 0, 90, 90],
      ],
    });
    const csv = await get("alerts.csv?from=2029-03-01&to=2029-04-01");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("2029-03,3,1,2,1,26,40");
    expect(csv.body).not.toContain("2029-05");
    // The alerts were raised on the first provider's session: none for the other provider.
    const onlyOther = await get(`alerts?from=2029-01-01&to=2030-01-01&provider=${otherProviderId}`);
    expect(onlyOther.json().rows).toEqual([]);
  });

  it("lists patients due for recall, a formula-looking name made safe in CSV", async () => {
    const res = await get("recall-due?from=2029-01-01&to=2030-01-01");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows).toEqual([[expect.any(String), patientName, "2029-04-02", "2029-10-02"]]);
    const csv = await get("recall-due.csv?from=2029-01-01&to=2030-01-01");
    expect(csv.body).toContain(`,'${patientName},`);
  });

  it("refuses unknown reports and backward windows naming the field, and patients", async () => {
    const unknown = expectProblem(await get("revenue?from=2029-01-01&to=2030-01-01"), 400);
    expect(unknown.errors?.map((e) => e.path)).toEqual(["name"]);
    const backwards = expectProblem(await get("attendance?from=2030-01-01&to=2029-01-01"), 400);
    expect(backwards.errors?.map((e) => e.path)).toEqual(["to"]);
    const someone = await newPatient(db.store, clinic.id);
    expectProblem(
      await get("attendance?from=2029-01-01&to=2030-01-01", await patientActor(db.store, clinic, someone)),
      403,
    );
  });
});
