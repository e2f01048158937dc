import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { hashToken, newSecretToken } from "../../src/services/accounts/tokens.js";
import { createAccount } from "../../src/store/account.repository.js";
import { insertAlert } from "../../src/store/alert.repository.js";
import {
  flagBookingNeedsAttention,
  insertBooking,
  setBookingStatus,
} from "../../src/store/booking.repository.js";
import { replaceCalendarToken } from "../../src/store/calendar-token.repository.js";
import { saveDraftChart, signChart } from "../../src/store/chart.repository.js";
import { createClosure } from "../../src/store/closure.repository.js";
import type { Store } from "../../src/store/database.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import { insertScheduledMessages } from "../../src/store/message.repository.js";
import { createProduct } from "../../src/store/product.repository.js";
import { addHoursException } from "../../src/store/provider.repository.js";
import type { AccountRole } from "../../src/store/schema.js";
import { addWaitlistEntry } from "../../src/store/waitlist.repository.js";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  insertWebhookDeliveries,
  listWebhookEndpoints,
} from "../../src/store/webhook.repository.js";
import { CREATED_AT, unique } from "../factories.js";
import { signupTokenFor } from "./harness.js";
import type { Scene } from "./scene.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route:
 * - `public`: anyone, signed in or not;
 * - `signedIn`: anyone signed in;
 * - `clinic`: signed-in members of the clinic in the path with one of `roles` (others of that
 *   clinic 403; anyone of another clinic 404, as for a clinic that does not exist);
 * - `patient`: the patient in the path themself, or staff of their clinic, with one of `roles`
 *   (another patient, or anyone of another clinic: 404);
 * - `ownClinicAdmin`: an admin, for their own clinic's data (no clinic in the path).
 */
export type Access =
  | { kind: "public" }
  | { kind: "signedIn" }
  | { kind: "clinic"; roles: readonly AccountRole[] }
  | { kind: "patient"; roles: readonly AccountRole[]; audited: boolean }
  | { kind: "ownClinicAdmin" };

export interface RouteUnderTest {
  method: Method;
  /** Fastify's pattern, as the OpenAPI document names it (with {braces}). */
  pattern: string;
  access: Access;
  /** The status of an allowed call. */
  ok: number;
  /** A valid request against the scene's own clinic and patient (fresh data where a call consumes it). */
  request(
    scene: Scene,
    ctx: { store: Store; app: FastifyInstance },
  ): Promise<{ url: string; payload?: unknown; headers?: Record<string, string> }>;
}

const STAFF = ["front_desk", "provider", "admin"] as const;
const ALL = ["patient", ...STAFF] as const;
const ADMIN = ["admin"] as const;

