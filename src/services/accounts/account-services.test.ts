import { Temporal } from "temporal-polyfill";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../../test/databases.js";
import { newClinic, newProvider, unique } from "../../../test/factories.js";
import { DEMO_EMAIL_DOMAIN } from "../../demo/demo-accounts.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic } from "../../domain/clinic/types.js";
import type { Clock } from "../../domain/time/clock.js";
import type { Store } from "../../store/database.js";
import { listUnprocessedOutboxEvents } from "../../store/outbox.repository.js";
import { refusalOf } from "../test-support.js";
import type { AccountDeps } from "./account-deps.js";
import { DEFAULT_AUTH_POLICY } from "./auth-policy.js";
import {
  ACCOUNT_INVITED_EVENT,
  confirmPasswordReset,
  PASSWORD_RESET_EVENT,
  requestPasswordReset,
} from "./password-reset.service.js";
import { argon2idHasher, TEST_ARGON2 } from "./passwords.js";
import { registerPatient } from "./registration.service.js";
import { getSignedInAccount, resolveSessionToken, signOut } from "./sessions.service.js";
import { signIn } from "./sign-in.service.js";
import { inviteStaff, listStaff } from "./staff-accounts.service.js";

const passwords = argon2idHasher(TEST_ARGON2);
const START = "2030-01-02T15:00:00Z";
const PASSWORD = "a long password";

/** A clock the test moves by hand. */
function handClock(): Clock & { advance(minutes: number): void } {
  let now = Temporal.Instant.from(START);
  return { now: () => now, advance: (minutes) => (now = now.add({ minutes })) };
}

function accountDeps(store: Store, overrides: Partial<AccountDeps> = {}) {
  const clock = handClock();
  const deps: AccountDeps = {
    store,
    clock,
    passwords,
    authPolicy: { ...DEFAULT_AUTH_POLICY, maxFailuresPerEmail: 3, lockMinutes: 10 },
    dummyPasswordHash: () => passwords.hash("timing filler"),
    refuseDemoAccounts: false,
    ...overrides,
  };
  return { deps, clock };
}

describeEachDatabase("account services", (db) => {
  const register = (deps: AccountDeps, clinic: Clinic, email: string) =>
    registerPatient(deps, {
      clinicSlug: clinic.slug,
      name: "Rae",
      email,
      password: PASSWORD,
      timeZone: "UTC",
    });

  it("signs a new patient up with a live session that resolves to them", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const email = `${unique("rae")}@Example.test`;
    const signedUp = await register(deps, clinic, email);
    expect(signedUp.account).toMatchObject({ role: "patient", email: email.toLowerCase() });
    expect(signedUp.clinic.id).toBe(clinic.id);
    expect(signedUp.session.expiresAt).toBe("2030-01-03T03:00:00Z");

    const { principal } = await resolveSessionToken(deps, signedUp.session.token);
    expect(principal).toMatchObject({
      accountId: signedUp.account.id,
      clinicSlug: clinic.slug,
      patientId: signedUp.account.patientId,
    });
    if (!principal) throw new Error("the session resolves");
    expect((await getSignedInAccount(deps, principal)).clinic.slug).toBe(clinic.slug);
  });

  it("refuses a taken email with a conflict on the email field, also when two sign-ups race", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const email = `${unique("twice")}@example.test`;
    await register(deps, clinic, email);
    const again = await refusalOf(register(deps, clinic, email.toUpperCase()));
    expect(again.code).toBe("conflict");
    expect(again.details.fields).toEqual([expect.objectContaining({ path: "email" })]);

    // Both may pass the early check; the account's unique constraint then decides, as a conflict.
    const racing = `${unique("race")}@example.test`;
    const results = await Promise.allSettled([
      register(deps, clinic, racing),
      register(deps, clinic, racing),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r) => r.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "conflict", details: { fields: [{ path: "email" }] } });
  });

  it("ends a session on sign-out and lets it lapse after the policy's hours", async () => {
    const { deps, clock } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const first = await register(deps, clinic, `${unique("p")}@example.test`);
    const { tokenHash } = await resolveSessionToken(deps, first.session.token);
    await signOut(deps, tokenHash);
    expect((await resolveSessionToken(deps, first.session.token)).principal).toBeUndefined();

    const second = await signIn(deps, { email: first.account.email, password: PASSWORD, ip: "10.0.0.1" });
    clock.advance(DEFAULT_AUTH_POLICY.sessionHours * 60 - 1);
    expect((await resolveSessionToken(deps, second.session.token)).principal).toBeDefined();
    clock.advance(1);
    expect((await resolveSessionToken(deps, second.session.token)).principal).toBeUndefined();
  });

  it("refuses demo accounts only where told to", async () => {
    const clinic = await newClinic(db.store);
    const { deps } = accountDeps(db.store);
    const demo = await register(deps, clinic, `${unique("demo")}@${DEMO_EMAIL_DOMAIN}`);
    const attempt = { email: demo.account.email, password: PASSWORD, ip: "10.0.0.2" };
    expect((await signIn(deps, attempt)).account.id).toBe(demo.account.id);
    const production = accountDeps(db.store, { refuseDemoAccounts: true }).deps;
    const refused = await refusalOf(signIn(production, attempt));
    expect(refused).toMatchObject({
      code: "forbidden",
      message: "Demo accounts are disabled in production.",
    });
  });

  it("a password reset sets the password, ends every session and lifts the email's lock", async () => {
    const { deps } = accountDeps(db.store);
    const clinic = await newClinic(db.store);
    const patient = await register(deps, clinic, `${unique("locked")}@example.test`);
    const email = patient.account.email;
    const wrong = { email, password: "not the password", ip: `10.1.${Math.floor(Math.random() * 250)}.1` };
    for (let i = 0; i < 2; i++) expect((await refusalOf(signIn(deps, wrong))).code).toBe("unauthenticated");
    expect((await refusalOf(signIn(deps, wrong))).code).toBe("too_many_requests");

    await requestPasswordReset(deps, { email: email.toUpperCase(), clinicSlug: clinic.slug });
    await requestPasswordReset(deps, { email: "nobody@example.test", clinicSlug: clinic.slug });
    const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 100 });
    expect(events.map((e) => e.type)).toEqual([PASSWORD_RESET_EVENT]);
    const token = String(events[0]?.payload.token);

    await confirmPasswordReset(deps, { token, password: "a brand new password" });
    expect((await resolveSessionToken(deps, patient.session.token)).principal).toBeUndefined();
    const back = await signIn(deps, { ...wrong, password: "a brand new password" });
    expect(back.account.id).toBe(patient.account.id);

    const spent = await refusalOf(confirmPasswordReset(deps, { token, password: "yet another one" }));
    expect(spent).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "token" }] } });
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

    const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 100 });
    expect(events.filter((e) => e.type === ACCOUNT_INVITED_EVENT).map((e) => e.payload.email)).toEqual([
      email,
    ]);
    expect((await listStaff(deps, admin)).map((a) => a.email)).toEqual([email]);
    expect(await listStaff(deps, adminOf(other))).toEqual([]);
  });
});

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
