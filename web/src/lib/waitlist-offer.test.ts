import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { offerStateOf, type WaitlistEntry } from "./waitlist-offer";

const NOW = Temporal.Instant.from("2030-01-07T15:00:00Z");
const entry = (over: Partial<WaitlistEntry>): WaitlistEntry => ({
  id: "w1",
  patientId: "p1",
  service: "microneedling",
  serviceId: "s1",
  providerId: null,
  from: "2030-01-07T05:00:00Z",
  to: "2030-01-20T05:00:00Z",
  status: "offered",
  createdAt: "2030-01-01T12:00:00Z",
  offer: {
    startsAt: "2030-01-09T15:00:00Z",
    endsAt: "2030-01-09T16:00:00Z",
    offeredAt: "2030-01-06T12:00:00Z",
  },
  closedAt: null,
  ...over,
});

describe("offerStateOf", () => {
  it.each([
    ["a future offered time", entry({}), "offered"],
    [
      "an offered time already started",
      entry({ offer: { startsAt: NOW.toString(), endsAt: null, offeredAt: null } }),
      "expired",
    ],
    ["an entry still waiting", entry({ status: "waiting", offer: null }), "waiting"],
    [
      "an offer without a recorded time",
      entry({ offer: { startsAt: null, endsAt: null, offeredAt: null } }),
      "waiting",
    ],
    [
      "a closed entry, even with a future offer",
      entry({ status: "closed", closedAt: "2030-01-06T13:00:00Z" }),
      "closed",
    ],
  ])("%s is %s", (_label, given, expected) => {
    expect(offerStateOf(given, NOW)).toBe(expected);
  });
});
