import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

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

/** The forms the patient still has to sign (never signed, or a newer version since). */
export function useConsentsToSign(patientId: string | null) {
  const consents = usePatientConsents(patientId);
  const toSign = (consents.data?.standing ?? []).filter((s) => s.status !== "signed");
  return { ...consents, toSign };
}
