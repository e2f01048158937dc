import type { Executor } from "./schema.js";

/**
 * A clinic's setup (its services, providers and their hours and exceptions, rooms, devices and
 * protocol) changes rarely and is read by every search and booking. Each write to it bumps the
 * clinic's `setup_revision` in the same transaction, so an app instance may keep the setup in
 * memory and re-read it only when the number moved: one tiny read instead of eight.
 * Every repository function that writes setup calls one of these; a new one must too.
 */
export async function bumpSetupRevision(db: Executor, clinicId: string): Promise<void> {
  await db
    .updateTable("clinic")
    .set((eb) => ({ setup_revision: eb("setup_revision", "+", 1) }))
    .where("id", "=", clinicId)
    .execute();
}

export async function bumpSetupRevisionOfProvider(db: Executor, providerId: string): Promise<void> {
  await db
    .updateTable("clinic")
    .set((eb) => ({ setup_revision: eb("setup_revision", "+", 1) }))
    .where("id", "=", (eb) =>
      eb.selectFrom("provider").select("clinic_id").where("provider.id", "=", providerId),
    )
    .execute();
}

/** The clinic's setup revision; undefined when there is no such clinic. */
export async function findSetupRevision(db: Executor, clinicId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("clinic")
    .select("setup_revision")
    .where("id", "=", clinicId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.setup_revision);
}
