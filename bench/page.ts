import { randomUUID } from "node:crypto";
import type { Weekday, WorkingHours } from "../src/domain/clinic/types.js";
import { SESSION_COOKIE } from "../src/http/auth/session-cookie.js";
import { hashToken, newSecretToken } from "../src/services/accounts/tokens.js";
import { createAccount } from "../src/store/account.repository.js";
import { createAuthSession } from "../src/store/auth-session.repository.js";
import { createClinic } from "../src/store/clinic.repository.js";
import type { Store } from "../src/store/database.js";
import { createPatient } from "../src/store/patient.repository.js";
import { createProvider } from "../src/store/provider.repository.js";
import { createService } from "../src/store/service.repository.js";
import { withWriteTransaction } from "../src/store/transaction.js";
import { emit, isInterrupted, percentile, progress, round } from "./harness.js";
import type { BenchContext } from "./registry.js";
import { type BenchServer, startBenchServer } from "./server.js";

/**
 * The booking page under a crowd: `patients` signed-in patients at once, each loading a month of
 * free times (`GET …/slots`, as the page does) and booking one of them at random
 * (`POST /api/v1/bookings`), against the real server. Patients who pick a time another has
 * just taken get a 409 and pick again from the month they loaded, as a person would. Waves of
 * fresh patients follow one another; the figures are per step over every patient of every wave.
 */
const PAGE = {
  patients: 50,
  waves: 4,
  service: "consultation",
  /** 4 providers, 09:00–17:00 every day, 30 minutes: a month is just under the default 2,000 slots. */
  providers: 4,
  stepMinutes: 30,
  days: 31,
  /** Picks after a 409 before the patient gives up (counted as a failure). */
  maxTries: 5,
};

interface PagePatient {
  patientId: string;
  cookie: string;
}

interface PageClinic {
  slug: string;
  patients: PagePatient[];
  from: string;
  to: string;
}

export async function runPageBench(context: BenchContext): Promise<void> {
  const { store } = context.database;
  const clinic = await preparePageClinic(store, PAGE.patients * PAGE.waves + 1);
  if (isInterrupted()) return;
  const server = await startBenchServer(context.database.serverUrl);
  try {
    // One patient alone first: the server's JIT and caches warm up untimed.
    const [warm, ...rest] = clinic.patients;
    if (warm) await visit(server, clinic, warm);
    const steps = { slots: [] as number[], book: [] as number[], whole: [] as number[] };
    let retries = 0;
    let failures = 0;
    for (let wave = 0; wave < PAGE.waves && !isInterrupted(); wave++) {
      const crowd = rest.slice(wave * PAGE.patients, (wave + 1) * PAGE.patients);
      const visits = await Promise.all(crowd.map((patient) => visit(server, clinic, patient)));
      for (const v of visits) {
        steps.slots.push(v.slotsMs);
        if (v.booked) steps.book.push(v.bookMs);
        else failures++;
        steps.whole.push(v.slotsMs + v.bookMs);
        retries += v.tries - 1;
      }
    }
    for (const [step, samples] of Object.entries(steps)) {
      const sorted = [...samples].sort((a, b) => a - b);
      emit({
        bench: "booking_page",
        db: store.dialect,
        step,
        patients_at_once: PAGE.patients,
        p50_ms: round(percentile(sorted, 50), 1),
        p95_ms: round(percentile(sorted, 95), 1),
        max_ms: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
        count: sorted.length,
        ...(step === "book" ? { retries, failures } : {}),
      });
    }
    progress(
      `${store.dialect} booking_page: ${steps.book.length} booked, ${retries} re-picks, ${failures} gave up`,
    );
  } finally {
    await server.stop();
  }
}

