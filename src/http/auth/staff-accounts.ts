import { DomainError } from "../../domain/errors.js";
import { type Account, createAccount, findAccountByEmail } from "../../store/account.repository.js";
import { findProviderById } from "../../store/provider.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AppContext } from "../deps.js";
import { ACCOUNT_INVITED_EVENT, issuePasswordToken } from "./password-reset.js";

/** No argon2 hash looks like this, so nobody can sign in until the invitation is used. */
const NO_PASSWORD_YET = "!invited";

export interface StaffInvitation {
  clinicId: string;
  email: string;
  name: string;
  role: "front_desk" | "provider" | "admin";
  /** Links a provider's account to their calendar; provider role only. */
  providerId?: string | null | undefined;
}

/**
 * An admin adds a staff member: the account starts without a password, and an invitation (a
 * one-time set-your-password token, confirmed like a reset) goes to the outbox. The admin never
 * learns or chooses the password.
 */
export async function inviteStaff(ctx: AppContext, input: StaffInvitation): Promise<Account> {
  const providerId = input.providerId ?? null;
  if (providerId !== null) {
    if (input.role !== "provider") {
      throw invalid("providerId", "only a provider's account links to a provider");
    }
    if (!(await findProviderById(ctx.store.db, input.clinicId, providerId))) {
      throw invalid("providerId", "no such provider in this clinic");
    }
  }
  if (await findAccountByEmail(ctx.store.db, input.clinicId, input.email)) {
    throw new DomainError("conflict", "This email already has an account at this clinic.", {
      fields: [{ path: "email", message: "already has an account at this clinic" }],
    });
  }
  return withWriteTransaction(ctx.store, async (trx) => {
    const account = await createAccount(trx, {
      clinicId: input.clinicId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: NO_PASSWORD_YET,
      providerId,
      createdAt: ctx.now(),
    });
    await issuePasswordToken(trx, ctx, account, ACCOUNT_INVITED_EVENT, ctx.authPolicy.invitationHours * 60);
    return account;
  });
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("invalid_input", `${path}: ${message}`, { fields: [{ path, message }] });
}
