import { type Kysely, type SqlBool, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * The first schema. Instants are timestamptz on PostgreSQL and 24-char UTC text on SQLite; JSON is
 * jsonb / text; booleans are boolean / integer. Everything else is the same on both dialects.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb", bool: "boolean" } as const)
    : ({ instant: "text", json: "text", bool: "integer" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  if (dialect === "postgres") {
    // Trusted extension, shared by every schema of the database: created once, never dropped by down().
    await sql`create extension if not exists btree_gist with schema public`.execute(db);
  }

  await db.schema
    .createTable("clinic")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("policy", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    // Bumped by every change to what a slot search weighs (see setup-revision.repository.ts).
    .addColumn("setup_revision", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("protocol_version")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("document", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("is_current", t.bool, (c) => c.notNull())
    .addUniqueConstraint("protocol_version_clinic_version", ["clinic_id", "version"])
    .execute();
  // At most one current version per clinic; the repository makes it exactly one.
  await db.schema
    .createIndex("protocol_version_one_current")
    .unique()
    .on("protocol_version")
    .column("clinic_id")
    .where(sql<SqlBool>`is_current = true`)
    .execute();

  await db.schema
    .createTable("provider")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("skills", t.json, (c) => c.notNull())
    .addColumn("active", t.bool, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("provider_clinic").on("provider").column("clinic_id").execute();

  await db.schema
    .createTable("working_hours")
    .addColumn("provider_id", "text", (c) => c.notNull().references("provider.id").onDelete("cascade"))
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("start_time", "text", (c) => c.notNull())
    .addColumn("end_time", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("working_hours_pk", ["provider_id", "weekday", "start_time"])
    .addCheckConstraint("working_hours_weekday", sql`weekday between 1 and 7`)
    // HH:MM text compares in time order.
    .addCheckConstraint("working_hours_order", sql`start_time < end_time`)
    .execute();

  await db.schema
    .createTable("hours_exception")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("provider_id", "text", (c) => c.notNull().references("provider.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("starts_at", t.instant, (c) => c.notNull())
    .addColumn("ends_at", t.instant, (c) => c.notNull())
    .addColumn("note", "text")
    .addCheckConstraint("hours_exception_kind", sql`kind in ('time_off', 'extra_hours')`)
    .addCheckConstraint("hours_exception_order", sql`starts_at < ends_at`)
    .execute();
  await db.schema
    .createIndex("hours_exception_clinic_starts")
    .on("hours_exception")
    .columns(["clinic_id", "starts_at"])
    .execute();

  for (const table of ["room", "device"] as const) {
    await db.schema
      .createTable(table)
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .$call((b) => (table === "device" ? b.addColumn("kind", "text", (c) => c.notNull()) : b))
      .addColumn("active", t.bool, (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_clinic`).on(table).column("clinic_id").execute();
  }

  await db.schema
    .createTable("service")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("buffer_before_minutes", "integer", (c) => c.notNull())
    .addColumn("buffer_after_minutes", "integer", (c) => c.notNull())
    .addColumn("needs_room", t.bool, (c) => c.notNull())
    .addColumn("device_kinds", t.json, (c) => c.notNull())
    .addColumn("add_on", "text")
    .addColumn("is_treatment", t.bool, (c) => c.notNull())
    .addColumn("active", t.bool, (c) => c.notNull())
    .addUniqueConstraint("service_clinic_code", ["clinic_id", "code"])
    .addCheckConstraint(
      "service_minutes",
      sql`duration_minutes > 0 and buffer_before_minutes >= 0 and buffer_after_minutes >= 0`,
    )
    .addCheckConstraint("service_add_on", sql`add_on is null or add_on in ('prp', 'rf')`)
    .execute();

  await db.schema
    .createTable("patient")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("patient_clinic").on("patient").column("clinic_id").execute();

  // Append-only: a change to the intake inserts the next version.
  await db.schema
    .createTable("intake_version")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("data", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("intake_version_patient_version", ["patient_id", "version"])
    .addCheckConstraint("intake_version_positive", sql`version >= 1`)
    .execute();

  await db.schema
    .createTable("plan")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id"))
    .addColumn("protocol_version", "text", (c) => c.notNull())
    .addColumn("intake_version", "integer", (c) => c.notNull())
    .addColumn("data", t.json, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("accepted_by", "text")
    .addColumn("accepted_at", t.instant)
    .addColumn("overrides", t.json, (c) => c.notNull())
    .addCheckConstraint("plan_status", sql`status in ('draft', 'accepted', 'superseded')`)
    .execute();
  await db.schema.createIndex("plan_patient").on("plan").columns(["patient_id", "created_at"]).execute();

  await db.schema
    .createTable("booking")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id"))
    .addColumn("service_id", "text", (c) => c.notNull().references("service.id"))
    .addColumn("provider_id", "text", (c) => c.notNull().references("provider.id"))
    .addColumn("room_id", "text", (c) => c.references("room.id"))
    .addColumn("device_ids", t.json, (c) => c.notNull())
    .addColumn("starts_at", t.instant, (c) => c.notNull())
    .addColumn("ends_at", t.instant, (c) => c.notNull())
    .addColumn("block_starts_at", t.instant, (c) => c.notNull())
    .addColumn("block_ends_at", t.instant, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("series_id", "text")
    .addColumn("series_number", "integer")
    .addColumn("plan_id", "text", (c) => c.references("plan.id"))
    .addColumn("late_cancel", t.bool, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addCheckConstraint("booking_status", sql`status in ('booked', 'completed', 'cancelled', 'no_show')`)
    .addCheckConstraint(
      "booking_order",
      sql`block_starts_at <= starts_at and starts_at < ends_at and ends_at <= block_ends_at`,
    )
    .execute();
  await db.schema
    .createIndex("booking_patient_starts")
    .on("booking")
    .columns(["patient_id", "starts_at"])
    .execute();
  await db.schema
    .createIndex("booking_clinic_starts")
    .on("booking")
    .columns(["clinic_id", "starts_at"])
    .execute();
  await db.schema.createIndex("booking_series").on("booking").column("series_id").execute();

  // A live booking's claim on each resource; deleted when the booking is cancelled or a no-show.
  await db.schema
    .createTable("resource_hold")
    .addColumn("booking_id", "text", (c) => c.notNull().references("booking.id").onDelete("cascade"))
    .addColumn("clinic_id", "text", (c) => c.notNull())
    .addColumn("resource_id", "text", (c) => c.notNull())
    .addColumn("starts_at", t.instant, (c) => c.notNull())
    .addColumn("ends_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("resource_hold_pk", ["booking_id", "resource_id"])
    .addCheckConstraint("resource_hold_order", sql`starts_at < ends_at`)
    .execute();
  await db.schema
    .createIndex("resource_hold_clinic_starts")
    .on("resource_hold")
    .columns(["clinic_id", "starts_at"])
    .execute();
  await db.schema
    // With ends_at in the index a slot search's read of a month of holds never touches the table
    // (SQLite's covering index, PostgreSQL's index-only scan).
    .createIndex("resource_hold_resource_span")
    .on("resource_hold")
    .columns(["resource_id", "starts_at", "ends_at"])
    .execute();
  if (dialect === "postgres") {
    // The arbiter of "no double booking" across app instances: two holds on one resource may touch
    // ([) ranges) but never overlap. A losing insert fails with SQLSTATE 23P01.
    await sql`
      alter table resource_hold add constraint resource_hold_no_overlap
      exclude using gist (resource_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
    `.execute(db);
  }

  await db.schema
    .createTable("waitlist_entry")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id"))
    .addColumn("service_id", "text", (c) => c.notNull().references("service.id"))
    .addColumn("provider_id", "text", (c) => c.references("provider.id"))
    .addColumn("from_at", t.instant, (c) => c.notNull())
    .addColumn("to_at", t.instant, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addCheckConstraint("waitlist_entry_status", sql`status in ('waiting', 'offered', 'closed')`)
    .addCheckConstraint("waitlist_entry_order", sql`from_at < to_at`)
    .execute();
  await db.schema
    .createIndex("waitlist_entry_service_status")
    .on("waitlist_entry")
    .columns(["service_id", "status", "from_at"])
    .execute();

  await db.schema
    .createTable("idempotency_key")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response_status", "integer", (c) => c.notNull())
    .addColumn("response_body", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_key_pk", ["clinic_id", "key"])
    .execute();

  await db.schema
    .createTable("outbox_event")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("processed_at", t.instant)
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", t.instant)
    .execute();
  // The dispatcher only ever looks at the unprocessed tail.
  await db.schema
    .createIndex("outbox_event_unprocessed")
    .on("outbox_event")
    .column("created_at")
    .where(sql<SqlBool>`processed_at is null`)
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", t.instant, (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("clinic_id", "text")
    .addColumn("patient_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("detail", t.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_clinic_at").on("audit_log").columns(["clinic_id", "at"]).execute();
  await db.schema.createIndex("audit_log_patient_at").on("audit_log").columns(["patient_id", "at"]).execute();
}

const TABLES_IN_CREATION_ORDER = [
  "clinic",
  "protocol_version",
  "provider",
  "working_hours",
  "hours_exception",
  "room",
  "device",
  "service",
  "patient",
  "intake_version",
  "plan",
  "booking",
  "resource_hold",
  "waitlist_entry",
  "idempotency_key",
  "outbox_event",
  "audit_log",
];

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Indexes and constraints go with their tables; btree_gist stays (other schemas may use it).
  for (const table of [...TABLES_IN_CREATION_ORDER].reverse()) {
    await db.schema.dropTable(table).execute();
  }
}
