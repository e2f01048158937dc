import type { MessageChannel, MessageKind } from "./types.js";

/** One message's wording: `{{variable}}`s are filled in when it is sent (see render.ts). */
export interface MessageTemplate {
  subject: string;
  text: string;
  /** Null: the email has a plain-text body only. SMS uses `text` alone. */
  html: string | null;
}

const CLINIC = ["clinicName"] as const;
const BOOKING = [
  ...CLINIC,
  "clinicAddress",
  "patientName",
  "serviceName",
  "startsLocal",
  "timeZone",
  "manageUrl",
] as const;

const CARE = [...CLINIC, "patientName", "serviceName", "startsLocal", "manageUrl"] as const;

/** The variables each kind of message is given; a template may use these and no others. */
export const MESSAGE_VARIABLES: Readonly<Record<MessageKind, readonly string[]>> = {
  signup_confirmation: [...CLINIC, "link", "expiresLocal"],
  signup_attempted: [...CLINIC, "signInUrl", "resetUrl"],
  password_reset: [...CLINIC, "link", "expiresLocal"],
  account_invitation: [...CLINIC, "recipientName", "role", "link", "expiresLocal"],
  admin_setup: [...CLINIC, "recipientName", "link", "expiresLocal"],
  booking_confirmation: BOOKING,
  booking_update: [...BOOKING, "previousStartsLocal"],
  booking_cancellation: BOOKING,
  prep_step: [...CARE, "stepText"],
  session_reminder: [...CARE, "checklist"],
  aftercare_rules: [...CARE, "rules"],
  aftercare_milestone: [...CARE, "milestoneText"],
  check_in: [...CARE, "day", "checkInUrl"],
  maintenance_recall: [...CARE, "bookUrl", "lastSessionLocal"],
  series_nudge: [...CARE, "bookUrl", "sessionNumber", "seriesCount", "opensLocal"],
  waitlist_offer: [...CARE, "offerUrl"],
  booking_needs_move: [...CARE, "reason"],
  alert_raised: [...CLINIC, "patientName", "summary", "codes", "alertUrl"],
};

/** Sample values for a template preview; every variable of every kind has one. */
export const SAMPLE_VARIABLES: Readonly<Record<string, string>> = {
  clinicName: "Glow Skin Studio",
  clinicAddress: "12 Main Street, Springfield",
  recipientName: "Ana Silva",
  patientName: "Ana Silva",
  serviceName: "Microneedling",
  startsLocal: "Sunday, March 15, 2026 at 10:00 AM EDT",
  previousStartsLocal: "Friday, March 13, 2026 at 2:00 PM EDT",
  timeZone: "America/New_York",
  manageUrl: "https://book.example/bookings/sample",
  link: "https://book.example/set-password?token=sample",
  expiresLocal: "Monday, March 16, 2026 at 10:00 AM EDT",
  signInUrl: "https://book.example/signin",
  resetUrl: "https://book.example/signin",
  role: "provider",
  summary: "Redness 3 of 3 on day 3, with warmth.",
  codes: "redness_high, warmth",
  alertUrl: "https://book.example/alerts/sample",
  stepText: "Tretinoin: pause it from today, 7 days before your session on 2026-03-15.",
  checklist: "- Tretinoin: pause it from today.\n- Do not exfoliate tonight.",
  rules: "- No makeup.\n- Stay out of direct sun.",
  milestoneText: "You may wear makeup again.",
  day: "3",
  checkInUrl: "https://book.example/check-ins/sample/3",
  bookUrl: "https://book.example/book",
  lastSessionLocal: "Monday, September 14, 2026 at 10:00 AM EDT",
  sessionNumber: "2",
  seriesCount: "3",
  opensLocal: "Monday, October 12, 2026",
  offerUrl: "https://book.example/waitlist/sample",
  reason: "Your provider is away that day.",
};

function email(subject: string, lines: string[], htmlLines?: string[]): MessageTemplate {
  const html = (htmlLines ?? lines).map((line) => (line === "" ? "" : `<p>${line}</p>`)).join("\n");
  return { subject, text: `${lines.join("\n")}\n`, html };
}

