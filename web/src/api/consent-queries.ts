import { useQuery } from "@tanstack/react-query";
import { consentKindsNeeded } from "../lib/consent";
import { api, keys, unwrap } from "./client";
import { usePatientBookings } from "./patient-queries";

export const consentKeys = {
  consents: (patientId: string) => ["consents", patientId] as const,
  templates: (slug: string) => ["consent-templates", slug] as const,
};

/** Where the patient stands on each consent form: signed, missing, or signed on an older version. */
export function usePatientConsents(patientId: string | null) {
  return useQuery({
    queryKey: consentKeys.consents(patientId ?? ""),
    enabled: patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/patients/{id}/consents", { params: { path: { id: patientId ?? "" } } })),
  });
}

/** The forms the patient still has to sign (never signed, or a newer version since) for what they book. */
export function useConsentsToSign(patientId: string | null, slug: string | null) {
  const consents = usePatientConsents(patientId);
  const bookings = usePatientBookings(patientId);
  const services = useQuery({
    // The services on offer: a booking of a service since withdrawn falls back to microneedling's form.
    queryKey: keys.services(slug ?? ""),
    enabled: slug !== null && patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/services", { params: { path: { slug: slug ?? "" } } })),
  });
  const needed = consentKindsNeeded(bookings.data?.bookings ?? [], services.data?.services ?? []);
  const toSign = (consents.data?.standing ?? []).filter((s) => s.status !== "signed" && needed.has(s.kind));
  return {
    isPending: consents.isPending || bookings.isPending || services.isPending,
    error: consents.error ?? bookings.error ?? services.error,
    toSign,
  };
}
