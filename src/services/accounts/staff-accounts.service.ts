import type { Account } from "../../domain/accounts/account.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import { createAccount, listStaffAccounts } from "../../store/account.repository.js";
import { findProviderById } from "../../store/provider.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
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
      outboxIds: deps.store.outboxIds,
      eventType: ACCOUNT_INVITED_EVENT,
      validMinutes: deps.authPolicy.invitationHours * 60,
      now,
    });
    return account;
  });
}

function invalidProviderLink(detail: string, fieldMessage: string): DomainError {
  return new DomainError("invalid_input", detail, {
    fields: [{ path: "providerId", message: fieldMessage }],
  });
}
