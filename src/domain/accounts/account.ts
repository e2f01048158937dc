import type { Role } from "./principal.js";

/** A sign-in for one clinic. The password hash is not part of it: it never leaves the account services. */
export interface Account {
  id: string;
  clinicId: string;
  email: string;
  name: string;
  role: Role;
  /** Links a provider's account to their calendar. */
  providerId: string | null;
  /** Set exactly for patient accounts: the one patient record the account belongs to. */
  patientId: string | null;
  createdAt: string;
  /** When an admin disabled the account; null while it may sign in. */
  disabledAt: string | null;
}

/** Emails are compared trimmed and lower-cased, and stored in that form. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
