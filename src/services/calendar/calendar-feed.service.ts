import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { TimelineEntry } from "../../domain/booking/timeline.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import { DomainError, forbidden } from "../../domain/errors.js";
import { addMinutes } from "../../domain/time/instants.js";
import { type Feed, type FeedEvent, writeICalendar } from "../../notify/ical-feed.js";
import { listBookingsInWindow } from "../../store/booking.repository.js";
import {
  type CalendarOwner,
  deleteCalendarToken,
  findCalendarToken,
  replaceCalendarToken,
} from "../../store/calendar-token.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { findProviderById } from "../../store/provider.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { hashToken, newSecretToken } from "../accounts/tokens.js";
import { auditPatientWrite, auditStaffAction } from "../audit.js";
import { getPatientTimeline } from "../booking/timeline.service.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";

/**
 * Calendar feeds: a secret link per patient or provider that calendar apps poll. The link is the
 * only credential (apps cannot sign in), so it carries a 256-bit token, the store keeps only its
 * hash, and its owner can replace it (the old link stops working) or revoke it at any time.
 */

/** How long milestones (makeup again, pools again) last in a calendar: a reminder, not a block of time. */
const MILESTONE_MINUTES = 30;
/** A provider's feed spans the recent past and the bookable future. */
const PROVIDER_FEED_DAYS_BACK = 31;
const PROVIDER_FEED_DAYS_AHEAD = 400;

/** Gives the patient (only them) a new feed token, replacing any previous one. Answered once. */
export async function issuePatientCalendarToken(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<string> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId, ["patient"]);
  const token = newSecretToken();
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    await replaceCalendarToken(trx, {
      tokenHash: hashToken(token),
      clinicId: access.patient.clinicId,
      owner: { patientId: access.patient.id },
      createdAt: now,
    });
    await auditPatientWrite(trx, access, "calendar_token.issue", now);
  });
  return token;
}

/** Revokes the patient's feed token (only theirs); revoking none is no error. */
export async function revokePatientCalendarToken(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<void> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId, ["patient"]);
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    if (await deleteCalendarToken(trx, { patientId: access.patient.id }))
      await auditPatientWrite(trx, access, "calendar_token.revoke", now);
  });
}

/**
 * A provider's feed token: for the provider themself, or an admin of their clinic (the route has
 * checked the clinic and the role). Another provider of the clinic gets 403.
 */
export async function issueProviderCalendarToken(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
): Promise<string> {
  await authorizeProviderFeed(deps, principal, providerId);
  const token = newSecretToken();
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    await replaceCalendarToken(trx, {
      tokenHash: hashToken(token),
      clinicId: principal.clinicId,
      owner: { providerId },
      createdAt: now,
    });
    await auditStaffAction(trx, principal, "calendar_token.issue", now, {}, null, {
      target: { type: "provider", id: providerId },
    });
  });
  return token;
}

export async function revokeProviderCalendarToken(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
): Promise<void> {
  await authorizeProviderFeed(deps, principal, providerId);
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    if (await deleteCalendarToken(trx, { providerId }))
      await auditStaffAction(trx, principal, "calendar_token.revoke", now, {}, null, {
        target: { type: "provider", id: providerId },
      });
  });
}

async function authorizeProviderFeed(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
): Promise<void> {
  const provider = await findProviderById(deps.store.db, principal.clinicId, providerId);
  if (!provider) throw new DomainError("not_found", "No such provider.");
  const own = principal.role === "provider" && principal.providerId === provider.id;
  if (!own && principal.role !== "admin")
    throw forbidden("Only the provider themself or an admin may do this.");
}

/** The feed a token opens, as iCalendar text; an unknown or revoked token is the same 404. */
export async function readCalendarFeed(deps: ServiceDeps, token: string): Promise<string> {
  const found = await findCalendarToken(deps.store.db, hashToken(token));
  if (!found) throw new DomainError("not_found", "No such calendar.");
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(deps.store.db, found.clinicId, now, deps.setupCache);
  // A retired provider's link stops with them: the feed is theirs, not the clinic's.
  if ("providerId" in found.owner) {
    const { providerId } = found.owner;
    if (!setup.providers.some((p) => p.id === providerId))
      throw new DomainError("not_found", "No such calendar.");
  }
  const feed =
    "patientId" in found.owner
      ? await patientFeed(deps, setup.clinic, setup.services, found.owner.patientId, now)
      : await providerFeed(deps, setup.clinic, setup.services, found.owner, now);
  return writeICalendar(feed);
}

async function patientFeed(
  deps: ServiceDeps,
  clinic: Clinic,
  services: readonly Service[],
  patientId: string,
  now: string,
): Promise<Feed> {
  const timeline = await getPatientTimeline(deps, clinic.id, patientId);
  return {
    name: clinic.name,
    stampedAt: now,
    events: patientEvents(timeline.entries, {
      clinic,
      services,
      patientId,
      patientTimeZone: timeline.timeZone,
    }),
  };
}

