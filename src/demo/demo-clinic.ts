import type { BookingPolicy, WorkingHours } from "../domain/clinic/types.js";
import type { IntakeInput } from "../domain/protocol/plan-input.schema.js";
import type { AccountRole } from "../store/schema.js";
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "./demo-accounts.js";

/** The demo clinic as data; `seed-demo-clinic.ts` writes it. */
export const DEMO_CLINIC = {
  slug: "demo",
  name: "Regimen Demo Clinic",
  timeZone: "America/New_York",
  policy: {
    minNoticeMinutes: 120,
    slotStepMinutes: 15,
    lateCancelHours: 24,
    maxAdvanceDays: 180,
    maxFutureTreatmentBookings: 6,
    maxConsultationsPerDay: 1,
    maxWaitlistEntries: 3,
  } satisfies BookingPolicy,
} as const;

const ALL_SERVICES = ["microneedling", "microneedling_prp", "rf_microneedling", "consultation"];

function week(days: readonly (1 | 2 | 3 | 4 | 5 | 6)[], startTime: string, endTime: string): WorkingHours[] {
  return days.map((weekday) => ({ weekday, startTime, endTime }));
}

export const DEMO_PROVIDERS = [
  {
    key: "ames",
    name: "Dr. Maya Ames",
    skills: ALL_SERVICES,
    weeklyHours: week([1, 2, 3, 4, 5], "09:00", "17:00"),
  },
  {
    key: "lee",
    name: "Jordan Lee, RN",
    skills: ALL_SERVICES,
    weeklyHours: [...week([2, 3, 4, 5], "10:00", "18:00"), ...week([6], "09:00", "14:00")],
  },
  {
    key: "shah",
    name: "Priya Shah, PA",
    skills: ["microneedling", "microneedling_prp", "consultation"],
    weeklyHours: week([1, 2, 3, 4, 5], "08:00", "16:00"),
  },
  {
    key: "rivera",
    name: "Sam Rivera, LE",
    skills: ["microneedling", "consultation"],
    weeklyHours: [...week([1, 3, 5], "12:00", "20:00"), ...week([6], "10:00", "15:00")],
  },
] as const;

/** Treatments only in treatment rooms; a consultation takes the consult room first, else any room. */
export const DEMO_ROOMS = [
  { name: "Treatment room 1", kind: "treatment" },
  { name: "Treatment room 2", kind: "treatment" },
  { name: "Consult room", kind: "consult" },
] as const;

export const DEMO_DEVICES = [
  { key: "rf", name: "RF microneedling device", kind: "rf" },
  { key: "centrifuge", name: "PRP centrifuge", kind: "centrifuge" },
] as const;

export const DEMO_SERVICES = [
  {
    code: "microneedling",
    name: "Microneedling",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    deviceKinds: [],
    addOn: null,
    isTreatment: true,
    roomKinds: ["treatment"],
  },
  {
    code: "microneedling_prp",
    name: "Microneedling with PRP",
    durationMinutes: 90,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 15,
    deviceKinds: ["centrifuge"],
    addOn: "prp",
    isTreatment: true,
    roomKinds: ["treatment"],
  },
  {
    code: "rf_microneedling",
    name: "RF microneedling",
    durationMinutes: 75,
    bufferAfterMinutes: 15,
    deviceKinds: ["rf"],
    addOn: "rf",
    isTreatment: true,
    roomKinds: ["treatment"],
  },
  {
    code: "consultation",
    name: "Consultation",
    durationMinutes: 30,
    bufferAfterMinutes: 5,
    deviceKinds: [],
    addOn: null,
    isTreatment: false,
    roomKinds: ["consult", "treatment"],
  },
] as const;

export interface DemoPatient {
  key: string;
  name: string;
  email: string;
  timeZone: string;
  /** Days are filled relative to the seeding day: `daysAgo` becomes a date. */
  intake: (daysAgo: (days: number) => string) => IntakeInput;
  /** Reasons a provider has already signed off on this patient's accepted plan. */
  signedOff?: readonly { code: string; reason: string }[];
}

export const DEMO_PATIENTS: readonly DemoPatient[] = [
  {
    key: "avery",
    name: "Avery Quinn",
    email: `patient@${DEMO_EMAIL_DOMAIN}`,
    timeZone: "America/New_York",
    // Still on tretinoin: no slot is offered until the washout after she stops. Her cold-sore
    // history is signed off on her accepted plan, so she can book herself once the washout ends.
    signedOff: [{ code: "cold_sore_history", reason: "Antiviral prophylaxis prescribed" }],
    intake: () => ({
      concerns: [
        { code: "acne_scars", severity: "moderate" },
        { code: "uneven_skin_tone", severity: "mild" },
      ],
      medications: [{ code: "topical_retinoid", ongoing: true }],
      conditions: ["cold_sore_history"],
    }),
  },
  {
    key: "blake",
    name: "Blake Morgan",
    email: `blake@${DEMO_EMAIL_DOMAIN}`,
    timeZone: "America/Chicago",
    intake: () => ({ concerns: [{ code: "fine_lines", severity: "mild" }] }),
  },
  {
    key: "casey",
    name: "Casey Nguyen",
    email: `casey@${DEMO_EMAIL_DOMAIN}`,
    timeZone: "America/Los_Angeles",
    intake: (daysAgo) => ({
      concerns: [
        { code: "loose_skin", severity: "severe" },
        { code: "wrinkles", severity: "moderate" },
      ],
      recentProcedures: [{ code: "botox", on: daysAgo(30) }],
    }),
  },
  {
    key: "dana",
    name: "Dana Ortiz",
    email: `dana@${DEMO_EMAIL_DOMAIN}`,
    timeZone: "America/New_York",
    intake: (daysAgo) => ({
      concerns: [{ code: "hyperpigmentation", severity: "moderate" }],
      medications: [{ code: "isotretinoin", lastTakenOn: daysAgo(60) }],
    }),
  },
];

export interface DemoSignIn {
  email: string;
  role: AccountRole;
  name: string;
  /** The provider (by key) or patient (by key) the account stands for. */
  provider?: string;
  patient?: string;
}

export const DEMO_SIGN_INS: readonly DemoSignIn[] = [
  { email: `admin@${DEMO_EMAIL_DOMAIN}`, role: "admin", name: "Alex Admin" },
  { email: `provider@${DEMO_EMAIL_DOMAIN}`, role: "provider", name: "Dr. Maya Ames", provider: "ames" },
  { email: `frontdesk@${DEMO_EMAIL_DOMAIN}`, role: "front_desk", name: "Frankie Desk" },
  { email: `patient@${DEMO_EMAIL_DOMAIN}`, role: "patient", name: "Avery Quinn", patient: "avery" },
];

export { DEMO_PASSWORD };
