import { z } from "zod";
import { email, id, slug, timeZone, trimmedText } from "./common.js";

/**
 * At least 10 characters (NIST 800-63B favours length over composition rules); at most 200. The
 * account services then refuse guessable ones (common, patterned, the user's own name or email).
 */
export const password = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") })
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");

export const loginBody = z.strictObject({
  email,
  // Any length may be tried at sign-in; a too-short password simply fails to match.
  password: z.string().min(1, "is required").max(200),
  clinic: slug.optional(),
});

export const role = z.enum(["patient", "front_desk", "provider", "admin"]);

/** Response schemas are plain objects: encoding strips any field not listed, so nothing leaks. */
export const meResponse = z.object({
  account: z.object({ id, email: z.string(), name: z.string(), role }),
  clinic: z.object({ slug: z.string(), name: z.string(), timeZone: z.string() }),
  patientId: id.nullable(),
  providerId: id.nullable(),
});

export const passwordResetRequestBody = z.strictObject({ email, clinic: slug });
/** A token we issued is 43 characters; anything longer is not worth a lookup. */
const token = z.string().min(1, "is required").max(200);

export const passwordResetConfirmBody = z.strictObject({ token, password });

export const signupConfirmBody = z.strictObject({ token });

/** The same answer whether or not the email already had an account. */
export const acceptedResponse = z.strictObject({ status: z.literal("accepted") });

export const registerBody = z.strictObject({
  name: trimmedText(200),
  email,
  password,
  timeZone,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{5,30}$/, "must be a phone number")
    .optional(),
});
