import { describe, expect, it } from "vitest";
import { comparePhotos, type PhotoAngle, type PhotoTaken } from "./photos.js";

const photo = (
  id: string,
  bookingId: string | null,
  angle: PhotoAngle,
  taken: PhotoTaken,
  minute: number,
) => ({
  id,
  bookingId,
  angle,
  taken,
  uploadedAt: `2030-01-0${1 + Math.floor(minute / 60)}T10:${String(minute % 60).padStart(2, "0")}:00Z`,
});

describe("before/after comparison", () => {
  it("pairs each session's latest before and after of the angle, and the course's first before with its latest after", () => {
    const photos = [
      photo("a-after", "s2", "front", "after", 130),
      photo("a-before", "s1", "front", "before", 1),
      photo("side", "s1", "left_45", "before", 2),
      photo("a-after-1", "s1", "front", "after", 5),
      photo("a-after-retake", "s1", "front", "after", 6),
      photo("b-before", "s2", "front", "before", 120),
    ];
    const c = comparePhotos(photos, "front");
    expect(c.overall.before?.id).toBe("a-before");
    expect(c.overall.after?.id).toBe("a-after");
    expect(c.sessions.map((s) => [s.bookingId, s.before?.id ?? null, s.after?.id ?? null])).toEqual([
      ["s1", "a-before", "a-after-retake"],
      ["s2", "b-before", "a-after"],
    ]);
  });

  it("leaves a side empty when no such photo exists", () => {
    const c = comparePhotos([photo("x", null, "right_90", "after", 1)], "right_90");
    expect(c.overall).toEqual({ before: null, after: expect.objectContaining({ id: "x" }) });
    expect(comparePhotos([], "front")).toEqual({
      angle: "front",
      overall: { before: null, after: null },
      sessions: [],
    });
  });
});
