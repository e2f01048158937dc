import { z } from "zod";
import {
  clinicAddress,
  clinicName,
  clinicPhone,
  clinicProfileChanges,
  clinicSlug,
  emailAddress,
} from "../../domain/clinic/clinic-profile.js";
import { password } from "./account.js";
import { text, timeZone } from "./common.js";

/** First-run set-up: the first clinic, and its admin with the password they will sign in with. */
export const setupBody = z.strictObject({
  slug: clinicSlug,
  name: clinicName,
  timeZone,
  address: clinicAddress.optional(),
  phone: clinicPhone.optional(),
  adminEmail: emailAddress,
  adminName: text({ max: 200 }),
  adminPassword: password,
});

export const setupStatusResponse = z.object({
  /** True while the server holds no clinic: `POST /api/v1/setup` creates the first one. */
  open: z.boolean(),
  /** The clinic created first: the home page of a single-clinic server. Null while set-up is open. */
  clinic: z.object({ slug: z.string(), name: z.string() }).nullable(),
});

/** At least one field; the policy numbers given replace those values, the rest stay. */
export const clinicProfileBody = clinicProfileChanges;
