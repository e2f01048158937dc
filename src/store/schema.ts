import type { ColumnType, Kysely, Selectable, SqlBool } from "kysely";
import type { Role } from "../domain/accounts/principal.js";

/**
 * Row shapes as the database holds them; repositories map them to the domain types.
 *
 * Column encodings are the same on both dialects at this boundary:
 * - `DbInstant`: written as the 24-char `YYYY-MM-DDTHH:MM:SS.sssZ` (SQLite TEXT, so text order is
 *   time order; PostgreSQL timestamptz parses it), read back as text (see `codec.ts`).
 * - `DbJson`: written as JSON text; read back as text (pg's json parser is switched off).
 * - `DbBool`: written as 0/1 (better-sqlite3 cannot bind booleans; PostgreSQL accepts '1'/'0' for an
 *   untyped parameter), read back as 0/1 on SQLite and true/false on PostgreSQL.
 */
export type DbInstant = string;
export type DbJson = string;
export type DbBool = ColumnType<SqlBool, 0 | 1, 0 | 1>;

export interface ClinicTable {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  policy: DbJson;
  created_at: DbInstant;
  /** Null until an admin fills them in; shown to patients. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  setup_revision: ColumnType<number, number | undefined, number>;
}

export interface ProtocolVersionTable {
  id: string;
  clinic_id: string;
  version: string;
  document: DbJson;
  created_at: DbInstant;
  is_current: DbBool;
}

export interface ProviderTable {
  id: string;
  clinic_id: string;
  name: string;
  skills: DbJson;
  active: DbBool;
}

export interface WorkingHoursTable {
  provider_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
}

export interface HoursExceptionTable {
  id: string;
  clinic_id: string;
  provider_id: string;
  kind: "time_off" | "extra_hours";
  starts_at: DbInstant;
  ends_at: DbInstant;
  note: string | null;
}

export interface RoomTable {
  id: string;
  clinic_id: string;
  name: string;
  /** `treatment` or `consult`. */
  kind: ColumnType<string, string | undefined, string>;
  active: DbBool;
}

export interface DeviceTable {
  id: string;
  clinic_id: string;
  name: string;
  kind: string;
  active: DbBool;
}

export interface ServiceTable {
  id: string;
  clinic_id: string;
  code: string;
  name: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  needs_room: DbBool;
  device_kinds: DbJson;
  /** The room kinds the service may use, a JSON list. */
  room_kinds: ColumnType<DbJson, DbJson | undefined, DbJson>;
  add_on: "prp" | "rf" | null;
  is_treatment: DbBool;
  active: DbBool;
}

/** Whole days (`YYYY-MM-DD`, clinic zone, both included) the clinic is closed. */
export interface ClinicClosureTable {
  id: string;
  clinic_id: string;
  first_day: string;
  last_day: string;
  note: string | null;
  created_at: DbInstant;
}

export interface PatientTable {
  id: string;
  clinic_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  time_zone: string;
  created_at: DbInstant;
}

export interface IntakeVersionTable {
  id: string;
  patient_id: string;
  version: number;
  data: DbJson;
  created_at: DbInstant;
  /** Codes of hard blocks and review reasons this version removed; null when it removed none. */
  pending_removals: ColumnType<DbJson | null, DbJson | null | undefined, DbJson | null>;
  /** The provider account that confirmed the removals, and when; null until then. */
  confirmed_by: ColumnType<string | null, string | null | undefined, string | null>;
  confirmed_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
}

export interface PlanTable {
  id: string;
  patient_id: string;
  protocol_version: string;
  intake_version: number;
  data: DbJson;
  status: "draft" | "accepted" | "superseded";
  created_at: DbInstant;
  accepted_by: string | null;
  accepted_at: DbInstant | null;
  overrides: DbJson;
}

export interface BookingTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  service_id: string;
  provider_id: string;
  room_id: string | null;
  device_ids: DbJson;
  starts_at: DbInstant;
  ends_at: DbInstant;
  block_starts_at: DbInstant;
  block_ends_at: DbInstant;
  status: "booked" | "completed" | "cancelled" | "no_show";
  series_id: string | null;
  series_number: number | null;
  plan_id: string | null;
  late_cancel: DbBool;
  created_at: DbInstant;
  updated_at: DbInstant;
  /** Set while a setup change has left the booking invalid (see the needs_attention migration). */
  attention_reason: ColumnType<string | null, string | null | undefined, string | null>;
  attention_detail: ColumnType<string | null, string | null | undefined, string | null>;
  attention_flagged_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
  /** The account that accepted the change. */
  attention_flagged_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row per resource (provider, room, device, patient) a live booking holds. */
