import { Temporal } from "temporal-polyfill";
import type { paths } from "../api/schema";

export type WaitlistEntry =
  paths["/api/v1/patients/{id}/waitlist"]["get"]["responses"][200]["content"]["application/json"]["entries"][number];

/**
 * Where an entry stands for the patient who opens its link:
 * - `offered`: a freed time is theirs to take (first come: someone else may book it meanwhile);
 * - `expired`: the offered time has started or passed;
 * - `waiting`: nothing offered yet;
 * - `closed`: taken or left: nothing to do.
 */
export type OfferState = "offered" | "expired" | "waiting" | "closed";

export function offerStateOf(entry: WaitlistEntry, now: Temporal.Instant): OfferState {
  if (entry.status === "closed") return "closed";
  if (entry.status === "waiting" || entry.offer?.startsAt == null) return "waiting";
  const startsAt = Temporal.Instant.from(entry.offer.startsAt);
  return Temporal.Instant.compare(startsAt, now) <= 0 ? "expired" : "offered";
}
