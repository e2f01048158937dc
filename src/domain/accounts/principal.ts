/** Who may act in a clinic. A patient account belongs to exactly one patient record. */
export type Role = "patient" | "front_desk" | "provider" | "admin";

export const STAFF_ROLES = ["front_desk", "provider", "admin"] as const satisfies readonly Role[];
export const ALL_ROLES = ["patient", ...STAFF_ROLES] as const satisfies readonly Role[];

/** The signed-in account behind a request, as its session resolves it. */
export interface SessionPrincipal {
  accountId: string;
  clinicId: string;
  clinicSlug: string;
  email: string;
  name: string;
  role: Role;
  providerId: string | null;
  patientId: string | null;
}

export function isStaff(principal: Pick<SessionPrincipal, "role">): boolean {
  return principal.role !== "patient";
}
