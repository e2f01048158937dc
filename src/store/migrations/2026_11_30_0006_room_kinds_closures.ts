import { type Kysely, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Rooms of a kind, services that name the kinds they may use, and days the whole clinic is closed.
 *
 * - `room.kind`: `treatment` or `consult`. A migration cannot tell a consult room from a
 *   treatment room by its name, so every existing room becomes `treatment`; an admin (or the demo
 *   seed) sets the kind of each consult room.
 * - `service.room_kinds`: the room kinds a service may be booked into (a JSON list). Existing
 *   services may use every kind, so no slot an existing clinic offered disappears with the upgrade.
 * - `clinic_closure`: a holiday or any stretch of whole days (`first_day` … `last_day`, both
 *   included, `YYYY-MM-DD` in the clinic's zone) on which nothing is offered or booked. Days are
 *   stored as days, not instants: a closure stays "25 December" whatever the zone's offset does.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .alterTable("room")
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("treatment"))
    .execute();
  await db.schema
    .alterTable("service")
    .addColumn("room_kinds", t.json, (c) => c.notNull().defaultTo(sql`'["treatment","consult"]'`))
    .execute();

  await db.schema
    .createTable("clinic_closure")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("first_day", "text", (c) => c.notNull())
    .addColumn("last_day", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addCheckConstraint("clinic_closure_order", sql`first_day <= last_day`)
    .execute();
  await db.schema
    .createIndex("clinic_closure_clinic_last_day")
    .on("clinic_closure")
    .columns(["clinic_id", "last_day"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("clinic_closure").execute();
  await db.schema.alterTable("service").dropColumn("room_kinds").execute();
  await db.schema.alterTable("room").dropColumn("kind").execute();
}
