import { useQuery } from "@tanstack/react-query";
import { api, keys, unwrap } from "./client";

/** The patient's current plan (the newest one not superseded), or null when there is none yet. */
export function useCurrentPlan(patientId: string | null) {
  return useQuery({
    queryKey: [...keys.plans(patientId ?? ""), "current"],
    enabled: patientId !== null,
    queryFn: async () => {
      const id = patientId ?? "";
      const { plans } = await unwrap(api.GET("/api/v1/patients/{id}/plans", { params: { path: { id } } }));
      const current = [...plans]
        .filter((plan) => plan.status !== "superseded")
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      if (current === undefined) return null;
      return unwrap(
        api.GET("/api/v1/patients/{id}/plans/{planId}", { params: { path: { id, planId: current.id } } }),
      );
    },
  });
}

export function useTimeline(patientId: string | null) {
  return useQuery({
    queryKey: keys.timeline(patientId ?? ""),
    enabled: patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/patients/{id}/timeline", { params: { path: { id: patientId ?? "" } } })),
  });
}

export function usePatientBookings(patientId: string | null) {
  return useQuery({
    queryKey: keys.bookings(patientId ?? ""),
    enabled: patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/patients/{id}/bookings", { params: { path: { id: patientId ?? "" } } })),
  });
}
