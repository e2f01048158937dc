import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../../test/databases.js";
import { newClinic, newProvider, unique } from "../../../test/factories.js";
import { DEMO_EMAIL_DOMAIN } from "../../demo/demo-accounts.js";
import type { Account } from "../../domain/accounts/account.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic } from "../../domain/clinic/types.js";
import type { Clock } from "../../domain/time/clock.js";
import { createAccount } from "../../store/account.repository.js";
import { listAuditEntries } from "../../store/audit.repository.js";
import type { Store } from "../../store/database.js";
import { listUnprocessedOutboxEvents } from "../../store/outbox.repository.js";
import { refusalOf } from "../test-support.js";
import type { AccountDeps } from "./account-deps.js";
import { DEFAULT_AUTH_POLICY } from "./auth-policy.js";
import { pairDelaySeconds } from "./login-throttle.js";
import {
  ACCOUNT_INVITED_EVENT,
  confirmPasswordReset,
  PASSWORD_RESET_EVENT,
  requestPasswordReset,
} from "./password-reset.service.js";
import { argon2idHasher, type PasswordHasher, TEST_ARGON2 } from "./passwords.js";
import {
  confirmPatientSignup,
  requestPatientSignup,
  SIGNUP_ATTEMPTED_EVENT,
  SIGNUP_CONFIRMATION_EVENT,
} from "./registration.service.js";
import { getSignedInAccount, resolveSessionToken, signOut } from "./sessions.service.js";
import { signIn } from "./sign-in.service.js";
import { changeStaffAccount, inviteStaff, listStaff, revokeStaffSessions } from "./staff-accounts.service.js";

const START = "2030-01-02T15:00:00Z";
const PASSWORD = "a long password";

/** Real argon2id at test cost, counting the hashes it makes. */
function countingHasher(): PasswordHasher & { hashes: number } {
  const real = argon2idHasher(TEST_ARGON2);
  const counter = {
    hashes: 0,
    hash: (password: string) => {
      counter.hashes++;
      return real.hash(password);
    },
    verify: real.verify,
  };
  return counter;
}

/** A clock the test moves by hand. */
function handClock(): Clock & { advance(duration: Temporal.DurationLike): void } {
  let now = Temporal.Instant.from(START);
  return { now: () => now, advance: (duration) => (now = now.add(duration)) };
}

function accountDeps(store: Store, overrides: Partial<AccountDeps> = {}) {
  const clock = handClock();
  const passwords = countingHasher();
  const deps: AccountDeps = {
    store,
    clock,
    passwords,
    authPolicy: { ...DEFAULT_AUTH_POLICY, maxFailuresPerIp: 1000, resetFailuresPerIp: 1000 },
    dummyPasswordHash: () => passwords.hash("timing filler"),
    refuseDemoAccounts: false,
    ...overrides,
  };
  return { deps, clock, passwords };
}

/** A fresh client address per call, so tests never share a throttle. */
const address = () => `10.${rnd()}.${rnd()}.${rnd()}`;
const rnd = () => Math.floor(Math.random() * 250);

describe("the sign-in pair's progressive delay", () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 2],
    [5, 4],
    [12, 512],
    [13, 900],
    [1000, 900],
  ])("after failure %i waits %i s", (failures, seconds) => {
    expect(pairDelaySeconds(failures, DEFAULT_AUTH_POLICY)).toBe(seconds);
  });
});

