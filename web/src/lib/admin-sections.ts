/** The admin's pages, in the order the admin index lists them; each lives at `/admin/<path>`. */
export const ADMIN_SECTIONS = [
  { path: "clinic", title: "Clinic profile", about: "Name, time zone, contact and booking policy." },
  {
    path: "services",
    title: "Services",
    about: "What patients can book, how long it takes and what it needs.",
  },
  { path: "providers", title: "Providers", about: "Who treats, their weekly hours and their time off." },
  { path: "rooms", title: "Rooms and devices", about: "Where sessions happen and the devices they use." },
  { path: "closures", title: "Closures", about: "Days the whole clinic is closed." },
  {
    path: "staff",
    title: "Staff accounts",
    about: "Invite staff, change roles, deactivate, sign out everywhere.",
  },
  {
    path: "templates",
    title: "Message templates",
    about: "The emails and texts patients receive, with a preview.",
  },
  { path: "consents", title: "Consent forms", about: "The consent texts patients sign, by version." },
  { path: "webhooks", title: "Webhooks", about: "Tell other systems about bookings and alerts." },
  { path: "audit", title: "Audit log", about: "Who did what, when; downloadable as CSV." },
  {
    path: "protocol",
    title: "Protocol",
    about: "The clinical rules: spacing, pauses, prep, aftercare, red flags.",
  },
] as const;
