import type { Account } from "../../domain/accounts/account.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import {
  countActiveAdmins,
  createAccount,
  findStaffAccount,
  listStaffAccounts,
  lockClinicAdmins,
  updateStaffAccount,
} from "../../store/account.repository.js";
import { deleteSessionsOfAccount } from "../../store/auth-session.repository.js";
import { findProviderById } from "../../store/provider.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import type { AccountDeps } from "./account-deps.js";
import { ACCOUNT_INVITED_EVENT, issuePasswordToken } from "./password-reset.service.js";

/** No argon2 hash looks like this, so nobody can sign in until the invitation is used. */
const NO_PASSWORD_YET = "!invited";

/**
 * Staff accounts of the admin's own clinic. The caller has checked the role; the principal
 * names the clinic.
 */
export async function listStaff(deps: AccountDeps, admin: SessionPrincipal): Promise<Account[]> {
  return listStaffAccounts(deps.store.db, admin.clinicId);
}

export interface StaffInvitation {
  email: string;
  name: string;
  role: "front_desk" | "provider" | "admin";
  /** Links a provider's account to their calendar; provider role only. */
  providerId?: string | null | undefined;
}

/**
 * An admin adds a staff member to their clinic: the account starts without a password, and an
 * invitation (a one-time set-your-password token, confirmed like a reset) goes to the outbox in
 * the same transaction. The admin never learns or chooses the password. An email the clinic
 * already has is a conflict (the repository's, raised by the account's unique constraint).
 */
export async function inviteStaff(
  deps: AccountDeps,
  admin: SessionPrincipal,
  input: StaffInvitation,
): Promise<Account> {
  const clinicId = admin.clinicId;
  const providerId = input.providerId ?? null;
  if (providerId !== null) {
    if (input.role !== "provider") {
      throw invalidProviderLink(
        "Only a provider's account links to a provider.",
        "only a provider's account links to a provider",
      );
    }
    if (!(await findProviderById(deps.store.db, clinicId, providerId))) {
      throw invalidProviderLink("No such provider in this clinic.", "no such provider in this clinic");
    }
  }
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const account = await createAccount(trx, {
      clinicId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: NO_PASSWORD_YET,
      providerId,
      createdAt: now,
    });
    await issuePasswordToken(trx, account, {
      store: deps.store,
      eventType: ACCOUNT_INVITED_EVENT,
      validMinutes: deps.authPolicy.invitationHours * 60,
      now,
    });
    await auditSetupChange(
      trx,
      admin,
      "staff.invite",
      now,
      { type: "account", id: account.id },
      {
        role: account.role,
      },
    );
    return account;
  });
}

function invalidProviderLink(detail: string, fieldMessage: string): DomainError {
  return new DomainError("invalid_input", detail, {
    fields: [{ path: "providerId", message: fieldMessage }],
  });
}

export type StaffRole = StaffInvitation["role"];

export interface StaffChange {
  role?: StaffRole | undefined;
  /** True disables the account (and ends its sessions); false enables it again. */
  disabled?: boolean | undefined;
}

/**
 * An admin changes a staff member of their clinic: the role, or whether the account may sign in.
 * Disabling ends every session of the account at once. Leaving a provider's role unlinks the
 * account from the provider's calendar. The change is audited with the before and after.
 *
 * The clinic always keeps one enabled admin: a change that would leave none (an admin disabling
 * or demoting themself as the last one) is refused as `invalid_state`. The admins' rows are
 * locked first, so two admins demoting each other at once cannot both succeed.
 */
export async function changeStaffAccount(
  deps: AccountDeps,
  admin: SessionPrincipal,
  accountId: string,
  change: StaffChange,
): Promise<Account> {
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await lockClinicAdmins(trx, admin.clinicId);
    const before = await findStaffAccount(trx, admin.clinicId, accountId);
    if (!before) throw noSuchStaffAccount();
    const role = change.role ?? before.role;
    const disabledAt =
      change.disabled === undefined ? before.disabledAt : change.disabled ? (before.disabledAt ?? now) : null;
    const after = await updateStaffAccount(trx, admin.clinicId, accountId, {
      role,
      disabledAt,
      providerId: role === "provider" ? before.providerId : null,
    });
    if (!after) throw noSuchStaffAccount();
    if ((await countActiveAdmins(trx, admin.clinicId)) === 0) {
      throw new DomainError(
        "invalid_state",
        "The clinic would have no admin left: appoint another admin first.",
        {
          fields: [
            {
              path: change.disabled ? "disabled" : "role",
              message: "would leave the clinic without an admin",
            },
          ],
        },
      );
    }
    const revokedSessions = after.disabledAt !== null ? await deleteSessionsOfAccount(trx, accountId) : 0;
    await auditSetupChange(
      trx,
      admin,
      "staff.changed",
      now,
      { type: "account", id: accountId },
      {
        accountId,
        before: { role: before.role, disabled: before.disabledAt !== null },
        after: { role: after.role, disabled: after.disabledAt !== null },
        revokedSessions,
      },
    );
    return after;
  });
}

/** An admin signs a staff member of their clinic out everywhere (a lost phone, a shared desk). */
export async function revokeStaffSessions(
  deps: AccountDeps,
  admin: SessionPrincipal,
  accountId: string,
): Promise<void> {
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    if (!(await findStaffAccount(trx, admin.clinicId, accountId))) throw noSuchStaffAccount();
    const revokedSessions = await deleteSessionsOfAccount(trx, accountId);
    await auditSetupChange(
      trx,
      admin,
      "staff.sessions_revoked",
      now,
      { type: "account", id: accountId },
      {
        accountId,
        revokedSessions,
      },
    );
  });
}

/** Another clinic's account, a patient's and an unknown id answer alike. */
function noSuchStaffAccount(): DomainError {
  return new DomainError("not_found", "There is no such staff account in this clinic.");
}