const EMAIL: Record<MessageKind, MessageTemplate> = {
  signup_confirmation: email(
    "Confirm your email for {{clinicName}}",
    [
      "Hello,",
      "",
      "Open this link to finish creating your account at {{clinicName}}:",
      "{{link}}",
      "",
      "The link works once, until {{expiresLocal}}. If you did not sign up, ignore this email.",
    ],
    [
      "Hello,",
      'Open <a href="{{link}}">this link</a> to finish creating your account at {{clinicName}}.',
      "The link works once, until {{expiresLocal}}. If you did not sign up, ignore this email.",
    ],
  ),
  signup_attempted: email("Your account at {{clinicName}}", [
    "Someone tried to sign up at {{clinicName}} with this email, which already has an account.",
    "",
    "Sign in: {{signInUrl}}",
    "Forgot your password? {{resetUrl}}",
    "",
    "If it was not you, you can ignore this email.",
  ]),
  password_reset: email(
    "Reset your password for {{clinicName}}",
    [
      "Open this link to choose a new password:",
      "{{link}}",
      "",
      "The link works once, until {{expiresLocal}}. If you did not ask for it, ignore this email.",
    ],
    [
      'Open <a href="{{link}}">this link</a> to choose a new password.',
      "The link works once, until {{expiresLocal}}. If you did not ask for it, ignore this email.",
    ],
  ),
  account_invitation: email(
    "You are invited to {{clinicName}}",
    [
      "Hello {{recipientName}},",
      "",
      "You have a {{role}} account at {{clinicName}}. Set your password here:",
      "{{link}}",
      "",
      "The link works once, until {{expiresLocal}}.",
    ],
    [
      "Hello {{recipientName}},",
      'You have a {{role}} account at {{clinicName}}. <a href="{{link}}">Set your password</a>.',
      "The link works once, until {{expiresLocal}}.",
    ],
  ),
  admin_setup: email(
    "Set up {{clinicName}}",
    [
      "Hello {{recipientName}},",
      "",
      "{{clinicName}} is ready for you. Set your password to sign in and finish the setup:",
      "{{link}}",
      "",
      "The link works once, until {{expiresLocal}}.",
    ],
    [
      "Hello {{recipientName}},",
      '{{clinicName}} is ready for you. <a href="{{link}}">Set your password</a> to sign in and finish the setup.',
      "The link works once, until {{expiresLocal}}.",
    ],
  ),
  booking_confirmation: email("Your {{serviceName}} on {{startsLocal}}", [
    "Hello {{patientName}},",
    "",
    "Your {{serviceName}} at {{clinicName}} is booked for {{startsLocal}}.",
    "The attached invitation adds it to your calendar.",
    "",
    "See or change it: {{manageUrl}}",
  ]),
  booking_update: email("Moved: your {{serviceName}} is now {{startsLocal}}", [
    "Hello {{patientName}},",
    "",
    "Your {{serviceName}} at {{clinicName}} has moved from {{previousStartsLocal}} to {{startsLocal}}.",
    "The attached invitation updates your calendar.",
    "",
    "See or change it: {{manageUrl}}",
  ]),
  booking_cancellation: email("Cancelled: your {{serviceName}} on {{startsLocal}}", [
    "Hello {{patientName}},",
    "",
    "Your {{serviceName}} at {{clinicName}} on {{startsLocal}} is cancelled.",
    "The attached notice removes it from your calendar.",
    "",
    "Book again: {{manageUrl}}",
  ]),
  prep_step: email("Getting ready for your {{serviceName}}", [
    "Hello {{patientName}},",
    "",
    "{{stepText}}",
    "",
    "Your {{serviceName}} at {{clinicName}}: {{startsLocal}}. {{manageUrl}}",
  ]),
  session_reminder: email("Tomorrow: your {{serviceName}} at {{startsLocal}}", [
    "Hello {{patientName}},",
    "",
    "Your {{serviceName}} at {{clinicName}} is tomorrow, {{startsLocal}}. Before you come:",
    "{{checklist}}",
    "",
    "See or change it: {{manageUrl}}",
  ]),
  aftercare_rules: email("Caring for your skin after your {{serviceName}}", [
    "Hello {{patientName}},",
    "",
    "For the next days:",
    "{{rules}}",
    "",
    "We will remind you as each of these ends, and ask how your skin is doing.",
  ]),
  aftercare_milestone: email("{{milestoneText}}", [
    "Hello {{patientName}},",
    "",
    "{{milestoneText}} Keep up the rest of your aftercare until it ends.",
  ]),
  check_in: email("How is your skin, day {{day}}?", [
    "Hello {{patientName}},",
    "",
    "It is day {{day}} after your {{serviceName}} at {{clinicName}}. Tell us how your skin is doing (one minute):",
    "{{checkInUrl}}",
  ]),
  maintenance_recall: email("Time for your maintenance {{serviceName}}", [
    "Hello {{patientName}},",
    "",
    "Your last {{serviceName}} at {{clinicName}} was on {{lastSessionLocal}}. A maintenance session now keeps the result.",
    "Book it here: {{bookUrl}}",
  ]),
  series_nudge: email("Session {{sessionNumber}} of your {{serviceName}} series can be booked", [
    "Hello {{patientName}},",
    "",
    "From {{opensLocal}} your skin is ready for session {{sessionNumber}} of {{seriesCount}} at {{clinicName}}, and it is not booked yet.",
    "Book it here: {{bookUrl}}",
  ]),
  waitlist_offer: email("A time opened: {{serviceName}} on {{startsLocal}}", [
    "Hello {{patientName}},",
    "",
    "A {{serviceName}} at {{clinicName}} is free on {{startsLocal}}. The first to accept gets it:",
    "{{offerUrl}}",
  ]),
  booking_needs_move: email("Your {{serviceName}} on {{startsLocal}} needs a new time", [
    "Hello {{patientName}},",
    "",
    "We are sorry: your {{serviceName}} at {{clinicName}} on {{startsLocal}} cannot take place as booked.",
    "{{reason}}",
    "",
    "Choose another time: {{manageUrl}}",
  ]),
  alert_raised: email("Check-in alert: {{patientName}}", [
    "A check-in from {{patientName}} is outside the expected course of healing.",
    "",
    "{{summary}}",
    "Signs: {{codes}}",
    "",
    "Open the alert: {{alertUrl}}",
  ]),
};

