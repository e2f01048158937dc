import type { Kysely, Migration, MigrationProvider } from "kysely";
import type { DialectName } from "../database.js";
import * as initial from "./2026_11_27_0001_initial.js";
import * as accounts from "./2026_11_27_0002_accounts.js";
import * as protocolGuards from "./2026_11_30_0001_protocol_guards.js";
import * as waitlistCaps from "./2026_11_30_0002_waitlist_caps.js";
import * as accountControls from "./2026_11_30_0003_account_controls.js";
import * as profileAudit from "./2026_11_30_0005_profile_audit.js";
import * as roomKindsClosures from "./2026_11_30_0006_room_kinds_closures.js";
import * as needsAttention from "./2026_11_30_0007_needs_attention.js";
import * as workQueues from "./2026_11_30_0008_work_queues.js";
import * as skincareRoutine from "./2026_11_30_0010_skincare_routine.js";
import * as messages from "./2026_12_01_0100_messages.js";
import * as checkInsAlerts from "./2026_12_01_0200_check_ins_alerts_calendar_tokens.js";
import * as consent from "./2026_12_01_0300_consent.js";
import * as sessionChart from "./2026_12_01_0301_session_chart.js";
import * as sessionPhoto from "./2026_12_01_0302_session_photo.js";
import * as sessionAssessment from "./2026_12_01_0303_session_assessment.js";
import * as webhooks from "./2026_12_01_0310_webhooks.js";
import * as bookingRevision from "./2026_12_01_0600_booking_revision.js";
import * as planPatientStatus from "./2026_12_02_0400_plan_patient_status.js";
import * as idempotencyKeyAfterLock from "./2026_12_03_0100_idempotency_key_after_lock.js";

/** A Kysely migration that is told which dialect it runs on, for the few places that differ. */
interface DialectMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
  down(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/**
 * Every migration, by name; names sort in the order they run. Imported statically (no
 * FileMigrationProvider) so tsx and bundlers see them. Append new ones; never edit a shipped one.
 */
const MIGRATIONS: Record<string, DialectMigration> = {
  "2026_11_27_0001_initial": initial,
  "2026_11_27_0002_accounts": accounts,
  "2026_11_30_0001_protocol_guards": protocolGuards,
  "2026_11_30_0002_waitlist_caps": waitlistCaps,
  "2026_11_30_0003_account_controls": accountControls,
  "2026_11_30_0005_profile_audit": profileAudit,
  "2026_11_30_0006_room_kinds_closures": roomKindsClosures,
  "2026_11_30_0007_needs_attention": needsAttention,
  "2026_11_30_0008_work_queues": workQueues,
  "2026_11_30_0010_skincare_routine": skincareRoutine,
  "2026_12_01_0100_messages": messages,
  "2026_12_01_0200_check_ins_alerts_calendar_tokens": checkInsAlerts,
  "2026_12_01_0300_consent": consent,
  "2026_12_01_0301_session_chart": sessionChart,
  "2026_12_01_0302_session_photo": sessionPhoto,
  "2026_12_01_0303_session_assessment": sessionAssessment,
  "2026_12_01_0310_webhooks": webhooks,
  "2026_12_01_0600_booking_revision": bookingRevision,
  "2026_12_02_0400_plan_patient_status": planPatientStatus,
  "2026_12_03_0100_idempotency_key_after_lock": idempotencyKeyAfterLock,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    migrations[name] = {
      up: (db) => migration.up(db, dialect),
      down: (db) => migration.down(db, dialect),
    };
  }
  return { getMigrations: async () => migrations };
}
