import type { Clinic } from "../../domain/clinic/types.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { noSuchClinic } from "../access.js";
import type { ServiceDeps } from "../service-deps.js";

/** A clinic's public facts (name, time zone, booking policy) by its slug; anyone may read them. */
export async function getClinicBySlugOrFail(deps: ServiceDeps, slug: string): Promise<Clinic> {
  const clinic = await findClinicBySlug(deps.store.db, slug);
  if (!clinic) throw noSuchClinic();
  return clinic;
}
