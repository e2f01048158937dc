import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Clinic } from "../../src/domain/clinic/types.js";
import {
  ACCOUNT_INVITED_EVENT,
  PASSWORD_RESET_EVENT,
} from "../../src/services/accounts/password-reset.service.js";
import {
  SIGNUP_ATTEMPTED_EVENT,
  SIGNUP_CONFIRMATION_EVENT,
} from "../../src/services/accounts/registration.service.js";
import { findAccountByEmail } from "../../src/store/account.repository.js";
import { listUnprocessedOutboxEvents } from "../../src/store/outbox.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, unique } from "../factories.js";
import {
  type Actor,
  expectProblem,
  movableClock,
  newActor,
  SAME_ORIGIN,
  sessionCookieOf,
  signUpOverHttp,
  signupTokenFor,
  TEST_NOW,
  testApp,
} from "./harness.js";

describeEachDatabase("sign-in, sessions and accounts", (db) => {
  const clock = movableClock();
  let app: FastifyInstance;
  let clinic: Clinic;

  beforeAll(async () => {
    app = testApp(db.store, {
      clock,
      authPolicy: { maxFailuresPerIp: 1000, resetFailuresPerIp: 1000, publicFormsPerMinute: 10_000 },
    });
    await app.ready();
    clinic = await newClinic(db.store);
  });
  afterAll(() => app.close());

  const login = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/api/v1/auth/login", payload: body, headers });

  describe("login, me, logout", () => {
    let actor: Actor;
    beforeAll(async () => {
      actor = await newActor(db.store, { clinicId: clinic.id, role: "front_desk", name: "Frankie" });
    });

    it("signs in with any letter case of the email and sets a hardened cookie", async () => {
      const res = await login({ email: actor.email.toUpperCase(), password: actor.password });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        account: { email: actor.email, role: "front_desk", name: "Frankie" },
        clinic: { slug: clinic.slug },
      });
      const cookie = res.cookies[0];
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
      expect(cookie?.secure).toBeUndefined();
      expect(JSON.stringify(res.json())).not.toContain("argon2");
    });

    it("marks the cookie Secure when the request came over HTTPS through a trusted proxy", async () => {
      const proxied = testApp(db.store, {
        config: { ...loadConfig({ NODE_ENV: "test", PUBLIC_URL: SAME_ORIGIN }), trustProxy: 1 },
      });
      try {
        const res = await proxied.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: actor.email, password: actor.password },
          headers: { "x-forwarded-proto": "https" },
        });
        expect(res.cookies[0]?.secure).toBe(true);
      } finally {
        await proxied.close();
      }
    });

    it("tells who is signed in, and forgets them after logout (the session is deleted)", async () => {
      const cookie = sessionCookieOf(await login({ email: actor.email, password: actor.password }));
      const me = await app.inject({ url: "/api/v1/me", headers: { cookie } });
      expect(me.json().account.id).toBe(actor.account.id);

      const out = await app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie, origin: SAME_ORIGIN },
      });
      expect(out.statusCode).toBe(204);
      expect(out.cookies[0]).toMatchObject({ value: "" });
      // Replaying the old cookie does not bring the session back.
      expectProblem(await app.inject({ url: "/api/v1/me", headers: { cookie } }), 401, "unauthenticated");
    });

    it("answers 401 alike for a wrong password, an unknown email and an unknown clinic", async () => {
      const wrong = expectProblem(await login({ email: actor.email, password: "not the password" }), 401);
      const unknown = expectProblem(
        await login({ email: "nobody@example.test", password: "whatever1" }),
        401,
      );
      const otherClinic = expectProblem(
        await login({ email: actor.email, password: actor.password, clinic: "no-such-clinic" }),
        401,
      );
      expect(unknown.detail).toBe(wrong.detail);
      expect(otherClinic.detail).toBe(wrong.detail);
    });

    it("expires sessions after the configured hours", async () => {
      const cookie = sessionCookieOf(await login({ email: actor.email, password: actor.password }));
      clock.advance(13 * 60);
      try {
        expectProblem(await app.inject({ url: "/api/v1/me", headers: { cookie } }), 401);
      } finally {
        clock.set(TEST_NOW);
      }
    });

    it("asks for the clinic only when one password opens accounts in two clinics", async () => {
      const other = await newClinic(db.store);
      const email = `${unique("twin")}@example.test`;
      const a = await newActor(db.store, { clinicId: clinic.id, role: "admin", password: "same password!" });
      await db.store.db.updateTable("account").set({ email }).where("id", "=", a.account.id).execute();
      const b = await newActor(db.store, { clinicId: other.id, role: "admin", password: "same password!" });
      await db.store.db.updateTable("account").set({ email }).where("id", "=", b.account.id).execute();

      const ambiguous = expectProblem(
        await login({ email, password: "same password!" }),
        400,
        "invalid_input",
      );
      expect(ambiguous.errors).toEqual([expect.objectContaining({ path: "clinic" })]);
      const res = await login({ email, password: "same password!", clinic: other.slug });
      expect(res.json().clinic.slug).toBe(other.slug);
    });
  });

  describe("sign-in throttling", () => {
    const from = (remoteAddress: string, body: Record<string, unknown>) =>
      app.inject({ method: "POST", url: "/api/v1/auth/login", payload: body, remoteAddress });
    const someAddress = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

    it("delays one email from one address after three failures, and never the owner elsewhere", async () => {
      const actor = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
      const attacker = someAddress();
      for (let i = 0; i < 3; i++) {
        expectProblem(await from(attacker, { email: actor.email, password: "wrong-password" }), 401);
      }
      const waiting = await from(attacker, { email: actor.email, password: actor.password });
      expect(expectProblem(waiting, 429, "too_many_requests").retryAfterSeconds).toBe(1);
      expect(waiting.headers["retry-after"]).toBe("1");

      // The same account from another address: the right password gets in at once.
      const owner = await from("10.250.250.250", { email: actor.email, password: actor.password });
      expect(owner.statusCode, owner.body).toBe(200);

      clock.advance(1);
      try {
        expectProblem(await from(attacker, { email: actor.email, password: "wrong-password" }), 401);
        const longer = await from(attacker, { email: actor.email, password: actor.password });
        expect(expectProblem(longer, 429).retryAfterSeconds).toBe(2);
      } finally {
        clock.set(TEST_NOW);
      }
    });

    it("locks a client address that tries many emails, in the database (seen by another instance)", async () => {
      const strict = testApp(db.store, { clock, authPolicy: { maxFailuresPerIp: 3 } });
      const second = testApp(db.store, { clock, authPolicy: { maxFailuresPerIp: 3 } });
      const address = someAddress();
      const probe = (instance: FastifyInstance, remoteAddress: string) =>
        instance.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: `${unique("probe")}@example.test`, password: "guess-guess" },
          remoteAddress,
        });
      try {
        for (let i = 0; i < 3; i++) expectProblem(await probe(strict, address), 401);
        expectProblem(await probe(second, address), 429);
        expectProblem(await probe(second, "10.250.250.251"), 401);
      } finally {
        await strict.close();
        await second.close();
      }
    });

    it("counts the address the trusted proxy saw, not what the client wrote in X-Forwarded-For", async () => {
      for (const trustProxy of [1, ["127.0.0.1"]] as const) {
        const proxied = testApp(db.store, {
          clock,
          config: { ...loadConfig({ NODE_ENV: "test", PUBLIC_URL: SAME_ORIGIN }), trustProxy },
          authPolicy: { maxFailuresPerIp: 3 },
        });
        const client = someAddress();
        try {
          // The client invents a new leftmost address each time; the proxy appends the real one.
          for (let i = 0; i < 4; i++) {
            const res = await proxied.inject({
              method: "POST",
              url: "/api/v1/auth/login",
              payload: { email: `${unique("probe")}@example.test`, password: "guess-guess" },
              remoteAddress: "127.0.0.1",
              headers: { "x-forwarded-for": `203.0.113.${i}, ${client}` },
            });
            expectProblem(res, i < 3 ? 401 : 429);
          }
        } finally {
          await proxied.close();
        }
      }
    });
  });

  describe("CSRF", () => {
    let actor: Actor;
    beforeAll(async () => {
      actor = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    });
    const write = (headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: `/api/v1/clinics/${clinic.slug}/rooms`,
        payload: { name: unique("Room") },
        headers,
      });

    it("accepts a cookie-authenticated write from our own origin, or with only a same-site Referer", async () => {
      expect((await write(actor.headers)).statusCode).toBe(201);
      const referer = await write({ cookie: actor.headers.cookie, referer: `${SAME_ORIGIN}/app/rooms` });
      expect(referer.statusCode).toBe(201);
    });

    it("compares with the configured public origin, not the Host the request names", async () => {
      // An attacker's page on evil.example, with a Host header to match its Origin.
      const spoofed = await write({ ...actor.headers, host: "evil.example", origin: "http://evil.example" });
      expectProblem(spoofed, 403, "csrf_rejected");
      const forwarded = await write({
        ...actor.headers,
        "x-forwarded-host": "evil.example",
        origin: "http://evil.example",
      });
      expectProblem(forwarded, 403, "csrf_rejected");
      // Our own origin passes whatever Host the request came with.
      expect((await write({ ...actor.headers, host: "internal:8080" })).statusCode).toBe(201);
    });

    it("refuses one from another origin, a null origin, or with neither Origin nor Referer", async () => {
      expectProblem(await write({ ...actor.headers, origin: "https://evil.example" }), 403, "csrf_rejected");
      expectProblem(await write({ ...actor.headers, origin: "null" }), 403, "csrf_rejected");
      expectProblem(await write({ ...actor.headers, origin: "http://localhost:8080" }), 403, "csrf_rejected");
      expectProblem(await write({ cookie: actor.headers.cookie }), 403, "csrf_rejected");
    });

    it("refuses a cross-site sign-in (login CSRF) but not a client without Origin", async () => {
      expectProblem(
        await login({ email: actor.email, password: actor.password }, { origin: "https://evil.example" }),
        403,
        "csrf_rejected",
      );
      expect((await login({ email: actor.email, password: actor.password })).statusCode).toBe(200);
    });

    it("leaves reads alone", async () => {
      const res = await app.inject({
        url: "/api/v1/me",
        headers: { cookie: actor.headers.cookie, origin: "https://evil.example" },
      });
      expect(res.statusCode).toBe(200);
    });
  });

  describe("patient sign-up", () => {
    const register = (body: Record<string, unknown>, slug = clinic.slug) =>
      app.inject({ method: "POST", url: `/api/v1/clinics/${slug}/patients/register`, payload: body });
    const form = (email: string) => ({
      name: "Rae Patient",
      email,
      password: "a long password",
      timeZone: "UTC",
    });

    it("accepts the form, and the emailed link creates the patient and their account and signs them in", async () => {
      const email = `${unique("new")}@Example.test`;
      const res = await signUpOverHttp(app, db.store, clinic, { ...form(email), timeZone: "Europe/Paris" });
      const me = await app.inject({ url: "/api/v1/me", headers: { cookie: sessionCookieOf(res) } });
      expect(me.json()).toMatchObject({
        account: { role: "patient", email: email.toLowerCase() },
        patientId: expect.any(String),
      });
      const patient = await app.inject({
        url: `/api/v1/patients/${me.json().patientId}`,
        headers: { cookie: sessionCookieOf(res) },
      });
      expect(patient.json()).toMatchObject({ name: "Rae Patient", timeZone: "Europe/Paris" });
      const stored = await findAccountByEmail(db.store.db, clinic.id, email);
      const hash = await db.store.db
        .selectFrom("account")
        .select("password_hash")
        .where("id", "=", stored?.id ?? "")
        .executeTakeFirst();
      expect(hash?.password_hash).toMatch(/^\$argon2id\$/);

      const reused = await app.inject({
        method: "POST",
        url: "/api/v1/auth/signup/confirm",
        payload: { token: await signupTokenFor(db.store, clinic, email.toLowerCase()) },
      });
      expect(expectProblem(reused, 400, "invalid_input").errors).toEqual([
        expect.objectContaining({ path: "token" }),
      ]);
    });

    it("answers a taken email exactly as a new one, sets no cookie, and tells the address's owner", async () => {
      const owner = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
      const taken = await register(form(owner.email.toUpperCase()));
      const fresh = await register(form(`${unique("fresh")}@example.test`));
      for (const res of [taken, fresh]) {
        expect(res.statusCode).toBe(202);
        expect(res.cookies).toEqual([]);
      }
      expect(taken.body).toBe(fresh.body);
      expect(taken.json()).toEqual({ status: "accepted" });

      const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 10_000 });
      const told = events.filter(
        (e) => e.type === SIGNUP_ATTEMPTED_EVENT && e.payload.accountId === owner.account.id,
      );
      expect(told).toHaveLength(1);
      expect(told[0]?.payload).not.toHaveProperty("token");
      expect(
        events.some((e) => e.type === SIGNUP_CONFIRMATION_EVENT && e.payload.email === owner.email),
      ).toBe(false);
      // The owner's password still works; the sign-up changed nothing.
      expect((await login({ email: owner.email, password: owner.password })).statusCode).toBe(200);
    });

    it("names each bad field: zone, email, short password", async () => {
      const res = await register({ name: "", email: "nope", password: "short", timeZone: "Mars/Olympus" });
      expect(
        expectProblem(res, 400)
          .errors?.map((e) => e.path)
          .sort(),
      ).toEqual(["email", "name", "password", "timeZone"]);
    });

    it("refuses a guessable password with zxcvbn's advice, and an unknown clinic (404)", async () => {
      const email = `${unique("weak")}@example.test`;
      const weak = expectProblem(
        await register({ ...form(email), password: "password123!" }),
        400,
        "invalid_input",
      );
      expect(weak.errors).toEqual([
        {
          path: "password",
          message:
            "is too easy to guess: this is similar to a commonly used password; add more words that are less common",
        },
      ]);
      const own = expectProblem(await register({ ...form(email), password: email }), 400);
      expect(own.errors?.[0]?.message).toContain("your name or email address");
      expectProblem(await register(form(email), "no-such-clinic"), 404, "not_found");
    });
  });

  describe("password reset", () => {
    it("always answers 202, puts the token only in the outbox, and the token works once", async () => {
      const actor = await newActor(db.store, { clinicId: clinic.id, role: "provider" });
      const unknown = await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/request",
        payload: { email: "nobody@example.test", clinic: clinic.slug },
      });
      expect(unknown.statusCode).toBe(202);

      const res = await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/request",
        payload: { email: actor.email, clinic: clinic.slug },
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: "accepted" });
      const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 1000 });
      const mine = events.filter(
        (e) => e.type === PASSWORD_RESET_EVENT && e.payload.accountId === actor.account.id,
      );
      expect(mine).toHaveLength(1);
      const token = String(mine[0]?.payload.token);
      expect(res.body).not.toContain(token);
      expect(events.some((e) => e.payload.email === "nobody@example.test")).toBe(false);

      const confirm = (password: string) =>
        app.inject({
          method: "POST",
          url: "/api/v1/auth/password-reset/confirm",
          payload: { token, password },
        });
      // The token is checked first: a wrong one is refused whatever the password.
      const wrongToken = await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/confirm",
        payload: { token: "not-a-token", password: "a brand new password" },
      });
      expect(expectProblem(wrongToken, 400).errors).toEqual([expect.objectContaining({ path: "token" })]);
      const weak = expectProblem(await confirm("password1234"), 400, "invalid_input");
      expect(weak.errors).toEqual([expect.objectContaining({ path: "password" })]);
      expect((await confirm("a brand new password")).statusCode).toBe(204);
      // The old session is gone, the old password too; the new one works.
      expectProblem(await app.inject({ url: "/api/v1/me", headers: actor.headers }), 401);
      expectProblem(await login({ email: actor.email, password: actor.password }), 401);
      expect((await login({ email: actor.email, password: "a brand new password" })).statusCode).toBe(200);
      const again = expectProblem(await confirm("yet another passphrase"), 400, "invalid_input");
      expect(again.errors).toEqual([expect.objectContaining({ path: "token" })]);
    });

    it("refuses an expired token", async () => {
      const actor = await newActor(db.store, { clinicId: clinic.id, role: "provider" });
      await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/request",
        payload: { email: actor.email, clinic: clinic.slug },
      });
      const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 1000 });
      const token = String(events.find((e) => e.payload.accountId === actor.account.id)?.payload.token);
      clock.advance(61);
      try {
        const res = await app.inject({
          method: "POST",
          url: "/api/v1/auth/password-reset/confirm",
          payload: { token, password: "a brand new password" },
        });
        expectProblem(res, 400);
      } finally {
        clock.set(TEST_NOW);
      }
    });
  });

  describe("staff invitations", () => {
    it("creates a staff account that can sign in only after setting a password from the invitation", async () => {
      const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
      const email = `${unique("newhire")}@example.test`;
      const provider = await db.store.db
        .selectFrom("provider")
        .select("id")
        .where("clinic_id", "=", clinic.id)
        .executeTakeFirst();
      const invite = (body: Record<string, unknown>) =>
        app.inject({
          method: "POST",
          url: `/api/v1/clinics/${clinic.slug}/staff`,
          headers: admin.headers,
          payload: body,
        });

      const wrongLink = await invite({
        email,
        name: "Nia",
        role: "front_desk",
        providerId: provider?.id ?? crypto.randomUUID(),
      });
      expect(expectProblem(wrongLink, 400).errors).toEqual([expect.objectContaining({ path: "providerId" })]);
      const res = await invite({ email, name: "Nia", role: "front_desk" });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ email, role: "front_desk", providerId: null });
      expectProblem(await invite({ email, name: "Nia", role: "admin" }), 409, "conflict");

      // No password yet: not even a guess of the placeholder opens it.
      expectProblem(await login({ email, password: "!invited" }), 401);
      const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 1000 });
      const token = String(
        events.find((e) => e.type === ACCOUNT_INVITED_EVENT && e.payload.email === email)?.payload.token,
      );
      const set = await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/confirm",
        payload: { token, password: "my own passphrase" },
      });
      expect(set.statusCode).toBe(204);
      expect((await login({ email, password: "my own passphrase" })).json().account.role).toBe("front_desk");

      const staff = await app.inject({ url: `/api/v1/clinics/${clinic.slug}/staff`, headers: admin.headers });
      expect(staff.json().staff.map((a: { email: string }) => a.email)).toContain(email);
      expect(JSON.stringify(staff.json())).not.toContain("invited");
    });
  });

  describe("staff management", () => {
    it("disables, re-enables and re-roles a staff account, ending its sessions; the last admin stays", async () => {
      const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
      const member = await newActor(db.store, { clinicId: clinic.id, role: "provider" });
      const url = `/api/v1/clinics/${clinic.slug}/staff/${member.account.id}`;
      const change = (payload: Record<string, unknown>, target = url, who = admin) =>
        app.inject({ method: "PATCH", url: target, headers: who.headers, payload });

      const disabled = await change({ disabled: true });
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect(disabled.json()).toMatchObject({ id: member.account.id, role: "provider", disabled: true });
      expectProblem(await app.inject({ url: "/api/v1/me", headers: member.headers }), 401);
      expectProblem(await login({ email: member.email, password: member.password }), 403, "forbidden");

      const enabled = await change({ disabled: false, role: "front_desk" });
      expect(enabled.json()).toMatchObject({ role: "front_desk", disabled: false, providerId: null });
      const back = await login({ email: member.email, password: member.password });
      expect(back.json().account.role).toBe("front_desk");

      const revoke = await app.inject({ method: "DELETE", url: `${url}/sessions`, headers: admin.headers });
      expect(revoke.statusCode).toBe(204);
      expectProblem(await app.inject({ url: "/api/v1/me", headers: { cookie: sessionCookieOf(back) } }), 401);

      expectProblem(await change({}), 400, "invalid_input");
      expectProblem(await change({ role: "patient" }), 400, "invalid_input");

      // Alone in its clinic, an admin cannot disable or demote themself.
      const other = await newClinic(db.store);
      const solo = await newActor(db.store, { clinicId: other.id, role: "admin" });
      const self = `/api/v1/clinics/${other.slug}/staff/${solo.account.id}`;
      expectProblem(await change({ disabled: true }, self, solo), 409, "invalid_state");
      expectProblem(await change({ role: "provider" }, self, solo), 409, "invalid_state");
      expect((await app.inject({ url: "/api/v1/me", headers: solo.headers })).json().account.role).toBe(
        "admin",
      );
    });
  });

  it("marks signed-in answers and cookie changes no-store, and leaves public anonymous ones alone", async () => {
    const actor = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const signedIn = await app.inject({ url: "/api/v1/me", headers: actor.headers });
    expect(signedIn.headers["cache-control"]).toBe("no-store");
    const problem = await app.inject({ url: `/api/v1/clinics/${clinic.slug}/staff`, headers: actor.headers });
    expect(problem.statusCode).toBe(403);
    expect(problem.headers["cache-control"]).toBe("no-store");
    const loggedIn = await login({ email: actor.email, password: actor.password });
    expect(loggedIn.headers["cache-control"]).toBe("no-store");
    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: actor.headers });
    expect(out.headers["cache-control"]).toBe("no-store");

    const anonymous = await app.inject({ url: `/api/v1/clinics/${clinic.slug}` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers["cache-control"]).toBeUndefined();
  });

  it("caps the public forms per address (per instance)", async () => {
    const capped = testApp(db.store, { authPolicy: { publicFormsPerMinute: 2 } });
    try {
      const ask = () =>
        capped.inject({
          method: "POST",
          url: "/api/v1/auth/password-reset/request",
          payload: { email: "someone@example.test", clinic: clinic.slug },
        });
      expect((await ask()).statusCode).toBe(202);
      expect((await ask()).statusCode).toBe(202);
      const third = await ask();
      expectProblem(third, 429, "too_many_requests");
      expect(third.headers["retry-after"]).toBeDefined();
    } finally {
      await capped.close();
    }
  });
});