/** One patient's visit: the month of slots, then a booking; times in ms. */
async function visit(server: BenchServer, clinic: PageClinic, patient: PagePatient) {
  const headers = { cookie: patient.cookie, origin: server.baseUrl };
  const query = new URLSearchParams({ service: PAGE.service, from: clinic.from, to: clinic.to });
  let started = performance.now();
  const response = await fetch(`${server.baseUrl}/api/v1/clinics/${clinic.slug}/slots?${query}`, { headers });
  const body = (await response.json()) as { slots?: { startsAt: string; providerId: string }[] };
  const slotsMs = performance.now() - started;
  const slots = body.slots ?? [];
  if (response.status !== 200 || slots.length === 0) {
    progress(`slots answered ${response.status} with ${slots.length} slots`);
    return { slotsMs, bookMs: 0, booked: false, tries: 1 };
  }
  started = performance.now();
  const key = randomUUID();
  for (let tries = 1; tries <= PAGE.maxTries; tries++) {
    const slot = slots[Math.floor(Math.random() * slots.length)] as (typeof slots)[number];
    const booking = await fetch(`${server.baseUrl}/api/v1/bookings`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "idempotency-key": `${key}-${tries}` },
      body: JSON.stringify({
        patientId: patient.patientId,
        service: PAGE.service,
        startsAt: slot.startsAt,
        providerId: slot.providerId,
      }),
    });
    const text = await booking.text();
    if (booking.status === 201) return { slotsMs, bookMs: performance.now() - started, booked: true, tries };
    if (booking.status !== 409) {
      progress(`booking answered ${booking.status}: ${text.slice(0, 300)}`);
      break;
    }
  }
  return { slotsMs, bookMs: performance.now() - started, booked: false, tries: PAGE.maxTries };
}

/** A UTC clinic open every day, `count` patients each with an account and a live session. */
async function preparePageClinic(store: Store, count: number): Promise<PageClinic> {
  const now = new Date();
  const madeAt = now.toISOString();
  const tokens = Array.from({ length: count }, () => newSecretToken());
  return withWriteTransaction(store, async (trx) => {
    const clinic = await createClinic(trx, {
      slug: `page-bench-${randomUUID().slice(0, 8)}`,
      name: "Booking page bench clinic",
      timeZone: "UTC",
      policy: { minNoticeMinutes: 120, slotStepMinutes: 30, lateCancelHours: 24, maxAdvanceDays: 365 },
      createdAt: madeAt,
    });
    await createService(trx, {
      clinicId: clinic.id,
      code: PAGE.service,
      name: "Consultation",
      durationMinutes: PAGE.stepMinutes,
      needsRoom: false,
      deviceKinds: [],
      addOn: null,
      isTreatment: false,
    });
    const weeklyHours: WorkingHours[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday: weekday as Weekday,
      startTime: "09:00",
      endTime: "17:00",
    }));
    for (let i = 0; i < PAGE.providers; i++) {
      await createProvider(trx, {
        clinicId: clinic.id,
        name: `Provider ${i + 1}`,
        skills: [PAGE.service],
        weeklyHours,
      });
    }
    const patients: PagePatient[] = [];
    for (const token of tokens) {
      const patient = await createPatient(trx, {
        clinicId: clinic.id,
        name: `Page patient ${patients.length + 1}`,
        email: `${randomUUID()}@example.test`,
        timeZone: "UTC",
        createdAt: madeAt,
      });
      const account = await createAccount(trx, {
        clinicId: clinic.id,
        email: patient.email ?? "",
        name: patient.name,
        role: "patient",
        passwordHash: "not-used",
        patientId: patient.id,
        createdAt: madeAt,
      });
      await createAuthSession(trx, {
        tokenHash: hashToken(token),
        accountId: account.id,
        createdAt: madeAt,
        expiresAt: "2099-01-01T00:00:00Z",
      });
      patients.push({ patientId: patient.id, cookie: `${SESSION_COOKIE}=${token}` });
    }
    const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2);
    return {
      slug: clinic.slug,
      patients,
      from: new Date(firstDay).toISOString(),
      to: new Date(firstDay + PAGE.days * 86_400_000).toISOString(),
    };
  });
}
