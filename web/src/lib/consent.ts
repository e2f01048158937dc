export type ConsentKind = "microneedling" | "prp" | "rf";

interface ServiceFacts {
  id: string;
  isTreatment: boolean;
  addOn: "prp" | "rf" | null;
}

/**
 * The consent forms a patient is asked to sign: microneedling's (every patient here comes for it,
 * so it may be signed before the first booking), plus the add-on's form of each service they
 * have booked (PRP, RF). Forms for add-ons they never booked are not asked for.
 */
export function consentKindsNeeded(
  bookings: readonly { serviceId: string; status: string }[],
  services: readonly ServiceFacts[],
): Set<ConsentKind> {
  const kinds = new Set<ConsentKind>(["microneedling"]);
  for (const booking of bookings) {
    if (booking.status !== "booked") continue;
    const service = services.find((s) => s.id === booking.serviceId);
    if (service?.isTreatment && service.addOn !== null) kinds.add(service.addOn);
  }
  return kinds;
}
