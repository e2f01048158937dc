import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient } from "../../src/domain/clinic/types.js";
import { insertScheduledMessages } from "../../src/store/message.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, testApp } from "./harness.js";

describeEachDatabase("messages over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let patient: Patient;
  let admin: Actor;
  let frontDesk: Actor;
  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store);
    patient = await newPatient(db.store, clinic.id);
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(async () => {
    await app?.close();
  });

  const url = (rest: string) => `/api/v1/clinics/${clinic.slug}${rest}`;

  async function message(status: "sent" | "failed", vars: Record<string, string> = {}) {
    const dedupeKey = unique("m");
    await insertScheduledMessages(
      db.store.db,
      [
        {
          clinicId: clinic.id,
          kind: "check_in",
          channel: "email",
          recipient: patient.email as string,
          sendAt: CREATED_AT,
          vars: { clinicName: "Clinic", day: "3", checkInUrl: "/check-ins/b/3", ...vars },
          dedupeKey,
          patientId: patient.id,
          bookingId: null,
        },
      ],
      CREATED_AT,
    );
    const row = await db.store.db
      .updateTable("scheduled_message")
      .set({ status, attempts: 6, last_error: status === "failed" ? "550 Mailbox unavailable" : null })
      .where("dedupe_key", "=", dedupeKey)
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it("staff see failed messages, retry one as itself and copy a sent one", async () => {
    const failed = await message("failed");
    const sent = await message("sent");
    const list = await app.inject({ method: "GET", url: url("/messages"), headers: frontDesk.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().messages.map((m: { id: string }) => m.id)).toContain(failed);
    expect(list.json().messages.map((m: { id: string }) => m.id)).not.toContain(sent);

    const retried = await app.inject({
      method: "POST",
      url: url(`/messages/${failed}/resend`),
      headers: frontDesk.headers,
    });
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toMatchObject({ id: failed, status: "pending", attempts: 0 });

    const copied = await app.inject({
      method: "POST",
      url: url(`/messages/${sent}/resend`),
      headers: frontDesk.headers,
    });
    expect(copied.statusCode).toBe(201);
    expect(copied.json().id).not.toBe(sent);
    expect(copied.json()).toMatchObject({ kind: "check_in", status: "pending", recipient: patient.email });

    const mine = await app.inject({
      method: "GET",
      url: `/api/v1/patients/${patient.id}/messages`,
      headers: frontDesk.headers,
    });
    expect(mine.json().messages).toHaveLength(3);
  });

  it("a message whose one-time link is spent is not sent again", async () => {
    const spent = await message("sent", { link: "/reset-password?token=" });
    const res = await app.inject({
      method: "POST",
      url: url(`/messages/${spent}/resend`),
      headers: frontDesk.headers,
    });
    expectProblem(res, 409, "invalid_state");
  });

  it("admins write a template, preview it, and reset it; an unknown variable is a 422 naming the field", async () => {
    const path = url("/message-templates/booking_confirmation/email");
    const bad = await app.inject({
      method: "PUT",
      url: path,
      headers: admin.headers,
      payload: { subject: "Hi {{patientName}}", text: "Your code {{password}}" },
    });
    expectProblem(bad, 422, "unknown_template_variable");
    expect(JSON.stringify(bad.json())).toContain("text");
    expect(JSON.stringify(bad.json())).toContain("{{password}}");

    const saved = await app.inject({
      method: "PUT",
      url: path,
      headers: admin.headers,
      payload: {
        subject: "See you {{startsLocal}}",
        text: "Hi {{patientName}}",
        html: "<p>Hi {{ patientName }}</p>",
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ custom: true, subject: "See you {{startsLocal}}" });

    const preview = await app.inject({
      method: "POST",
      url: `${path}/preview`,
      headers: admin.headers,
      payload: {},
    });
    expect(preview.json()).toEqual({
      subject: "See you Sunday, March 15, 2026 at 10:00 AM EDT",
      text: "Hi Ana Silva",
      html: "<p>Hi Ana Silva</p>",
    });
    const draft = await app.inject({
      method: "POST",
      url: `${path}/preview`,
      headers: admin.headers,
      payload: { template: { subject: "", text: "x", html: "<b>{{clinicName}}</b>" } },
    });
    expect(draft.json().html).toBe("<b>Glow Skin Studio</b>");

    const reset = await app.inject({ method: "DELETE", url: path, headers: admin.headers });
    expect(reset.json()).toMatchObject({ custom: false, subject: "Your {{serviceName}} on {{startsLocal}}" });
    const list = await app.inject({ method: "GET", url: url("/message-templates"), headers: admin.headers });
    expect(list.json().templates.length).toBeGreaterThan(10);

    const unknownKind = await app.inject({
      method: "GET",
      url: url("/message-templates/alert_raised/sms"),
      headers: admin.headers,
    });
    expectProblem(unknownKind, 404, "not_found");
  });
});
