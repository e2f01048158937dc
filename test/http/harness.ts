import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Temporal } from "temporal-polyfill";
import { expect } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Account } from "../../src/domain/accounts/account.js";
import type { Clinic, Patient } from "../../src/domain/clinic/types.js";
import type { Clock } from "../../src/domain/time/clock.js";
import { buildApp } from "../../src/http/app.js";
import type { AppDeps } from "../../src/http/app-context.js";
import { SESSION_COOKIE } from "../../src/http/auth/session-cookie.js";
import { PROBLEM_CONTENT_TYPE } from "../../src/http/problem.js";
import { argon2idHasher, TEST_ARGON2 } from "../../src/services/accounts/passwords.js";
import { SIGNUP_CONFIRMATION_EVENT } from "../../src/services/accounts/registration.service.js";
import { hashToken, newSecretToken } from "../../src/services/accounts/tokens.js";
import { createAccount } from "../../src/store/account.repository.js";
import { createAuthSession } from "../../src/store/auth-session.repository.js";
import type { Store } from "../../src/store/database.js";
import { listUnprocessedOutboxEvents } from "../../src/store/outbox.repository.js";
import { FilePhotoStorage } from "../../src/store/photo-storage.js";
import type { AccountRole } from "../../src/store/schema.js";
import { unique } from "../factories.js";

/** Real argon2id at a cost that keeps suites fast. */
export const testPasswords = argon2idHasher(TEST_ARGON2);

/** A Wednesday, 10:00 in New York. */
export const TEST_NOW = "2030-01-02T15:00:00Z";

/** A clock tests can move. */
export function movableClock(
  iso = TEST_NOW,
): Clock & { set(iso: string): void; advance(minutes: number): void } {
  let now = Temporal.Instant.from(iso);
  return {
    now: () => now,
    set: (next) => {
      now = Temporal.Instant.from(next);
    },
    advance: (minutes) => {
      now = now.add({ minutes });
    },
  };
}

export function testApp(store: Store, overrides: Partial<AppDeps> = {}): FastifyInstance {
  return buildApp({
    store,
    // What a browser on the app's own pages sends as Origin (the CSRF check compares with it).
    config: loadConfig({ NODE_ENV: "test", PUBLIC_URL: SAME_ORIGIN }),
    clock: movableClock(),
    passwords: testPasswords,
    logger: false,
    // The suites sign up many patients from one address; the cap itself has its own test.
    authPolicy: { publicFormsPerMinute: 10_000 },
    // Uploaded photos go to a folder of the test run, never into the checkout's data folder.
    photos: new FilePhotoStorage(join(tmpdir(), `regimen-test-photos-${process.pid}`)),
    ...overrides,
  });
}

/** The test apps' public origin (and `app.inject`'s Host); a browser on the same site sends it as Origin. */
export const SAME_ORIGIN = "http://localhost:80";

export interface Actor {
  account: Account;
  email: string;
  password: string;
  /** Headers of a same-site browser request with this actor's session. */
  headers: { cookie: string; origin: string };
}

export interface NewActor {
  clinicId: string;
  role: AccountRole;
  patientId?: string | null;
  providerId?: string | null;
  name?: string;
  password?: string;
}

/** An account and an open session for it, written straight to the store (sign-in has its own tests). */
export async function newActor(store: Store, input: NewActor): Promise<Actor> {
  const email = `${unique(input.role)}@example.test`;
  const password = input.password ?? "correct horse battery";
  const account = await createAccount(store.db, {
    clinicId: input.clinicId,
    email,
    name: input.name ?? unique("Staff"),
    role: input.role,
    passwordHash: await testPasswords.hash(password),
    providerId: input.providerId ?? null,
    patientId: input.patientId ?? null,
    createdAt: TEST_NOW,
  });
  const token = newSecretToken();
  await createAuthSession(store.db, {
    tokenHash: hashToken(token),
    accountId: account.id,
    createdAt: TEST_NOW,
    expiresAt: "2099-01-01T00:00:00Z",
  });
  return { account, email, password, headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: SAME_ORIGIN } };
}

export function patientActor(store: Store, clinic: Clinic, patient: Patient): Promise<Actor> {
  return newActor(store, { clinicId: clinic.id, role: "patient", patientId: patient.id, name: patient.name });
}

/** Asserts an RFC 9457 answer with this status (and code) and returns its body. */
export function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  code?: string,
): Record<string, unknown> & { errors?: { path: string; message: string; in?: string }[] } {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
  const body = res.json();
  expect(body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    type: expect.any(String),
  });
  if (code !== undefined) expect(body.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  return body;
}

/** The cookie a response set, as a request header value. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `${cookie.name}=${cookie.value}`;
}

/** A valid intake with an ongoing topical retinoid (7-day washout in the default protocol). */
export const RETINOID_INTAKE = {
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  medications: [{ code: "topical_retinoid", ongoing: true }],
  recentProcedures: [],
  conditions: [],
};

/** The newest sign-up link's token the outbox holds for this (normalized) email. */
export async function signupTokenFor(store: Store, clinic: Clinic, email: string): Promise<string> {
  const events = await listUnprocessedOutboxEvents(store.db, { clinicId: clinic.id, limit: 10_000 });
  const link = events.filter((e) => e.type === SIGNUP_CONFIRMATION_EVENT && e.payload.email === email).at(-1);
  if (!link) throw new Error(`no sign-up link for ${email}`);
  return String(link.payload.token);
}

export interface SignUpForm {
  name: string;
  email: string;
  password: string;
  timeZone: string;
  phone?: string;
}

/**
 * A patient's self sign-up over HTTP, both steps: the form (202), then the emailed link, read from
 * the outbox as the mailer would. Returns the link's answer (201, with the session cookie).
 */
export async function signUpOverHttp(
  app: FastifyInstance,
  store: Store,
  clinic: Clinic,
  form: SignUpForm,
): Promise<LightMyRequestResponse> {
  const requested = await app.inject({
    method: "POST",
    url: `/api/v1/clinics/${clinic.slug}/patients/register`,
    headers: { origin: SAME_ORIGIN },
    payload: form,
  });
  expect(requested.statusCode, requested.body).toBe(202);
  const token = await signupTokenFor(store, clinic, form.email.trim().toLowerCase());
  const confirmed = await app.inject({
    method: "POST",
    url: "/api/v1/auth/signup/confirm",
    headers: { origin: SAME_ORIGIN },
    payload: { token },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(201);
  return confirmed;
}
