import { describe, expect, it } from "vitest";
import { auditCsvHref, auditQueryOf, NO_FILTERS } from "./audit-filters";

describe("audit filters", () => {
  it("leaves empty fields out", () => {
    expect(auditQueryOf(NO_FILTERS, "America/New_York")).toEqual({});
    expect(auditCsvHref({})).toBe("/api/v1/audit.csv");
  });

  it("reads days on the clinic's calendar, the last day included", () => {
    const query = auditQueryOf(
      { ...NO_FILTERS, action: " booking.cancel ", fromDay: "2027-03-01", toDay: "2027-03-01" },
      "America/New_York",
    );
    expect(query).toEqual({
      action: "booking.cancel",
      from: "2027-03-01T05:00:00Z",
      to: "2027-03-02T05:00:00Z",
    });
    expect(auditCsvHref(query)).toBe(
      "/api/v1/audit.csv?action=booking.cancel&from=2027-03-01T05%3A00%3A00Z&to=2027-03-02T05%3A00%3A00Z",
    );
  });
});
