import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { findClinicBySlug } from "../../src/store/clinic.repository.js";
import { describeEachDatabase } from "../databases.js";
import { unique } from "../factories.js";
import { expectProblem, SAME_ORIGIN, sessionCookieOf, testApp } from "./harness.js";

/**
 * First-run set-up on a production server that starts empty: open while no clinic exists, one
 * clinic from two calls at once, closed forever after. Each database of this suite starts empty.
 */
describeEachDatabase("first-run set-up over HTTP [production]", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store, { config: loadConfig({ NODE_ENV: "production", PUBLIC_URL: SAME_ORIGIN }) });
    await app.ready();
  });
  afterAll(() => app.close());

  const form = (slug: string) => ({
    slug,
    name: "Lumen Aesthetics",
    timeZone: "Europe/Paris",
    phone: "+33 1 23 45 67 89",
    adminEmail: `${unique("owner")}@lumen.example`,
    adminName: "Claire Owner",
    adminPassword: `first run ${unique("pw")} copper meadow`,
  });
  const setUp = (payload: object) =>
    app.inject({ method: "POST", url: "/api/v1/setup", headers: { origin: SAME_ORIGIN }, payload });
  const status = async () => (await app.inject({ url: "/api/v1/setup" })).json();
  const clinicCount = async () =>
    Number(
      (
        await db.store.db
          .selectFrom("clinic")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("is open on an empty server, refuses a weak password by its field, and creates nothing then", async () => {
    expect(await status()).toEqual({ open: true, clinic: null });
    const weak = await setUp({ ...form("weak"), adminPassword: "password123" });
    expect(expectProblem(weak, 400, "invalid_input").errors).toContainEqual(
      expect.objectContaining({ path: "adminPassword" }),
    );
    const badZone = await setUp({ ...form("zone"), timeZone: "Mars/Olympus" });
    expect(expectProblem(badZone, 400).errors).toContainEqual(expect.objectContaining({ path: "timeZone" }));
    expect(await clinicCount()).toBe(0);
    expect(await status()).toEqual({ open: true, clinic: null });
  });

  it("two calls at once make one clinic; the admin is signed in; then it answers 409 forever", async () => {
    const [a, b] = [form("first-a"), form("first-b")];
    const answers = await Promise.all([setUp(a), setUp(b)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await clinicCount()).toBe(1);
    const won = answers.find((r) => r.statusCode === 201);
    const lost = answers.find((r) => r.statusCode === 409);
    if (!won || !lost) throw new Error("one call wins");
    expectProblem(lost, 409, "conflict");
    const winner = won.json().clinic.slug === "first-a" ? a : b;
    expect(won.json()).toMatchObject({
      account: { email: winner.adminEmail, name: "Claire Owner", role: "admin" },
      clinic: { slug: winner.slug, name: "Lumen Aesthetics", timeZone: "Europe/Paris" },
    });

    // Signed in as the new admin, who may run the clinic from here.
    const admin = { cookie: sessionCookieOf(won), origin: SAME_ORIGIN };
    const me = await app.inject({ url: "/api/v1/me", headers: admin });
    expect(me.json().account.role).toBe("admin");
    const profile = await app.inject({ url: `/api/v1/clinics/${winner.slug}` });
    expect(profile.json()).toMatchObject({ phone: "+33 1 23 45 67 89", address: null });

    // Audited as the admin's own act.
    const clinic = await findClinicBySlug(db.store.db, winner.slug);
    if (!clinic) throw new Error("the clinic exists");
    expect(await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 10 })).toEqual([
      expect.objectContaining({
        action: "clinic.create",
        actorName: "Claire Owner",
        actorRole: "admin",
        target: { type: "clinic", id: clinic.id },
      }),
    ]);

    expect(await status()).toEqual({ open: false, clinic: { slug: winner.slug, name: "Lumen Aesthetics" } });
    expectProblem(await setUp(form("later")), 409, "conflict");
    expect(await clinicCount()).toBe(1);
  });
});