describeEachDatabase("account services", (db) => {
  const outbox = (clinic: Clinic) =>
    listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 1000 });

  /** The sign-up link's token the outbox holds for this email. */
  async function signupToken(clinic: Clinic, email: string): Promise<string> {
    const events = await outbox(clinic);
    const event = [...events]
      .reverse()
      .find((e) => e.type === SIGNUP_CONFIRMATION_EVENT && e.payload.email === email);
    if (!event) throw new Error(`no sign-up link for ${email}`);
    return String(event.payload.token);
  }

  const requestSignup = (deps: AccountDeps, clinic: Clinic, email: string, password = PASSWORD) =>
    requestPatientSignup(deps, { clinicSlug: clinic.slug, name: "Rae", email, password, timeZone: "UTC" });

  /** Both steps of a sign-up, as the patient would do them. */
  async function register(deps: AccountDeps, clinic: Clinic, email: string) {
    await requestSignup(deps, clinic, email);
    return confirmPatientSignup(deps, await signupToken(clinic, email.trim().toLowerCase()));
  }

  it("signs a new patient up only through the emailed link, which opens a live session once", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const email = `${unique("rae")}@Example.test`;
    await requestSignup(deps, clinic, email);
    // Nothing exists yet: signing in with the chosen password fails like any unknown email.
    const early = await refusalOf(signIn(deps, { email, password: PASSWORD, ip: address() }));
    expect(early.code).toBe("unauthenticated");

    const token = await signupToken(clinic, email.toLowerCase());
    const signedUp = await confirmPatientSignup(deps, token);
    expect(signedUp.account).toMatchObject({ role: "patient", email: email.toLowerCase() });
    expect(signedUp.clinic.id).toBe(clinic.id);
    expect(signedUp.session.expiresAt).toBe("2030-01-03T03:00:00Z");
    const { principal } = await resolveSessionToken(deps, signedUp.session.token);
    expect(principal).toMatchObject({
      accountId: signedUp.account.id,
      patientId: signedUp.account.patientId,
    });
    if (!principal) throw new Error("the session resolves");
    expect((await getSignedInAccount(deps, principal)).clinic.slug).toBe(clinic.slug);

    const again = await refusalOf(confirmPatientSignup(deps, token));
    expect(again).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "token" }] } });
  });

  it("answers a taken email exactly as a new one, with the same hashing, and tells the owner", async () => {
    const { deps, passwords } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const taken = await register(deps, clinic, `${unique("taken")}@example.test`);

    const before = passwords.hashes;
    const fresh = await requestSignup(deps, clinic, `${unique("fresh")}@example.test`);
    const forFresh = passwords.hashes - before;
    const existing = await requestSignup(deps, clinic, taken.account.email.toUpperCase());
    expect(existing).toEqual(fresh);
    expect(passwords.hashes - before - forFresh).toBe(forFresh);
    expect(forFresh).toBe(1);

    const told = (await outbox(clinic)).filter((e) => e.type === SIGNUP_ATTEMPTED_EVENT);
    expect(told.map((e) => e.payload)).toEqual([
      { accountId: taken.account.id, email: taken.account.email, clinicSlug: clinic.slug },
    ]);
    // No second link for the taken address, and nothing secret in the note to its owner.
    const links = (await outbox(clinic)).filter(
      (e) => e.type === SIGNUP_CONFIRMATION_EVENT && e.payload.email === taken.account.email,
    );
    expect(links).toHaveLength(1);
  });

  it("creates one account when two links for one email are followed at once", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const email = `${unique("race")}@example.test`;
    await requestSignup(deps, clinic, email);
    await requestSignup(deps, clinic, email);
    const tokens = (await outbox(clinic))
      .filter((e) => e.type === SIGNUP_CONFIRMATION_EVENT && e.payload.email === email)
      .map((e) => String(e.payload.token));
    expect(tokens).toHaveLength(2);
    const results = await Promise.allSettled(tokens.map((token) => confirmPatientSignup(deps, token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r) => r.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "conflict", details: { fields: [{ path: "email" }] } });
  });

  it("refuses a guessable password on sign-up, naming it, before any hashing", async () => {
    const { deps, passwords } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const email = `${unique("weak")}@example.test`;
    for (const weak of ["password123!", "qwertyuiop", email, "Rae Rae Rae Rae"]) {
      const refused = await refusalOf(requestSignup(deps, clinic, email, weak));
      expect(refused.details.fields).toEqual([
        { path: "password", message: expect.stringMatching(/^is too easy to guess: \S/) },
      ]);
    }
    expect(passwords.hashes).toBe(0);
  });

  it("ends a session on sign-out and lets it lapse after the policy's hours", async () => {
    const { deps, clock } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const first = await register(deps, clinic, `${unique("p")}@example.test`);
    const { tokenHash } = await resolveSessionToken(deps, first.session.token);
    await signOut(deps, tokenHash);
    expect((await resolveSessionToken(deps, first.session.token)).principal).toBeUndefined();

    const second = await signIn(deps, { email: first.account.email, password: PASSWORD, ip: address() });
    clock.advance({ minutes: DEFAULT_AUTH_POLICY.sessionHours * 60 - 1 });
    expect((await resolveSessionToken(deps, second.session.token)).principal).toBeDefined();
    clock.advance({ minutes: 1 });
    expect((await resolveSessionToken(deps, second.session.token)).principal).toBeUndefined();
  });

  it("refuses demo accounts only where told to", async () => {
    const clinic = await newClinic(db.store);
    const { deps } = accountDeps(db.store);
    const demo = await register(deps, clinic, `${unique("demo")}@${DEMO_EMAIL_DOMAIN}`);
    const attempt = { email: demo.account.email, password: PASSWORD, ip: address() };
    expect((await signIn(deps, attempt)).account.id).toBe(demo.account.id);
    const production = accountDeps(db.store, { refuseDemoAccounts: true }).deps;
    const refused = await refusalOf(signIn(production, attempt));
    expect(refused).toMatchObject({
      code: "forbidden",
      message: "Demo accounts are disabled in production.",
    });
  });

  it("delays one email from one address progressively, and never the owner at another address", async () => {
    const { deps, clock } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const patient = await register(deps, clinic, `${unique("target")}@example.test`);
    const attacker = { email: patient.account.email, password: "not the password", ip: address() };

    for (let i = 0; i < 3; i++)
      expect((await refusalOf(signIn(deps, attacker))).code).toBe("unauthenticated");
    // Three failures: the pair waits 1 s; each further failure doubles the wait.
    for (const seconds of [1, 2, 4, 8]) {
      const waiting = await refusalOf(signIn(deps, { ...attacker, password: PASSWORD }));
      expect(waiting).toMatchObject({ code: "too_many_requests", details: { retryAfterSeconds: seconds } });
      // The right password from another address gets in while the attacker waits.
      const owner = await signIn(deps, { ...attacker, password: PASSWORD, ip: address() });
      expect(owner.account.id).toBe(patient.account.id);
      clock.advance({ seconds });
      expect((await refusalOf(signIn(deps, attacker))).code).toBe("unauthenticated");
    }

    // A good sign-in from the pair's own address forgives the pair.
    clock.advance({ seconds: 16 });
    expect((await signIn(deps, { ...attacker, password: PASSWORD })).account.id).toBe(patient.account.id);
    for (let i = 0; i < 3; i++)
      expect((await refusalOf(signIn(deps, attacker))).code).toBe("unauthenticated");
  });

  it("locks an address that fails for many emails, at a separate, higher limit", async () => {
    const { deps } = accountDeps(db.store);
    deps.authPolicy = { ...deps.authPolicy, maxFailuresPerIp: 5 };
    const clinic = await newClinic(db.store);
    const patient = await register(deps, clinic, `${unique("someone")}@example.test`);
    const ip = address();
    for (let i = 0; i < 5; i++) {
      const probe = { email: `${unique("probe")}@example.test`, password: "guess guess", ip };
      expect((await refusalOf(signIn(deps, probe))).code).toBe("unauthenticated");
    }
    const locked = await refusalOf(signIn(deps, { email: patient.account.email, password: PASSWORD, ip }));
    expect(locked).toMatchObject({ code: "too_many_requests", details: { retryAfterSeconds: 15 * 60 } });
    expect(
      (await signIn(deps, { email: patient.account.email, password: PASSWORD, ip: address() })).account.id,
    ).toBe(patient.account.id);
  });

  it("a password reset checks the token before hashing, sets the password, ends sessions and spends every other link", async () => {
    const { deps, passwords } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const patient = await register(deps, clinic, `${unique("reset")}@example.test`);
    const email = patient.account.email;
    const ip = address();
    const wrong = { email, password: "not the password", ip };
    for (let i = 0; i < 3; i++) await refusalOf(signIn(deps, wrong));
    expect((await refusalOf(signIn(deps, { ...wrong, password: PASSWORD }))).code).toBe("too_many_requests");

    await requestPasswordReset(deps, { email: email.toUpperCase(), clinicSlug: clinic.slug });
    await requestPasswordReset(deps, { email, clinicSlug: clinic.slug });
    await requestPasswordReset(deps, { email: "nobody@example.test", clinicSlug: clinic.slug });
    const events = (await outbox(clinic)).filter((e) => e.type === PASSWORD_RESET_EVENT);
    expect(events.map((e) => e.payload.email)).toEqual([email, email]);
    const [older, newer] = events.map((e) => String(e.payload.token));
    if (older === undefined || newer === undefined) throw new Error("two links");

    const hashesBefore = passwords.hashes;
    const unknown = await refusalOf(
      confirmPasswordReset(deps, { token: "not-a-token", password: "a brand new password", ip }),
    );
    expect(unknown).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "token" }] } });
    const weak = await refusalOf(confirmPasswordReset(deps, { token: newer, password: "password1234", ip }));
    expect(weak.details.fields).toEqual([expect.objectContaining({ path: "password" })]);
    expect(passwords.hashes).toBe(hashesBefore);

    await confirmPasswordReset(deps, { token: newer, password: "a brand new password", ip });
    expect(passwords.hashes).toBe(hashesBefore + 1);
    expect((await resolveSessionToken(deps, patient.session.token)).principal).toBeUndefined();
    // The reset forgave this address's failures for the email: no wait.
    const back = await signIn(deps, { ...wrong, password: "a brand new password" });
    expect(back.account.id).toBe(patient.account.id);

    for (const token of [newer, older]) {
      const spent = await refusalOf(
        confirmPasswordReset(deps, { token, password: "yet another passphrase", ip }),
      );
      expect(spent).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "token" }] } });
    }
  });

  it("rate-limits reset confirmations per address and per account", async () => {
    const { deps } = accountDeps(db.store);
    deps.authPolicy = { ...deps.authPolicy, resetFailuresPerIp: 3, resetAttemptsPerAccount: 2 };
    const clinic = await newClinic(db.store);
    const patient = await register(deps, clinic, `${unique("limit")}@example.test`);
    await requestPasswordReset(deps, { email: patient.account.email, clinicSlug: clinic.slug });
    const token = String((await outbox(clinic)).find((e) => e.type === PASSWORD_RESET_EVENT)?.payload.token);

    const ip = address();
    for (let i = 0; i < 3; i++) {
      const guess = { token: `guess-${i}`, password: "a brand new password", ip };
      expect((await refusalOf(confirmPasswordReset(deps, guess))).code).toBe("invalid_input");
    }
    const blocked = await refusalOf(
      confirmPasswordReset(deps, { token, password: "a brand new password", ip }),
    );
    expect(blocked.code).toBe("too_many_requests");

    // Per account, from any address: two tries with the right token, then a wait.
    for (let i = 0; i < 2; i++) {
      const weak = { token, password: "password1234", ip: address() };
      expect((await refusalOf(confirmPasswordReset(deps, weak))).code).toBe("invalid_input");
    }
    const third = { token, password: "a brand new password", ip: address() };
    expect((await refusalOf(confirmPasswordReset(deps, third))).code).toBe("too_many_requests");
  });

  it("invites staff of the admin's own clinic, once per email, linked only to its own providers", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const other = await newClinic(db.store);
    const foreignProvider = await newProvider(db.store, other.id);
    const ownProvider = await newProvider(db.store, clinic.id);
    const admin = adminOf(clinic);
    const email = `${unique("hire")}@example.test`;

    const foreign = await refusalOf(
      inviteStaff(deps, admin, { email, name: "Lee", role: "provider", providerId: foreignProvider.id }),
    );
    expect(foreign).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "providerId" }] } });
    const notProvider = await refusalOf(
      inviteStaff(deps, admin, { email, name: "Lee", role: "admin", providerId: ownProvider.id }),
    );
    expect(notProvider.details.fields).toEqual([expect.objectContaining({ path: "providerId" })]);

    const invited = await inviteStaff(deps, admin, {
      email,
      name: "Lee",
      role: "provider",
      providerId: ownProvider.id,
    });
    expect(invited).toMatchObject({ clinicId: clinic.id, providerId: ownProvider.id, role: "provider" });
    const taken = await refusalOf(inviteStaff(deps, admin, { email, name: "Lee again", role: "front_desk" }));
    expect(taken).toMatchObject({ code: "conflict", details: { fields: [{ path: "email" }] } });

    const events = await outbox(clinic);
    const invitation = events.find((e) => e.type === ACCOUNT_INVITED_EVENT);
    expect(invitation?.payload.email).toBe(email);
    expect((await listStaff(deps, admin)).map((a) => a.email)).toEqual([email]);
    expect(await listStaff(deps, adminOf(other))).toEqual([]);

    // Accepting the invitation checks the password's strength against the member's own name.
    const token = String(invitation?.payload.token);
    const weak = await refusalOf(confirmPasswordReset(deps, { token, password: `${email}1`, ip: address() }));
    expect(weak.details.fields).toEqual([expect.objectContaining({ path: "password" })]);
    await confirmPasswordReset(deps, { token, password: "a proper passphrase", ip: address() });
  });

  it("lets an admin disable, re-enable and re-role staff, audited; disabled accounts are shut out", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const admin = await staffAccount(clinic, "admin");
    const member = await staffAccount(clinic, "provider");
    const memberSession = await signIn(deps, { email: member.email, password: PASSWORD, ip: address() });
    const asAdmin = principalOf(admin, clinic);

    const disabled = await changeStaffAccount(deps, asAdmin, member.id, { disabled: true });
    expect(disabled.disabledAt).toBe(START);
    expect((await resolveSessionToken(deps, memberSession.session.token)).principal).toBeUndefined();
    const refused = await refusalOf(signIn(deps, { email: member.email, password: PASSWORD, ip: address() }));
    expect(refused.code).toBe("forbidden");
    // A wrong password still answers as for anyone: only the right one learns of the disabling.
    const wrong = await refusalOf(
      signIn(deps, { email: member.email, password: "guess guess", ip: address() }),
    );
    expect(wrong.code).toBe("unauthenticated");
    // No reset link either.
    await requestPasswordReset(deps, { email: member.email, clinicSlug: clinic.slug });
    expect((await outbox(clinic)).filter((e) => e.type === PASSWORD_RESET_EVENT)).toEqual([]);

    const enabled = await changeStaffAccount(deps, asAdmin, member.id, {
      disabled: false,
      role: "front_desk",
    });
    expect(enabled).toMatchObject({ disabledAt: null, role: "front_desk" });
    const back = await signIn(deps, { email: member.email, password: PASSWORD, ip: address() });
    expect(back.account.role).toBe("front_desk");

    await revokeStaffSessions(deps, asAdmin, member.id);
    expect((await resolveSessionToken(deps, back.session.token)).principal).toBeUndefined();

    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 10 });
    expect(audit.map((e) => [e.action, e.actorId, e.detail])).toEqual(
      expect.arrayContaining([
        [
          "staff.changed",
          admin.id,
          expect.objectContaining({
            accountId: member.id,
            before: { role: "provider", disabled: false },
            after: { role: "provider", disabled: true },
            revokedSessions: 1,
          }),
        ],
        ["staff.sessions_revoked", admin.id, { accountId: member.id, revokedSessions: 1 }],
      ]),
    );

    // Patients and other clinics' staff are not this admin's to change.
    const patient = await register(deps, clinic, `${unique("pat")}@example.test`);
    const notStaff = await refusalOf(
      changeStaffAccount(deps, asAdmin, patient.account.id, { disabled: true }),
    );
    expect(notStaff.code).toBe("not_found");
    const foreign = await staffAccount(await newClinic(db.store), "front_desk");
    expect((await refusalOf(revokeStaffSessions(deps, asAdmin, foreign.id))).code).toBe("not_found");
  });

  it("never leaves a clinic without an enabled admin, even when two admins demote each other at once", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const solo = await staffAccount(clinic, "admin");
    const asSolo = principalOf(solo, clinic);
    for (const change of [{ disabled: true }, { role: "front_desk" as const }]) {
      const refused = await refusalOf(changeStaffAccount(deps, asSolo, solo.id, change));
      expect(refused.code).toBe("invalid_state");
    }

    // Many clinics with two admins who demote or disable each other at the same moment.
    const races = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const own = await newClinic(db.store);
        const [a, b] = [await staffAccount(own, "admin"), await staffAccount(own, "admin")];
        const results = await Promise.allSettled([
          changeStaffAccount(deps, principalOf(a, own), b.id, { role: "provider" }),
          changeStaffAccount(deps, principalOf(b, own), a.id, { disabled: true }),
        ]);
        const admins = await listStaff(deps, principalOf(a, own));
        return {
          succeeded: results.filter((r) => r.status === "fulfilled").length,
          enabledAdmins: admins.filter((x) => x.role === "admin" && x.disabledAt === null).length,
        };
      }),
    );
    expect(races).toEqual(Array.from({ length: 8 }, () => ({ succeeded: 1, enabledAdmins: 1 })));
  });

  /** A staff account with PASSWORD, written straight to the store. */
  async function staffAccount(clinic: Clinic, role: "admin" | "provider" | "front_desk"): Promise<Account> {
    return createAccount(db.store.db, {
      clinicId: clinic.id,
      email: `${unique(role)}@example.test`,
      name: unique("Staff"),
      role,
      passwordHash: await argon2idHasher(TEST_ARGON2).hash(PASSWORD),
      createdAt: START,
    });
  }
});

function principalOf(account: Account, clinic: Clinic): SessionPrincipal {
  return {
    accountId: account.id,
    clinicId: clinic.id,
    clinicSlug: clinic.slug,
    email: account.email,
    name: account.name,
    role: account.role,
    providerId: account.providerId,
    patientId: account.patientId,
  };
}

/** An admin's principal for the clinic: the services need no admin account behind it. */
function adminOf(clinic: Clinic): SessionPrincipal {
  return {
    accountId: crypto.randomUUID(),
    clinicId: clinic.id,
    clinicSlug: clinic.slug,
    email: `${unique("admin")}@example.test`,
    name: "Admin",
    role: "admin",
    providerId: null,
    patientId: null,
  };
}