const SMS: Partial<Record<MessageKind, MessageTemplate>> = {
  prep_step: { subject: "", text: "{{clinicName}}: {{stepText}}", html: null },
  session_reminder: {
    subject: "",
    text: "{{clinicName}}: your {{serviceName}} is tomorrow, {{startsLocal}}. Prep checklist by email. {{manageUrl}}",
    html: null,
  },
  aftercare_milestone: { subject: "", text: "{{clinicName}}: {{milestoneText}}", html: null },
  maintenance_recall: {
    subject: "",
    text: "{{clinicName}}: time for your maintenance {{serviceName}}. Book: {{bookUrl}}",
    html: null,
  },
  waitlist_offer: {
    subject: "",
    text: "{{clinicName}}: {{serviceName}} free on {{startsLocal}}. First to accept gets it: {{offerUrl}}",
    html: null,
  },
  booking_needs_move: {
    subject: "",
    text: "{{clinicName}}: your {{serviceName}} on {{startsLocal}} needs a new time. {{manageUrl}}",
    html: null,
  },
  check_in: {
    subject: "",
    text: "{{clinicName}}: day {{day}} after your session. How is your skin? {{checkInUrl}}",
    html: null,
  },
  booking_confirmation: {
    subject: "",
    text: "{{clinicName}}: your {{serviceName}} is booked for {{startsLocal}}. {{manageUrl}}",
    html: null,
  },
  booking_update: {
    subject: "",
    text: "{{clinicName}}: your {{serviceName}} has moved to {{startsLocal}}. {{manageUrl}}",
    html: null,
  },
  booking_cancellation: {
    subject: "",
    text: "{{clinicName}}: your {{serviceName}} on {{startsLocal}} is cancelled. {{manageUrl}}",
    html: null,
  },
};

/** The wording a clinic gets until its admin writes its own; undefined where a kind has no such channel. */
export function defaultTemplate(kind: MessageKind, channel: MessageChannel): MessageTemplate | undefined {
  return channel === "email" ? EMAIL[kind] : SMS[kind];
}