export interface ResourceHoldTable {
  booking_id: string;
  clinic_id: string;
  resource_id: string;
  starts_at: DbInstant;
  ends_at: DbInstant;
}

/** Counters of a clinic's hold writes (see migration 2026_12_01_0600); the clinic's revision is their sum. */
export interface BookingRevisionTable {
  clinic_id: string;
  stripe: number;
  revision: number | bigint | string;
}

export interface WaitlistEntryTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  service_id: string;
  provider_id: string | null;
  from_at: DbInstant;
  to_at: DbInstant;
  status: "waiting" | "offered" | "closed";
  created_at: DbInstant;
  /** When a freed slot was offered to the entry, and that slot; null until then. */
  offered_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
  offer_starts_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
  offer_ends_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
  /** When the entry was closed (left by the patient, or taken); null while open. */
  closed_at: ColumnType<DbInstant | null, DbInstant | null | undefined, DbInstant | null>;
}

export interface IdempotencyKeyTable {
  clinic_id: string;
  /** The account that sent the key; '' for requests made without one (the CLI, the demo seed). */
  account_id: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: DbJson;
  created_at: DbInstant;
}

export interface OutboxEventTable {
  id: string;
  clinic_id: string;
  type: string;
  payload: DbJson;
  created_at: DbInstant;
  processed_at: DbInstant | null;
  /** Row claims for the dispatcher (a later part): who works on it, and until when. */
  claimed_by: string | null;
  claimed_until: DbInstant | null;
  /**
   * Work the server itself still owes this event after it committed (`waitlist_offer` on a
   * cancellation); null when there is none left.
   */
  follow_up: OutboxFollowUp | null;
}

/** Follow-up work an outbox event can carry: a cancellation's offer of the freed time to the waitlist. */
export type OutboxFollowUp = "waitlist_offer";

