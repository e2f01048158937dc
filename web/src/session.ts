import { useQuery } from "@tanstack/react-query";
import { api, unwrap, useMe, useSetup } from "./api/client";
import { browserTimeZone } from "./lib/time";

/**
 * Who is looking and in which clinic and zone. Patients see times in their own zone (their
 * profile's), staff in the clinic's, visitors in their browser's until they sign up.
 */
export function useSession() {
  const me = useMe();
  const setup = useSetup();
  const patientId = me.data?.patientId ?? null;
  const profile = useQuery({
    queryKey: ["patient", patientId],
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}", { params: { path: { id: patientId ?? "" } } })),
    enabled: patientId !== null,
    staleTime: 5 * 60_000,
  });
  const account = me.data ?? null;
  const clinicSlug = account?.clinic.slug ?? setup.data?.clinic?.slug ?? null;
  const role = account?.account.role ?? null;
  const timeZone =
    role === "patient"
      ? (profile.data?.timeZone ?? browserTimeZone())
      : (account?.clinic.timeZone ?? browserTimeZone());
  return {
    loading: me.isPending || setup.isPending || (patientId !== null && profile.isPending),
    error: me.error ?? setup.error ?? null,
    account,
    role,
    patientId,
    clinicSlug,
    clinicName: account?.clinic.name ?? setup.data?.clinic?.name ?? null,
    setupOpen: setup.data?.open ?? false,
    timeZone,
  };
}

export type Session = ReturnType<typeof useSession>;

export const isStaff = (role: string | null) =>
  role === "front_desk" || role === "provider" || role === "admin";