/**
 * The patient's course as calendar events: sessions (timed, in the clinic's zone, at the clinic),
 * prep steps and routine pauses (on their day), aftercare milestones (timed, in the patient's
 * zone: when a restriction ends or a permission starts), and maintenance due (on its day). UIDs
 * name the booking and the rule, never a date, so a moved session moves its events.
 */
export function patientEvents(
  entries: readonly TimelineEntry[],
  context: { clinic: Clinic; services: readonly Service[]; patientId: string; patientTimeZone: string },
): FeedEvent[] {
  const { clinic } = context;
  const location = clinicLocation(clinic);
  const sessionEnds = new Map<string, string>();
  for (const e of entries) if (e.kind === "session") sessionEnds.set(e.bookingId, e.endsAt);
  const events: FeedEvent[] = [];
  const seen = new Map<string, number>();
  // Two entries naming the same rule for one booking stay apart, in timeline order.
  const uid = (base: string) => {
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n + 1}`;
  };
  for (const e of entries) {
    switch (e.kind) {
      case "session": {
        if (e.status === "no_show") break;
        const service = context.services.find((s) => s.code === e.serviceCode);
        events.push({
          kind: "timed",
          uid: uid(`session-${e.bookingId}`),
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          timeZone: clinic.timeZone,
          summary: `${service?.name ?? "Appointment"} at ${clinic.name}`,
          location,
          cancelled: e.status === "cancelled",
        });
        break;
      }
      case "prep":
        events.push({
          kind: "all_day",
          uid: uid(`prep-${e.forBookingId}-${e.code}`),
          on: e.on,
          summary: e.text,
        });
        break;
      case "routine_pause":
        events.push({
          kind: "all_day",
          uid: uid(`pause-${e.productKind}-${e.productId ?? "any"}-${e.forBookingIds[0] ?? "none"}`),
          on: e.on,
          summary: `Stop ${e.name}`,
          description: e.text,
        });
        break;
      case "aftercare": {
        const endedAt = sessionEnds.get(e.forBookingId);
        const milestone =
          endedAt !== undefined && e.fromAt > endedAt
            ? { at: e.fromAt, summary: e.text }
            : e.toAt !== null
              ? { at: e.toAt, summary: `Aftercare over: ${e.text}` }
              : undefined;
        if (milestone === undefined) break;
        events.push({
          kind: "timed",
          uid: uid(`aftercare-${e.forBookingId}-${e.code}`),
          startsAt: milestone.at,
          endsAt: addMinutes(milestone.at, MILESTONE_MINUTES),
          timeZone: context.patientTimeZone,
          summary: milestone.summary,
        });
        break;
      }
      case "maintenance":
        events.push({
          kind: "all_day",
          uid: uid(`maintenance-${context.patientId}`),
          on: e.on,
          summary: `Maintenance session due at ${clinic.name}`,
          description: `Recommended every ${e.everyMonths} months.`,
        });
        break;
      default:
        break;
    }
  }
  return events;
}

async function providerFeed(
  deps: ServiceDeps,
  clinic: Clinic,
  services: readonly Service[],
  owner: Extract<CalendarOwner, { providerId: string }>,
  now: string,
): Promise<Feed> {
  const db = deps.store.db;
  const dayMinutes = 24 * 60;
  const bookings = (
    await listBookingsInWindow(
      db,
      clinic.id,
      addMinutes(now, -PROVIDER_FEED_DAYS_BACK * dayMinutes),
      addMinutes(now, PROVIDER_FEED_DAYS_AHEAD * dayMinutes),
      { statuses: ["booked", "completed", "cancelled"] },
    )
  ).filter((b) => b.providerId === owner.providerId);
  const patients = new Map(
    (
      await findPatientsByIds(
        db,
        clinic.id,
        bookings.map((b) => b.patientId),
      )
    ).map((p) => [p.id, p]),
  );
  const location = clinicLocation(clinic);
  return {
    name: `${clinic.name}: appointments`,
    stampedAt: now,
    // Only a first name and the service: a calendar app is no place for health details.
    events: bookings.map((b) => ({
      kind: "timed" as const,
      uid: `appointment-${b.id}`,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      timeZone: clinic.timeZone,
      summary: `${services.find((s) => s.id === b.serviceId)?.name ?? "Appointment"}: ${firstName(patients.get(b.patientId)?.name)}`,
      location,
      cancelled: b.status === "cancelled",
    })),
  };
}

function clinicLocation(clinic: Clinic): string {
  return clinic.address === null ? clinic.name : `${clinic.name}, ${clinic.address}`;
}

function firstName(name: string | undefined): string {
  return name?.trim().split(/\s+/)[0] || "Patient";
}
