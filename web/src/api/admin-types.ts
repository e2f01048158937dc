import type { paths } from "./schema";

/**
 * Names for the admin pages' answers, read off the generated schema (never written by hand):
 * `Json<path, method>` is what a 200 or 201 of that operation carries.
 */
type Ok<Op> = Op extends { responses: { 200: { content: { "application/json": infer B } } } }
  ? B
  : Op extends { responses: { 201: { content: { "application/json": infer B } } } }
    ? B
    : never;
type Json<P extends keyof paths, M extends keyof paths[P]> = Ok<paths[P][M]>;

export type Clinic = Json<"/api/v1/clinics/{slug}", "get">;
export type Service = Json<"/api/v1/clinics/{slug}/services", "get">["services"][number];
export type Provider = Json<"/api/v1/clinics/{slug}/providers", "get">["providers"][number];
export type WeeklyHours = Provider["weeklyHours"];
export type HoursException = Json<
  "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
  "get"
>["exceptions"][number];
export type Room = Json<"/api/v1/clinics/{slug}/rooms", "get">["rooms"][number];
export type Device = Json<"/api/v1/clinics/{slug}/devices", "get">["devices"][number];
export type StaffAccount = Json<"/api/v1/clinics/{slug}/staff", "get">["staff"][number];
export type MessageTemplate = Json<"/api/v1/clinics/{slug}/message-templates", "get">["templates"][number];
export type Webhook = Json<"/api/v1/clinics/{slug}/webhooks", "get">["webhooks"][number];
export type WebhookEvent = Webhook["eventTypes"][number];
export type AuditEntry = Json<"/api/v1/audit", "get">["entries"][number];
export type ConsentTemplate = Json<"/api/v1/clinics/{slug}/consent-templates", "get">["templates"][number];
