import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, newPatient, unique } from "../../test/factories.js";
import { DomainError } from "../domain/errors.js";
import { createAccount, findAccountByEmail, findAccountsForSignIn } from "./account.repository.js";
import { isUniqueViolation } from "./db-errors.js";

const AT = "2030-01-02T15:00:00Z";

describeEachDatabase("account repository", (ctx) => {
  const newAccount = (clinicId: string, email: string, patientId: string | null = null) =>
    createAccount(ctx.store.db, {
      clinicId,
      email,
      name: "Sam",
      role: patientId === null ? "front_desk" : "patient",
      passwordHash: "not-a-real-hash",
      patientId,
      createdAt: AT,
    });

  it("stores the email trimmed and lower-cased, and finds it in any letter case", async () => {
    const clinic = await newClinic(ctx.store);
    const email = `${unique("sam")}@example.test`;
    const created = await newAccount(clinic.id, `  ${email.toUpperCase()} `);
    expect(created).toMatchObject({ email, createdAt: AT, patientId: null });
    expect(await findAccountByEmail(ctx.store.db, clinic.id, email.toUpperCase())).toEqual(created);
    const [forSignIn] = await findAccountsForSignIn(ctx.store.db, email);
    expect(forSignIn).toEqual({ ...created, passwordHash: "not-a-real-hash" });
  });

  it("answers an email the clinic already has as a conflict on the email field; other clinics may reuse it", async () => {
    const clinic = await newClinic(ctx.store);
    const email = `${unique("dup")}@example.test`;
    await newAccount(clinic.id, email);
    const error = await newAccount(clinic.id, email.toUpperCase()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "conflict", details: { fields: [{ path: "email" }] } });
    expect(isUniqueViolation((error as DomainError).cause)).toBe(true);

    const other = await newClinic(ctx.store);
    expect((await newAccount(other.id, email)).clinicId).toBe(other.id);
  });

  it("leaves a second account for one patient record a database error: that is a bug, not a conflict", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    await newAccount(clinic.id, `${unique("p")}@example.test`, patient.id);
    const error = await newAccount(clinic.id, `${unique("q")}@example.test`, patient.id).catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(DomainError);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
