import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { ClinicProfileChangesInput } from "../../domain/clinic/clinic-profile.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { findClinicById, updateClinicProfile } from "../../store/clinic.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { noSuchClinic } from "../access.js";
import { auditSetupChange } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/**
 * An admin changes their clinic's profile: name, address, phone, time zone, booking policy (the
 * numbers given replace those values; the rest of the policy stays), in one transaction with
 * its setup-revision bump and its audit row (the fields changed).
 */
export async function changeClinicProfile(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  changes: ClinicProfileChangesInput,
): Promise<Clinic> {
  const at = deps.clock.now().toString();
  const clinic = await withWriteTransaction(deps.store, async (trx) => {
    if (!(await updateClinicProfile(trx, admin.clinicId, changes))) throw noSuchClinic();
    const { policy, ...rest } = changes;
    const updated = await findClinicById(trx, admin.clinicId);
    if (!updated) throw noSuchClinic();
    await auditSetupChange(
      trx,
      admin,
      "clinic.update",
      at,
      { type: "clinic", id: admin.clinicId },
      {
        fields: Object.keys(rest).sort(),
        ...(policy !== undefined && { policy: Object.keys(policy).sort() }),
      },
    );
    return updated;
  });
  return clinic;
}
