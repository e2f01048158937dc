import type { Clock } from "../domain/time/clock.js";
import type { Store } from "../store/database.js";
import type { Executor } from "../store/schema.js";
import type { ClinicSetupCache } from "./clinic/clinic-setup.js";

/** A change to one patient's data, reported inside the transaction that made it. */
export interface PatientWrite {
  patientId: string;
  action: string;
  /** Ids and counts only: this may end up in an audit log. */
  detail: Record<string, unknown>;
  /** What the write was about; by default the booking, series or waitlist entry `detail` names. */
  target?: { type: string; id: string } | undefined;
  /** The reason the actor gave (a cancellation's), if any. */
  reason?: string | null | undefined;
}

/** What every service needs: the store and the time, and who to tell about writes. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /**
   * Called in the write's own transaction, so a record of it (the audit log) exists exactly
   * when the change does. Staff's writes and patients' own writes are both recorded.
   */
  recordWrite?: (trx: Executor, write: PatientWrite) => Promise<void>;
  /** Keeps each clinic's setup between requests, re-read when its revision moves; none: read every time. */
  setupCache?: ClinicSetupCache;
}
