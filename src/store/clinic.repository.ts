import { randomUUID } from "node:crypto";
import { type BookingPolicyInput, type Clinic, withDefaultCaps } from "../domain/clinic/types.js";
import { DomainError } from "../domain/errors.js";
import { fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { ClinicRow, Executor } from "./schema.js";

export interface NewClinic {
  slug: string;
  name: string;
  timeZone: string;
  /** Caps left out take their defaults, and are stored complete. */
  policy: BookingPolicyInput;
  createdAt: string;
}

/** A slug another clinic has is a `conflict` naming the `slug` field. */
export async function createClinic(db: Executor, input: NewClinic): Promise<Clinic> {
  const row: ClinicRow = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    time_zone: input.timeZone,
    policy: toDbJson(withDefaultCaps(input.policy)),
    created_at: toDbInstant(input.createdAt),
    setup_revision: 0,
  };
  try {
    await db.insertInto("clinic").values(row).execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      "conflict",
      `There is already a clinic "${input.slug}".`,
      { fields: [{ path: "slug", message: "is already used by another clinic" }] },
      { cause: error },
    );
  }
  return toClinic(row);
}

export async function findClinicById(db: Executor, id: string): Promise<Clinic | undefined> {
  const row = await db.selectFrom("clinic").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toClinic(row);
}

export async function findClinicBySlug(db: Executor, slug: string): Promise<Clinic | undefined> {
  const row = await db.selectFrom("clinic").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && toClinic(row);
}

function toClinic(row: ClinicRow): Clinic {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    // Policies stored before the per-patient caps existed lack them: they take the defaults.
    policy: withDefaultCaps(fromDbJson<BookingPolicyInput>(row.policy)),
  };
}