const clinicUrl = (scene: Scene, rest = "") => `/api/v1/clinics/${scene.own.clinic.slug}${rest}`;
const patientUrl = (scene: Scene, rest = "") => `/api/v1/patients/${scene.own.patient.id}${rest}`;
const INTAKE = {
  concerns: [{ code: "fine_lines" as const, severity: "mild" as const }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};
const snake = (prefix: string) => unique(prefix).replaceAll("-", "_");

/** Every route the HTTP layer has today, except sign-in and sign-out (see auth.test.ts). */
export const ROUTES: readonly RouteUnderTest[] = [
  {
    method: "GET",
    pattern: "/healthz",
    access: { kind: "public" },
    ok: 200,
    request: async () => ({ url: "/healthz" }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/export",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/export") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/export",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/export") }),
  },
  {
    method: "GET",
    pattern: "/readyz",
    access: { kind: "public" },
    ok: 200,
    request: async () => ({ url: "/readyz" }),
  },
  {
    method: "GET",
    pattern: "/api/v1/me",
    access: { kind: "signedIn" },
    ok: 200,
    request: async () => ({ url: "/api/v1/me" }),
  },
  {
    method: "POST",
    pattern: "/api/v1/auth/password-reset/request",
    access: { kind: "public" },
    ok: 202,
    request: async (s) => ({
      url: "/api/v1/auth/password-reset/request",
      payload: { email: "someone@example.test", clinic: s.own.clinic.slug },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/patients/register",
    access: { kind: "public" },
    ok: 202,
    request: async (s) => ({
      url: clinicUrl(s, "/patients/register"),
      payload: {
        name: "New",
        email: `${unique("reg")}@example.test`,
        password: "a long password",
        timeZone: "UTC",
      },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/auth/signup/confirm",
    access: { kind: "public" },
    ok: 201,
    request: async (s, { store, app }) => {
      const email = `${unique("link")}@example.test`;
      await app.inject({
        method: "POST",
        url: clinicUrl(s, "/patients/register"),
        payload: { name: "New", email, password: "a long password", timeZone: "UTC" },
      });
      return {
        url: "/api/v1/auth/signup/confirm",
        payload: { token: await signupTokenFor(store, s.own.clinic, email) },
      };
    },
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/staff/{accountId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/staff/${await freshStaffAccount(s, store)}`),
      payload: { role: "front_desk", disabled: true },
    }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/staff/{accountId}/sessions",
    access: { kind: "clinic", roles: ADMIN },
    ok: 204,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/staff/${await freshStaffAccount(s, store)}/sessions`),
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/staff",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/staff") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/staff",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({
      url: clinicUrl(s, "/staff"),
      payload: { email: `${unique("staff")}@example.test`, name: "New Staff", role: "front_desk" },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s) }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s), payload: { phone: "+1 212 555 0100" } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/setup",
    access: { kind: "public" },
    ok: 200,
    request: async () => ({ url: "/api/v1/setup" }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/education",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/education") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/services",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/services") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/services/{code}/providers",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/services/microneedling/providers") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/services",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({
      url: clinicUrl(s, "/services"),
      payload: { code: snake("svc"), name: "Svc", durationMinutes: 30 },
    }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/services/{serviceId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, `/services/${s.own.service.id}`),
      payload: { name: "Renamed" },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/providers",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/providers") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/providers",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({ url: clinicUrl(s, "/providers"), payload: { name: "Dr. New" } }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, `/providers/${s.own.provider.id}`),
      payload: { active: true },
    }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, `/providers/${s.own.provider.id}/hours`),
      payload: { weeklyHours: [{ weekday: 1, startTime: "09:00", endTime: "17:00" }] },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(
        s,
        `/providers/${s.own.provider.id}/hours-exceptions?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`,
      ),
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({
      url: clinicUrl(s, `/providers/${s.own.provider.id}/hours-exceptions`),
      payload: { kind: "time_off", startsAt: "2030-03-01T14:00:00Z", endsAt: "2030-03-01T18:00:00Z" },
    }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions/{exceptionId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 204,
    request: async (s, { store }) => {
      const exception = await addHoursException(store.db, {
        clinicId: s.own.clinic.id,
        providerId: s.own.provider.id,
        kind: "extra_hours",
        startsAt: "2030-04-05T14:00:00Z",
        endsAt: "2030-04-05T18:00:00Z",
      });
      return { url: clinicUrl(s, `/providers/${s.own.provider.id}/hours-exceptions/${exception.id}`) };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/rooms",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/rooms") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/rooms",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({ url: clinicUrl(s, "/rooms"), payload: { name: unique("Room") } }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/rooms/{roomId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, `/rooms/${s.own.room.id}`), payload: { name: "Room 9" } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/devices",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/devices") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/devices",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({ url: clinicUrl(s, "/devices"), payload: { name: "RF 2", kind: "rf" } }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/devices/{deviceId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, `/devices/${s.own.device.id}`), payload: { active: true } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/closures",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/closures?from=2030-01-01") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/closures",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    // Far past anything the matrix books, so no live booking stands in the way.
    request: async (s) => ({
      url: clinicUrl(s, "/closures"),
      payload: { firstDay: "2199-12-25", lastDay: "2199-12-26", note: "Holidays" },
    }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/closures/{closureId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/closures/${await freshClosure(s, store)}`),
      payload: { note: "Moved" },
    }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/closures/{closureId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 204,
    request: async (s, { store }) => ({ url: clinicUrl(s, `/closures/${await freshClosure(s, store)}`) }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/messages",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/messages") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/message-preferences",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/message-preferences") }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/patients/{id}/message-preferences",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({
      url: patientUrl(s, "/message-preferences"),
      payload: { recall: { sms: false } },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/messages",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/messages?status=failed") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/messages/{messageId}/resend",
    access: { kind: "clinic", roles: STAFF },
    ok: 201,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/messages/${await freshSentMessage(s, store)}/resend`),
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/message-templates",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/message-templates") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/message-templates/{kind}/{channel}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/message-templates/booking_confirmation/email") }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/clinics/{slug}/message-templates/{kind}/{channel}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, "/message-templates/check_in/sms"),
      payload: { text: "{{clinicName}}: day {{day}}, how is your skin? {{checkInUrl}}" },
    }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/message-templates/{kind}/{channel}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/message-templates/check_in/sms") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/message-templates/{kind}/{channel}/preview",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, "/message-templates/booking_confirmation/email/preview"),
      payload: {},
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/protocol",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/protocol") }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/clinics/{slug}/protocol",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({ url: clinicUrl(s, "/protocol"), payload: { version: unique("v") } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/patients",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/patients?q=patient") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/patients",
    access: { kind: "clinic", roles: STAFF },
    ok: 201,
    request: async (s) => ({ url: clinicUrl(s, "/patients"), payload: { name: "Walk In", timeZone: "UTC" } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s) }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/patients/{id}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    // Only the phone: the booking routes below count days in the patient's zone.
    request: async (s) => ({ url: patientUrl(s), payload: { phone: "+1 555 0199" } }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/intake",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/intake") }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/patients/{id}/intake",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({
      url: patientUrl(s, "/intake"),
      payload: { concerns: [{ code: "fine_lines", severity: "mild" }] },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/intake/confirm",
    access: { kind: "patient", roles: ["provider"], audited: true },
    ok: 200,
    request: async (s, { store }) => {
      // A version that removes a review reason, waiting for a provider: fresh for each call.
      const saved = await saveIntake(store.db, s.own.patient.id, INTAKE, CREATED_AT, {
        removed: ["active_acne"],
      });
      return { url: patientUrl(s, "/intake/confirm"), payload: { version: saved.version } };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/plans",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 201,
    request: async (s) => ({ url: patientUrl(s, "/plans"), payload: {} }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/plans",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/plans") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/plans/{planId}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, `/plans/${s.planId}`) }),
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/plans/{planId}/accept",
    access: { kind: "patient", roles: STAFF, audited: true },
    ok: 200,
    request: async (s, { app }) => {
      // Accepting consumes the draft: make a fresh one for each call.
      const draft = await app.inject({
        method: "POST",
        url: patientUrl(s, "/plans"),
        headers: s.actors["patient:self"].headers,
        payload: {},
      });
      return { url: patientUrl(s, `/plans/${draft.json().id}/accept`) };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/slots",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({
      url: clinicUrl(s, "/slots?service=consultation&from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z"),
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 201,
    request: async (s) => ({
      url: "/api/v1/bookings",
      payload: { patientId: s.own.patient.id, service: "consultation", startsAt: nextConsultationStart() },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/series",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 201,
    request: async (s, { app, store }) => {
      // A treatment needs a confirmed intake: the confirm route's calls leave unconfirmed ones.
      await saveIntake(store.db, s.own.patient.id, INTAKE, CREATED_AT);
      // A series consumes its plan, and sessions of one patient keep 28 days apart: fresh plan, later start.
      const plan = await app.inject({
        method: "POST",
        url: patientUrl(s, "/plans"),
        headers: s.actors["patient:self"].headers,
        payload: {},
      });
      return {
        url: "/api/v1/bookings/series",
        payload: {
          patientId: s.own.patient.id,
          planId: plan.json().id,
          firstStartsAt: nextSeriesStart(),
          service: "microneedling",
        },
      };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/bookings/{bookingId}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({ url: `/api/v1/bookings/${await freshBooking(s, store)}` }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/bookings/{bookingId}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshBooking(s, store)}`,
      payload: { startsAt: nextConsultationStart() },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/{bookingId}/cancel",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshBooking(s, store)}/cancel`,
      payload: { reason: "cannot come" },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/{bookingId}/outcome",
    access: { kind: "patient", roles: STAFF, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshBooking(s, store, nextPastStart())}/outcome`,
      payload: { outcome: "completed" },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/bookings/needs-attention",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/bookings/needs-attention") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/{bookingId}/attention/resolve",
    access: { kind: "patient", roles: STAFF, audited: true },
    ok: 200,
    request: async (s, { store }) => {
      const bookingId = await freshBooking(s, store);
      await flagBookingNeedsAttention(store.db, s.own.clinic.id, bookingId, {
        reason: "room_retired",
        detail: "The booking's room has been retired.",
        at: CREATED_AT,
        by: null,
      });
      return { url: `/api/v1/bookings/${bookingId}/attention/resolve`, payload: { note: "Room is back." } };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/bookings",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/bookings") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/waitlist",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 201,
    request: async (s) => ({
      url: "/api/v1/waitlist",
      payload: { patientId: s.own.patient.id, service: "consultation", ...nextWaitlistWindow() },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/timeline",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/timeline") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/products",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/products") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/products",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({
      url: clinicUrl(s, "/products"),
      payload: { name: unique("Serum"), kind: "vitamin_c" },
    }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/products/{productId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/products/${await freshProduct(s, store)}`),
      payload: { name: unique("Renamed") },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/routine",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/routine") }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/patients/{id}/routine",
    access: { kind: "patient", roles: ["provider", "admin"], audited: true },
    ok: 200,
    request: async (s) => ({
      url: patientUrl(s, "/routine"),
      payload: { items: [{ kind: "sunscreen", times: ["morning"] }] },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/consent-templates",
    access: { kind: "clinic", roles: ALL },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/consent-templates") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/consent-templates",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s) => ({
      url: clinicUrl(s, "/consent-templates"),
      payload: { kind: "rf", title: "RF consent", body: "Words." },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/consents",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/consents") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/consents",
    // Only the patient signs; staff cannot sign on their behalf.
    access: { kind: "patient", roles: ["patient"], audited: false },
    ok: 201,
    request: async (s) => ({
      url: patientUrl(s, "/consents"),
      payload: { template: "microneedling", version: 1, typedName: s.own.patient.name },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/bookings/{bookingId}/chart",
    access: { kind: "patient", roles: STAFF, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "draft")}/chart`,
    }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/bookings/{bookingId}/chart",
    access: { kind: "patient", roles: ["provider"], audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "none")}/chart`,
      payload: CHART,
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/{bookingId}/chart/sign",
    access: { kind: "patient", roles: ["provider"], audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "draft")}/chart/sign`,
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/bookings/{bookingId}/chart/amendments",
    access: { kind: "patient", roles: ["provider"], audited: true },
    ok: 201,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "signed")}/chart/amendments`,
      payload: { reason: "Corrected passes.", changes: { notes: "Amended." } },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/photos",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 201,
    request: async (s) => ({ url: patientUrl(s, "/photos"), ...photoForm() }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/photos",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/photos") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/photos/compare",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/photos/compare?angle=front") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/photos/{photoId}/original",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { app }) => ({ url: patientUrl(s, `/photos/${await freshPhoto(s, app)}/original`) }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/photos/{photoId}/thumbnail",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { app }) => ({ url: patientUrl(s, `/photos/${await freshPhoto(s, app)}/thumbnail`) }),
  },
  {
    method: "GET",
    pattern: "/api/v1/bookings/{bookingId}/assessment",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "none")}/assessment`,
    }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/bookings/{bookingId}/assessment",
    access: { kind: "patient", roles: ["provider"], audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshSession(s, store, "none")}/assessment`,
      payload: { concerns: [{ concern: "fine_lines", score: 3 }] },
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/reports/{name}",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/reports/attendance?from=2029-01-01&to=2030-01-01") }),
  },
  {
    method: "GET",
    pattern: "/fhir/R4/Patient/{id}/$everything",
    access: { kind: "patient", roles: STAFF, audited: true },
    ok: 200,
    request: async (s) => ({ url: `/fhir/R4/Patient/${s.own.patient.id}/$everything` }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/calendar",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/calendar?date=2030-01-07") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/readiness",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/readiness?days=7") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/waitlist",
    access: { kind: "clinic", roles: STAFF },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/waitlist?status=waiting") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/waitlist",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/waitlist") }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/waitlist/{entryId}",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({ url: `/api/v1/waitlist/${await freshWaitlistEntry(s, store)}` }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/review-queue",
    access: { kind: "clinic", roles: ["provider", "admin"] },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/review-queue") }),
  },
  {
    method: "GET",
    pattern: "/api/v1/audit",
    access: { kind: "ownClinicAdmin" },
    ok: 200,
    request: async () => ({ url: "/api/v1/audit" }),
  },
  {
    method: "GET",
    pattern: "/api/v1/audit.csv",
    access: { kind: "ownClinicAdmin" },
    ok: 200,
    request: async () => ({ url: "/api/v1/audit.csv" }),
  },
  {
    method: "GET",
    pattern: "/api/v1/bookings/{bookingId}/check-ins",
    access: { kind: "patient", roles: ALL, audited: true },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshCompletedBooking(s, store)}/check-ins`,
    }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/bookings/{bookingId}/check-ins/{day}",
    access: { kind: "patient", roles: ["patient"], audited: false },
    ok: 200,
    request: async (s, { store }) => ({
      url: `/api/v1/bookings/${await freshCompletedBooking(s, store)}/check-ins/3`,
      payload: CALM_CHECK_IN,
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/alerts",
    access: { kind: "clinic", roles: ["provider", "admin"] },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/alerts?status=all") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/alerts/{alertId}/acknowledge",
    access: { kind: "clinic", roles: ["provider", "admin"] },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/alerts/${await freshAlert(s, store)}/acknowledge`),
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/patients/{id}/alerts",
    access: { kind: "patient", roles: ["provider", "admin"], audited: true },
    ok: 200,
    request: async (s) => ({ url: patientUrl(s, "/alerts") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/patients/{id}/calendar-token",
    access: { kind: "patient", roles: ["patient"], audited: false },
    ok: 201,
    request: async (s) => ({ url: patientUrl(s, "/calendar-token") }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/patients/{id}/calendar-token",
    access: { kind: "patient", roles: ["patient"], audited: false },
    ok: 204,
    request: async (s) => ({ url: patientUrl(s, "/calendar-token") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/calendar-token",
    access: { kind: "clinic", roles: ["provider", "admin"] },
    ok: 201,
    // The scene's provider account is this provider: they may, as may an admin.
    request: async (s) => ({ url: clinicUrl(s, `/providers/${s.own.provider.id}/calendar-token`) }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/providers/{providerId}/calendar-token",
    access: { kind: "clinic", roles: ["provider", "admin"] },
    ok: 204,
    request: async (s) => ({ url: clinicUrl(s, `/providers/${s.own.provider.id}/calendar-token`) }),
  },
  {
    method: "GET",
    pattern: "/api/v1/calendar/{token}.ics",
    access: { kind: "public" },
    ok: 200,
    request: async (s, { store }) => {
      const token = newSecretToken();
      await replaceCalendarToken(store.db, {
        tokenHash: hashToken(token),
        clinicId: s.own.clinic.id,
        owner: { patientId: s.own.otherPatient.id },
        createdAt: CREATED_AT,
      });
      return { url: `/api/v1/calendar/${token}.ics` };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/webhooks",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s) => ({ url: clinicUrl(s, "/webhooks") }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/webhooks",
    access: { kind: "clinic", roles: ADMIN },
    ok: 201,
    request: async (s, { store }) => {
      // The clinic's cap on endpoints must not stop the matrix's many calls.
      for (const endpoint of await listWebhookEndpoints(store.db, s.own.clinic.id)) {
        await deleteWebhookEndpoint(store.db, s.own.clinic.id, endpoint.id);
      }
      return {
        url: clinicUrl(s, "/webhooks"),
        payload: { url: "https://hooks.example.test/regimen", eventTypes: ["booking.created"] },
      };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({ url: clinicUrl(s, `/webhooks/${await freshWebhook(s, store)}`) }),
  },
  {
    method: "PATCH",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/webhooks/${await freshWebhook(s, store)}`),
      payload: { active: false },
    }),
  },
  {
    method: "DELETE",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}",
    access: { kind: "clinic", roles: ADMIN },
    ok: 204,
    request: async (s, { store }) => ({ url: clinicUrl(s, `/webhooks/${await freshWebhook(s, store)}`) }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}/rotate-secret",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/webhooks/${await freshWebhook(s, store)}/rotate-secret`),
    }),
  },
  {
    method: "GET",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}/deliveries",
    access: { kind: "clinic", roles: ADMIN },
    ok: 200,
    request: async (s, { store }) => ({
      url: clinicUrl(s, `/webhooks/${await freshWebhook(s, store)}/deliveries?limit=5`),
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/clinics/{slug}/webhooks/{webhookId}/deliveries/{eventId}/redeliver",
    access: { kind: "clinic", roles: ADMIN },
    ok: 202,
    request: async (s, { store }) => {
      const { webhookId, eventId } = await freshFailedDelivery(s, store);
      return { url: clinicUrl(s, `/webhooks/${webhookId}/deliveries/${eventId}/redeliver`) };
    },
  },
];

/** Routes deliberately left out of the matrix, with where they are tested. */
export const ROUTES_TESTED_ELSEWHERE = [
  "POST /api/v1/auth/login",
  "POST /api/v1/auth/logout",
  "POST /api/v1/auth/password-reset/confirm",
  // Open only on a server with no clinic at all; the matrix's scene has clinics (setup.test.ts).
  "POST /api/v1/setup",
] as const;

/**
 * Distinct half-hour consultation starts, one per call, so booking routes never collide with each
 * other's data. Mondays only (the matrix's own hours call leaves the provider just Mondays
 * 09:00–17:00 New York), 14:00–20:30 UTC, which is inside those hours in winter and in summer.
 */
let consultations = 0;
function nextConsultationStart(): string {
  const n = consultations++;
  const start = Temporal.Instant.from("2030-01-07T14:00:00Z").add({
    hours: 24 * 7 * Math.floor(n / 14),
    minutes: 30 * (n % 14),
  });
  return start.toString();
}

/** Treatment series starts 35 days apart (more than the protocol's 28), at 10:00 or 11:00 New York. */
let series = 0;
function nextSeriesStart(): string {
  return Temporal.Instant.from("2031-01-06T15:00:00Z")
    .add({ hours: 24 * 35 * series++ })
    .toString();
}

/** One-day waitlist windows that never overlap: a second entry overlapping the first is a duplicate. */
let waitlistWindows = 0;
function nextWaitlistWindow(): { from: string; to: string } {
  const from = Temporal.Instant.from("2030-01-07T00:00:00Z").add({ hours: 24 * waitlistWindows++ });
  return { from: from.toString(), to: from.add({ hours: 24 }).toString() };
}

/** Appointments that have already started (before the harness's now, 2030-01-02). */
let past = 0;
function nextPastStart(): string {
  return Temporal.Instant.from("2029-12-03T14:00:00Z")
    .add({ minutes: 30 * past++ })
    .toString();
}

/** A provider account of the scene's own clinic, written straight to the store. */
async function freshStaffAccount(s: Scene, store: Store): Promise<string> {
  const account = await createAccount(store.db, {
    clinicId: s.own.clinic.id,
    email: `${unique("member")}@example.test`,
    name: "Member",
    role: "provider",
    passwordHash: "not-a-real-hash",
    createdAt: CREATED_AT,
  });
  return account.id;
}

/** A live consultation of the scene's own patient, written straight to the store. */
async function freshBooking(s: Scene, store: Store, startsAt = nextConsultationStart()): Promise<string> {
  const booking = await insertBooking(store.db, {
    clinicId: s.own.clinic.id,
    patientId: s.own.patient.id,
    serviceId: s.own.consultation.id,
    providerId: s.own.provider.id,
    startsAt,
    endsAt: Temporal.Instant.from(startsAt).add({ minutes: 30 }).toString(),
    createdAt: CREATED_AT,
  });
  return booking.id;
}
const CHART = { device: "SkinPen", areas: [{ area: "cheeks" as const, depthMm: 1, passes: 2 }] };

/** Past treatment sessions two hours apart (they hold the provider for an hour each). */
let sessions = 0;

/** A past treatment session of the scene's own patient, with no chart, a draft or a signed chart. */
async function freshSession(s: Scene, store: Store, chart: "none" | "draft" | "signed"): Promise<string> {
  const startsAt = Temporal.Instant.from("2029-06-04T14:00:00Z").add({ hours: 2 * sessions++ });
  const booking = await insertBooking(store.db, {
    clinicId: s.own.clinic.id,
    patientId: s.own.patient.id,
    serviceId: s.own.treatment.id,
    providerId: s.own.provider.id,
    startsAt: startsAt.toString(),
    endsAt: startsAt.add({ minutes: 60 }).toString(),
    createdAt: CREATED_AT,
  });
  if (chart === "none") return booking.id;
  const { clinicId, patientId } = booking;
  const chartData = { ...CHART, prp: null, rf: null, products: [], numbing: null, notes: null };
  await saveDraftChart(store.db, {
    bookingId: booking.id,
    clinicId,
    patientId,
    chart: chartData,
    updatedBy: "seed",
    updatedAt: CREATED_AT,
  });
  if (chart === "signed") await signChart(store.db, booking.id, "seed", CREATED_AT);
  return booking.id;
}

/** A 1×1 PNG: the smallest image the photo routes take. */
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);

/** A photo upload form (front, before) as a browser sends it. */
function photoForm(): { payload: Buffer; headers: Record<string, string> } {
  const boundary = "----regimen-matrix";
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(field("angle", "front") + field("taken", "before")),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    PIXEL_PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** A photo of the scene's own patient, uploaded by the patient. */
async function freshPhoto(s: Scene, app: FastifyInstance): Promise<string> {
  const { payload, headers } = photoForm();
  const res = await app.inject({
    method: "POST",
    url: patientUrl(s, "/photos"),
    headers: { ...s.actors["patient:self"].headers, ...headers },
    payload,
  });
  if (res.statusCode !== 201) throw new Error(`photo upload: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A check-in answered within the expected course: no alert. */
const CALM_CHECK_IN = {
  redness: 1,
  swelling: "none",
  warmthOrPus: false,
  fever: false,
  newBumps: false,
  painNotRelievedByAcetaminophen: false,
  coldSore: false,
  satisfaction: 9,
};

/** A treatment of the scene's own patient that took place a month before the harness's now. */
async function freshCompletedBooking(s: Scene, store: Store): Promise<string> {
  const startsAt = nextPastStart();
  const { id: bookingId } = await insertBooking(store.db, {
    clinicId: s.own.clinic.id,
    patientId: s.own.patient.id,
    serviceId: s.own.treatment.id,
    providerId: s.own.provider.id,
    startsAt,
    endsAt: Temporal.Instant.from(startsAt).add({ minutes: 30 }).toString(),
    createdAt: CREATED_AT,
  });
  await setBookingStatus(store.db, s.own.clinic.id, bookingId, "completed", { updatedAt: CREATED_AT });
  return bookingId;
}

/** An open alert about the scene's own patient, written straight to the store. */
async function freshAlert(s: Scene, store: Store): Promise<string> {
  const alert = await insertAlert(store.db, {
    clinicId: s.own.clinic.id,
    patientId: s.own.patient.id,
    bookingId: await freshCompletedBooking(s, store),
    checkInDay: 3,
    codes: ["infection_signs"],
    severity: "urgent",
    summary: "Warmth, pus or fever.",
    raisedAt: CREATED_AT,
  });
  return alert.id;
}

/** A waiting waitlist entry of the scene's own patient, written straight to the store. */
async function freshWaitlistEntry(s: Scene, store: Store): Promise<string> {
  const window = nextWaitlistWindow();
  const entry = await addWaitlistEntry(store.db, {
    clinicId: s.own.clinic.id,
    patientId: s.own.patient.id,
    serviceId: s.own.consultation.id,
    fromAt: window.from,
    toAt: window.to,
    createdAt: CREATED_AT,
  });
  return entry.id;
}

export function randomId(): string {
  return randomUUID();
}

/** A closure of the own clinic, far in the future, for a route that changes or removes one. */
async function freshProduct(s: Scene, store: Store): Promise<string> {
  const product = await createProduct(store.db, {
    clinicId: s.own.clinic.id,
    name: unique("Product"),
    kind: "moisturizer",
    createdAt: CREATED_AT,
  });
  return product.id;
}

async function freshClosure(s: Scene, store: Store): Promise<string> {
  const closure = await createClosure(store.db, {
    clinicId: s.own.clinic.id,
    firstDay: "2199-07-04",
    lastDay: "2199-07-04",
    note: null,
    createdAt: CREATED_AT,
  });
  return closure.id;
}

/** A message of the own clinic's patient, already sent, for the resend route. */
async function freshSentMessage(s: Scene, store: Store): Promise<string> {
  const dedupeKey = unique("matrix-message");
  await insertScheduledMessages(
    store.db,
    [
      {
        clinicId: s.own.clinic.id,
        kind: "check_in",
        channel: "email",
        recipient: "patient@example.test",
        sendAt: CREATED_AT,
        vars: { clinicName: "Clinic", day: "3", checkInUrl: "/check-ins/x/3" },
        dedupeKey,
        patientId: s.own.patient.id,
        bookingId: null,
      },
    ],
    CREATED_AT,
  );
  const row = await store.db
    .updateTable("scheduled_message")
    .set({ status: "sent", sent_at: CREATED_AT })
    .where("dedupe_key", "=", dedupeKey)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshWebhook(s: Scene, store: Store): Promise<string> {
  const endpoint = await createWebhookEndpoint(store.db, {
    clinicId: s.own.clinic.id,
    url: "https://hooks.example.test/regimen",
    description: null,
    eventTypes: ["booking.created"],
    secret: "whsec_matrix",
    active: true,
    createdAt: CREATED_AT,
    createdBy: null,
  });
  return endpoint.id;
}

/** An endpoint owed one event that failed for good, as a redelivery needs. */
async function freshFailedDelivery(s: Scene, store: Store): Promise<{ webhookId: string; eventId: string }> {
  const webhookId = await freshWebhook(s, store);
  const eventId = `000000000000-000000-${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await insertWebhookDeliveries(store.db, {
    id: eventId,
    clinicId: s.own.clinic.id,
    type: "booking.created",
    body: "{}",
    createdAt: CREATED_AT,
  });
  await store.db
    .updateTable("webhook_delivery")
    .set({ status: "failed", attempts: 8 })
    .where("endpoint_id", "=", webhookId)
    .execute();
  return { webhookId, eventId };
}