export interface AuditLogTable {
  id: string;
  at: DbInstant;
  actor_id: string | null;
  clinic_id: string | null;
  patient_id: string | null;
  action: string;
  detail: DbJson;
  /** The actor's name and role when the row was written; null on rows from before they were kept. */
  actor_name: ColumnType<string | null, string | null | undefined, string | null>;
  actor_role: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the action was about (`booking`, `room`, `clinic`, …) and its id; null for a search. */
  target_type: ColumnType<string | null, string | null | undefined, string | null>;
  target_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The reason the actor gave, where one was given. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AccountRole = Role;

/** A sign-in for one clinic; a patient account points at its patient row, a provider's may point at a provider. */
export interface AccountTable {
  id: string;
  clinic_id: string;
  email: string;
  name: string;
  role: AccountRole;
  password_hash: string;
  provider_id: string | null;
  patient_id: string | null;
  created_at: DbInstant;
  /** Set while an admin has the account disabled. */
  disabled_at: DbInstant | null;
}

/** A server-side session; only the SHA-256 of the cookie's token is stored. */
export interface AuthSessionTable {
  token_hash: string;
  account_id: string;
  created_at: DbInstant;
  expires_at: DbInstant;
}

/** Failed sign-ins per key (an email or an IP address) in the current window, and a lock. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: DbInstant;
  locked_until: DbInstant | null;
}

export interface PasswordResetTokenTable {
  token_hash: string;
  account_id: string;
  created_at: DbInstant;
  expires_at: DbInstant;
  used_at: DbInstant | null;
}

/** A patient self-registration waiting for its emailed link (see patient-signup.repository.ts). */
export interface PatientSignupTable {
  token_hash: string;
  clinic_id: string;
  email: string;
  name: string;
  phone: string | null;
  time_zone: string;
  password_hash: string;
  created_at: DbInstant;
  expires_at: DbInstant;
  used_at: DbInstant | null;
}

/** A skincare product of the clinic's catalog; `kind` is a protocol product kind. */
export interface ClinicProductTable {
  id: string;
  clinic_id: string;
  name: string;
  kind: string;
  active: DbBool;
  created_at: DbInstant;
}

/** The routine a provider assigned to a patient: a JSON list of `{ kind, productId, times }`. */
export interface PatientRoutineTable {
  patient_id: string;
  items: DbJson;
  assigned_by: string;
  assigned_at: DbInstant;
}

/** The request a stored plan was computed from (see plan-request.repository.ts). */
export interface PlanRequestTable {
  plan_id: string;
  data: DbJson;
}

/** An answered check-in: `answers` is the JSON the patient gave (see `checkInAnswersSchema`). */
export interface CheckInTable {
  booking_id: string;
  day: number;
  clinic_id: string;
  patient_id: string;
  answers: DbJson;
  answered_at: DbInstant;
  /** The account that answered. */
  answered_by: string;
}

/** Something the clinic must look at; `codes` is a JSON list of red-flag codes. */
export interface AlertTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  booking_id: string;
  check_in_day: number;
  codes: DbJson;
  severity: string;
  summary: string;
  raised_at: DbInstant;
  acknowledged_at: DbInstant | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

/** A calendar feed's secret, hashed; exactly one of `patient_id` and `provider_id` is set. */
export interface CalendarTokenTable {
  token_hash: string;
  clinic_id: string;
  patient_id: string | null;
  provider_id: string | null;
  created_at: DbInstant;
}

export type MessageChannel = "email" | "sms";
export type MessageStatus = "pending" | "sent" | "failed" | "cancelled";

/** One email or SMS the dispatcher owes (see the messages migration). */
export interface ScheduledMessageTable {
  id: string;
  clinic_id: string;
  patient_id: string | null;
  recipient: string;
  channel: MessageChannel;
  kind: string;
  booking_id: string | null;
  /** The outbox event the message came from, if any. */
  event_id: string | null;
  dedupe_key: string;
  send_at: DbInstant;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: DbInstant;
  claimed_by: string | null;
  claimed_until: DbInstant | null;
  last_error: string | null;
  payload: DbJson;
  /** A one-time link token the message carries; cleared once it is sent. */
  secret: string | null;
  created_at: DbInstant;
  sent_at: DbInstant | null;
}

/** A clinic's own wording of one kind of message on one channel. */
export interface MessageTemplateTable {
  clinic_id: string;
  kind: string;
  channel: MessageChannel;
  subject: string;
  text_body: string;
  html_body: string | null;
  updated_at: DbInstant;
  updated_by: string | null;
}

/** A patient's opt-out of an optional topic (recall) on one channel; 1 = opted out. */
export interface MessagePreferenceTable {
  patient_id: string;
  topic: string;
  channel: MessageChannel;
  opted_out: number;
  updated_at: DbInstant;
}

/** A clinic's webhook receiver (see the webhooks migration). */
export interface WebhookEndpointTable {
  id: string;
  clinic_id: string;
  url: string;
  description: string | null;
  /** The HMAC key bodies are signed with; shown to the admin once. */
  secret: string;
  active: DbBool;
  created_at: DbInstant;
  created_by: string | null;
  updated_at: DbInstant;
}

export interface WebhookSubscriptionTable {
  endpoint_id: string;
  event_type: string;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event owed to one endpoint. */
export interface WebhookDeliveryTable {
  endpoint_id: string;
  event_id: string;
  clinic_id: string;
  event_type: string;
  /** The exact JSON sent and signed. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: DbInstant;
  claimed_by: string | null;
  claimed_until: DbInstant | null;
  created_at: DbInstant;
  delivered_at: DbInstant | null;
}

/** One try of a delivery: the delivery log. */
export interface WebhookAttemptTable {
  endpoint_id: string;
  event_id: string;
  number: number;
  at: DbInstant;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

/** A published version of a clinic's consent form; only ever inserted. */
export interface ConsentTemplateTable {
  clinic_id: string;
  kind: string;
  version: number;
  title: string;
  body: string;
  published_at: DbInstant;
  published_by: string;
}

/** A patient's signature of one version of a consent form; only ever inserted. */
export interface PatientConsentTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  kind: string;
  template_version: number;
  typed_name: string;
  signed_at: DbInstant;
  ip: string;
  user_agent: string | null;
}

/** A session's chart (JSON `data`), signed once by a provider; changes after that are amendments. */
export interface SessionChartTable {
  booking_id: string;
  clinic_id: string;
  patient_id: string;
  data: DbJson;
  updated_by: string;
  updated_at: DbInstant;
  signed_by: string | null;
  signed_at: DbInstant | null;
}

/** A change to a signed chart: author, time, reason, and the fields changed (JSON). */
export interface ChartAmendmentTable {
  id: string;
  booking_id: string;
  author_id: string;
  author_name: string;
  at: DbInstant;
  reason: string;
  changes: DbJson;
}

/** A clinical photo: its bytes are in the photo store under `original_key` and `thumbnail_key`. */
export interface SessionPhotoTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  booking_id: string | null;
  angle: string;
  taken: string;
  original_key: string;
  thumbnail_key: string;
  media_type: string;
  width: number;
  height: number;
  uploaded_by: string;
  uploaded_at: DbInstant;
}

/** A provider's assessment of a session: JSON list of `{ concern, score, improvement }`. */
export interface SessionAssessmentTable {
  booking_id: string;
  clinic_id: string;
  patient_id: string;
  data: DbJson;
  assessed_by: string;
  assessed_at: DbInstant;
}

export interface Database {
  clinic: ClinicTable;
  protocol_version: ProtocolVersionTable;
  provider: ProviderTable;
  working_hours: WorkingHoursTable;
  hours_exception: HoursExceptionTable;
  room: RoomTable;
  device: DeviceTable;
  service: ServiceTable;
  clinic_closure: ClinicClosureTable;
  clinic_product: ClinicProductTable;
  patient_routine: PatientRoutineTable;
  patient: PatientTable;
  intake_version: IntakeVersionTable;
  plan: PlanTable;
  booking: BookingTable;
  resource_hold: ResourceHoldTable;
  booking_revision: BookingRevisionTable;
  waitlist_entry: WaitlistEntryTable;
  idempotency_key: IdempotencyKeyTable;
  outbox_event: OutboxEventTable;
  audit_log: AuditLogTable;
  account: AccountTable;
  auth_session: AuthSessionTable;
  login_throttle: LoginThrottleTable;
  password_reset_token: PasswordResetTokenTable;
  patient_signup: PatientSignupTable;
  plan_request: PlanRequestTable;
  check_in: CheckInTable;
  alert: AlertTable;
  calendar_token: CalendarTokenTable;
  scheduled_message: ScheduledMessageTable;
  message_template: MessageTemplateTable;
  message_preference: MessagePreferenceTable;
  webhook_endpoint: WebhookEndpointTable;
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
  consent_template: ConsentTemplateTable;
  patient_consent: PatientConsentTable;
  session_chart: SessionChartTable;
  chart_amendment: ChartAmendmentTable;
  session_photo: SessionPhotoTable;
  session_assessment: SessionAssessmentTable;
}

/** What every repository function takes: the store's `db` or a transaction (`trx`). */
export type Executor = Kysely<Database>;

export type ClinicRow = Selectable<ClinicTable>;
export type ProtocolVersionRow = Selectable<ProtocolVersionTable>;
export type ProviderRow = Selectable<ProviderTable>;
export type WorkingHoursRow = Selectable<WorkingHoursTable>;
export type HoursExceptionRow = Selectable<HoursExceptionTable>;
export type RoomRow = Selectable<RoomTable>;
export type DeviceRow = Selectable<DeviceTable>;
export type ServiceRow = Selectable<ServiceTable>;
export type ClinicClosureRow = Selectable<ClinicClosureTable>;
export type ClinicProductRow = Selectable<ClinicProductTable>;
export type PatientRoutineRow = Selectable<PatientRoutineTable>;
export type CheckInRow = Selectable<CheckInTable>;
export type AlertRow = Selectable<AlertTable>;
export type PatientConsentRow = Selectable<PatientConsentTable>;
export type SessionChartRow = Selectable<SessionChartTable>;
export type ChartAmendmentRow = Selectable<ChartAmendmentTable>;
export type SessionPhotoRow = Selectable<SessionPhotoTable>;
export type SessionAssessmentRow = Selectable<SessionAssessmentTable>;
export type PatientRow = Selectable<PatientTable>;
export type IntakeVersionRow = Selectable<IntakeVersionTable>;
export type PlanRow = Selectable<PlanTable>;
export type BookingRow = Selectable<BookingTable>;
export type ResourceHoldRow = Selectable<ResourceHoldTable>;
export type WaitlistEntryRow = Selectable<WaitlistEntryTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type OutboxEventRow = Selectable<OutboxEventTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type AccountRow = Selectable<AccountTable>;
export type LoginThrottleRow = Selectable<LoginThrottleTable>;
export type ScheduledMessageRow = Selectable<ScheduledMessageTable>;
export type MessageTemplateRow = Selectable<MessageTemplateTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
