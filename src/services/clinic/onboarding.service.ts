import type { Account } from "../../domain/accounts/account.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import {
  DEFAULT_BOOKING_POLICY,
  type NewClinicInput,
  newClinicInput,
} from "../../domain/clinic/clinic-profile.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { parseOrThrow } from "../../domain/validation/field-problems.js";
import { createAccount } from "../../store/account.repository.js";
import {
  anyClinicExists,
  createClinic,
  findFirstClinic,
  lockClinicCreation,
} from "../../store/clinic.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AccountDeps } from "../accounts/account-deps.js";
import { ACCOUNT_INVITED_EVENT, issuePasswordToken } from "../accounts/password-reset.service.js";
import { assertStrongPassword } from "../accounts/password-strength.js";
import { openSession, type SignedIn } from "../accounts/sessions.service.js";
import { auditCommandLineChange, auditSetupChange } from "../audit.js";

/**
 * How a clinic starts. A clinic is created with the built-in default protocol (it saves its own
 * version later), the default booking policy, no services, providers or rooms (its admin adds
 * them over the API), and one admin account:
 *
 * - `createClinicWithAdmin` (the `regimen clinic create` command): any number of clinics, by
 *   whoever runs commands on the server. The admin starts without a usable password and gets a
 *   one-time set-password link, returned to print and queued in the outbox like a staff invitation.
 * - `setUpFirstClinic` (`POST /api/v1/setup`): only while the database holds no clinic at all,
 *   with the admin's password in the request; the admin is signed in. Once any clinic exists it
 *   is refused forever, so it cannot be used to plant a second clinic on a running server.
 */

/** No argon2 hash looks like this, so nobody can sign in until the link is used. */
const NO_PASSWORD_YET = "!invited";

/** What onboarding needs of the account services: the store, the clock, and the link's validity. */
export type OnboardingDeps = Pick<AccountDeps, "store" | "clock" | "authPolicy">;

export interface ClinicOnboarded {
  clinic: Clinic;
  admin: Account;
  /** The one-time token that sets the admin's first password (`confirmPasswordReset` spends it). */
  setPasswordToken: string;
  expiresAt: string;
}

/**
 * Creates a clinic and its first admin, in one transaction with the admin's set-password token,
 * its outbox event and an audit row. A taken slug is a `conflict` on `slug`; a bad zone, slug or
 * email an `invalid_input` naming the field.
 */
export async function createClinicWithAdmin(
  deps: OnboardingDeps,
  input: NewClinicInput,
): Promise<ClinicOnboarded> {
  const parsed = parseOrThrow(newClinicInput, input, "clinic");
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const { clinic, admin } = await writeClinicAndAdmin(trx, parsed, NO_PASSWORD_YET, now);
    const link = await issuePasswordToken(trx, admin, {
      store: deps.store,
      eventType: ACCOUNT_INVITED_EVENT,
      validMinutes: deps.authPolicy.invitationHours * 60,
      now,
    });
    await auditCommandLineChange(
      trx,
      clinic.id,
      "clinic.create",
      now,
      { type: "clinic", id: clinic.id },
      {
        slug: clinic.slug,
        adminAccountId: admin.id,
      },
    );
    return { clinic, admin, setPasswordToken: link.token, expiresAt: link.expiresAt };
  });
}

export interface FirstClinic extends NewClinicInput {
  adminName: string;
  adminPassword: string;
}

export interface FirstRunStatus {
  open: boolean;
  /** The clinic created first (the home the public web app shows); null while set-up is open. */
  clinic: { slug: string; name: string } | null;
}

/** Whether set-up is open and, once it is not, which clinic the public pages open on. */
export async function getFirstRunStatus(deps: Pick<AccountDeps, "store">): Promise<FirstRunStatus> {
  const clinic = await findFirstClinic(deps.store.db);
  return { open: clinic === undefined, clinic: clinic ? { slug: clinic.slug, name: clinic.name } : null };
}

/**
 * First-run set-up: creates the first clinic and its admin with the given password, and signs the
 * admin in. Refused with `conflict` as soon as any clinic exists (checked first, before any
 * hashing, and again under a lock inside the transaction, so two racing calls create one clinic).
 */
export async function setUpFirstClinic(deps: AccountDeps, input: FirstClinic): Promise<SignedIn> {
  const { adminPassword, ...rest } = input;
  const parsed = parseOrThrow(newClinicInput, rest, "clinic");
  if (await anyClinicExists(deps.store.db)) throw setupClosed();
  withPasswordPath(() =>
    assertStrongPassword(adminPassword, { email: parsed.adminEmail, name: input.adminName }),
  );
  // Hash before the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await deps.passwords.hash(adminPassword);
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await lockClinicCreation(trx, deps.store.dialect);
    if (await anyClinicExists(trx)) throw setupClosed();
    const { clinic, admin } = await writeClinicAndAdmin(trx, parsed, passwordHash, now);
    const principal: SessionPrincipal = {
      accountId: admin.id,
      clinicId: clinic.id,
      clinicSlug: clinic.slug,
      email: admin.email,
      name: admin.name,
      role: admin.role,
      providerId: null,
      patientId: null,
    };
    await auditSetupChange(
      trx,
      principal,
      "clinic.create",
      now,
      { type: "clinic", id: clinic.id },
      {
        slug: clinic.slug,
        firstRun: true,
      },
    );
    return { account: admin, clinic, session: await openSession(trx, deps.authPolicy, admin.id, now) };
  });
}

async function writeClinicAndAdmin(
  trx: Executor,
  input: ReturnType<typeof newClinicInput.parse>,
  passwordHash: string,
  now: string,
): Promise<{ clinic: Clinic; admin: Account }> {
  const clinic = await createClinic(trx, {
    slug: input.slug,
    name: input.name,
    timeZone: input.timeZone,
    policy: { ...DEFAULT_BOOKING_POLICY },
    address: input.address ?? null,
    phone: input.phone ?? null,
    createdAt: now,
  });
  const admin = await createAccount(trx, {
    clinicId: clinic.id,
    email: input.adminEmail,
    name: input.adminName ?? nameFromEmail(input.adminEmail),
    role: "admin",
    passwordHash,
    createdAt: now,
  });
  return { clinic, admin };
}

/** `jo.smith@clinic.example` → `jo.smith`: a placeholder the admin can live with until renamed. */
function nameFromEmail(email: string): string {
  return email.split("@")[0] || email;
}

/** The password check names `password`; in this request the field is `adminPassword`. */
function withPasswordPath(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!isDomainError(error) || error.code !== "invalid_input") throw error;
    const fields = (error.details.fields ?? []).map((f) =>
      f.path === "password" ? { ...f, path: "adminPassword" } : f,
    );
    throw new DomainError("invalid_input", error.message, { ...error.details, fields }, { cause: error });
  }
}

function setupClosed(): DomainError {
  return new DomainError(
    "conflict",
    "First-run set-up is closed: this server already has a clinic. An admin of it adds staff; the command line adds clinics.",
  );
}
