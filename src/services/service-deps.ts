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
}

/** What every service needs: the store and the time, and who to tell about writes. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /**
   * Called in the write's own transaction, so a record of it (the audit log) exists exactly
   * when the change does.
   */
  recordWrite?: (trx: Executor, write: PatientWrite) => Promise<void>;
  /** Keeps each clinic's setup between requests, re-read when its revision moves; none: read every time. */
  setupCache?: ClinicSetupCache;
}
