import { describe, expect, it } from "vitest";
import { webhookBody, webhookData, webhookEventTypes, webhookUrl } from "./webhooks.js";

const BOOKING_PAYLOAD = {
  bookingId: "b1",
  patientId: "p1",
  serviceCode: "microneedling",
  providerId: "pr1",
  roomId: "r1",
  deviceIds: ["d1"],
  startsAt: "2030-01-07T15:00:00Z",
  endsAt: "2030-01-07T16:00:00Z",
  status: "booked",
  seriesId: null,
  seriesNumber: null,
};

describe("webhookData", () => {
  it("keeps ids and times of a booking, never the treatment or free text", () => {
    expect(
      webhookData("booking.cancelled", {
        ...BOOKING_PAYLOAD,
        lateCancel: true,
        reason: "rash after the peel",
      }),
    ).toEqual({
      bookingId: "b1",
      patientId: "p1",
      providerId: "pr1",
      roomId: "r1",
      seriesId: null,
      startsAt: "2030-01-07T15:00:00Z",
      endsAt: "2030-01-07T16:00:00Z",
      status: "booked",
      lateCancel: true,
    });
  });

  it("adds the previous start of a move", () => {
    expect(
      webhookData("booking.rescheduled", { ...BOOKING_PAYLOAD, previousStartsAt: "2030-01-06T15:00:00Z" }),
    ).toMatchObject({ previousStartsAt: "2030-01-06T15:00:00Z" });
  });

  it("names an alert and its patient only", () => {
    expect(
      webhookData("alert.raised", {
        alertId: "a1",
        patientId: "p1",
        codes: ["blistering"],
        summary: "Blisters",
      }),
    ).toEqual({ alertId: "a1", patientId: "p1" });
  });

  it.each(["auth.password_reset_requested", "waitlist.offered", "booking.needs_attention"])(
    "sends no webhook for %s",
    (type) => {
      expect(webhookData(type, { token: "secret", bookingId: "b1" })).toBeNull();
    },
  );
});

describe("webhookBody", () => {
  it("is the event's id, type, time, clinic slug and data, in that order", () => {
    expect(
      webhookBody({
        id: "e1",
        type: "alert.raised",
        createdAt: "2030-01-01T12:00:00Z",
        clinicSlug: "glow",
        data: {},
      }),
    ).toBe('{"id":"e1","type":"alert.raised","createdAt":"2030-01-01T12:00:00Z","clinic":"glow","data":{}}');
  });
});

describe("webhookUrl", () => {
  it.each([
    ["https://hooks.example.test/in", true],
    ["http://127.0.0.1:8080/hooks?x=1", true],
    ["ftp://hooks.example.test/in", false],
    ["javascript:alert(1)", false],
    ["hooks.example.test/in", false],
    ["https://user:secret@hooks.example.test/", false],
    [`https://hooks.example.test/${"a".repeat(2000)}`, false],
  ])("%s → %s", (url, ok) => {
    expect(webhookUrl.safeParse(url).success).toBe(ok);
  });
});

describe("webhookEventTypes", () => {
  it("needs one known type at least, and drops repeats", () => {
    expect(webhookEventTypes.parse(["booking.created", "booking.created"])).toEqual(["booking.created"]);
    expect(webhookEventTypes.safeParse([]).success).toBe(false);
    expect(webhookEventTypes.safeParse(["booking.exploded"]).success).toBe(false);
  });
});
