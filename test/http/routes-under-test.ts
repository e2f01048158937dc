import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { createAccount } from "../../src/store/account.repository.js";
import { flagBookingNeedsAttention, insertBooking } from "../../src/store/booking.repository.js";
import { createClosure } from "../../src/store/closure.repository.js";
import type { Store } from "../../src/store/database.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import { createProduct } from "../../src/store/product.repository.js";
import { addHoursException } from "../../src/store/provider.repository.js";
import type { AccountRole } from "../../src/store/schema.js";
import { addWaitlistEntry } from "../../src/store/waitlist.repository.js";
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
  ): Promise<{ url: string; payload?: unknown }>;
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
