import { describe, expect, it } from "vitest";
import { consentKindsNeeded } from "./consent";

const services = [
  { id: "mn", isTreatment: true, addOn: null },
  { id: "mn-prp", isTreatment: true, addOn: "prp" as const },
  { id: "mn-rf", isTreatment: true, addOn: "rf" as const },
  { id: "consult", isTreatment: false, addOn: null },
];

describe("consentKindsNeeded", () => {
  it("asks for the microneedling form even before any booking", () => {
    expect([...consentKindsNeeded([], services)]).toEqual(["microneedling"]);
  });

  it("adds the form of each booked add-on, once", () => {
    const kinds = consentKindsNeeded(
      [
        { serviceId: "mn-prp", status: "booked" },
        { serviceId: "mn-prp", status: "booked" },
        { serviceId: "mn-rf", status: "booked" },
      ],
      services,
    );
    expect([...kinds].sort()).toEqual(["microneedling", "prp", "rf"]);
  });

  it("ignores cancelled bookings and unknown services", () => {
    const kinds = consentKindsNeeded(
      [
        { serviceId: "mn-rf", status: "cancelled" },
        { serviceId: "gone", status: "booked" },
      ],
      services,
    );
    expect([...kinds]).toEqual(["microneedling"]);
  });
});
