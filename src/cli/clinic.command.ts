import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { isDomainError } from "../domain/errors.js";
import { DEFAULT_AUTH_POLICY } from "../services/accounts/auth-policy.js";
import { createClinicWithAdmin } from "../services/clinic/onboarding.service.js";
import { openDatabase } from "../store/database.js";
import { migrateToLatest } from "../store/migrate.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const CLINIC_USAGE =
  "regimen clinic create --slug <slug> --name <name> --time-zone <IANA zone> --admin-email <email> [--admin-name <name>] [--address <text>] [--phone <number>]";

/** The page of the web app that takes the link's token, and the API route that page calls. */
export const SET_PASSWORD_PAGE = "/set-password";
export const SET_PASSWORD_ROUTE = "POST /api/v1/auth/password-reset/confirm";

/** Which option each field of the new clinic came from, to name it in an error. */
const OPTION_OF: Readonly<Record<string, string>> = {
  slug: "--slug",
  name: "--name",
  timeZone: "--time-zone",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
  address: "--address",
  phone: "--phone",
};

/**
 * `regimen clinic create`: migrates the database named by DATABASE_URL, then creates a clinic
 * with the default protocol and its first admin, and prints the admin's one-time set-password
 * link (the same link is queued in the outbox for the mailer). Any mistake (a missing option, a
 * bad zone, a slug another clinic has) is one line and exit code 2.
 */
export async function runClinicCommand(args: string[]): Promise<string> {
  const [subcommand, ...rest] = args;
  if (subcommand !== "create") throw new UsageError(`usage: ${CLINIC_USAGE}`);
  const options = parseOptions(rest);
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    const applied = await migrateToLatest(store);
    const created = await createClinicWithAdmin(
      { store, clock: systemClock, authPolicy: DEFAULT_AUTH_POLICY },
      options,
    ).catch((error: unknown) => {
      throw asUsageError(error);
    });
    const origin = config.publicOrigin ?? `http://127.0.0.1:${config.port}`;
    const link = `${origin}${SET_PASSWORD_PAGE}?token=${encodeURIComponent(created.setPasswordToken)}`;
    const { clinic, admin } = created;
    return [
      ...(applied.length > 0 ? [`Migrated ${store.dialect}: ${applied.join(", ")}`] : []),
      `Created clinic "${clinic.slug}" (${clinic.name}, ${clinic.timeZone}) with the default protocol.`,
      `First admin: ${admin.email} (${admin.name}), no password yet.`,
      `One-time link to set the admin's password, valid until ${created.expiresAt} (also queued in the outbox):`,
      `  ${link}`,
      `The page ${SET_PASSWORD_PAGE} sends this token with the new password to ${SET_PASSWORD_ROUTE} ({"token", "password"}).`,
      "",
    ].join("\n");
  } finally {
    await store.close();
  }
}

function parseOptions(args: string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        slug: { type: "string" },
        name: { type: "string" },
        "time-zone": { type: "string" },
        "admin-email": { type: "string" },
        "admin-name": { type: "string" },
        address: { type: "string" },
        phone: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (usage: ${CLINIC_USAGE})`);
  }
  const missing = ["slug", "name", "time-zone", "admin-email"].filter((o) => values[o] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`${missing.map((o) => `--${o}`).join(", ")}: required (usage: ${CLINIC_USAGE})`);
  }
  return {
    slug: values.slug ?? "",
    name: values.name ?? "",
    timeZone: values["time-zone"] ?? "",
    adminEmail: values["admin-email"] ?? "",
    ...(values["admin-name"] !== undefined && { adminName: values["admin-name"] }),
    ...(values.address !== undefined && { address: values.address }),
    ...(values.phone !== undefined && { phone: values.phone }),
  };
}

/** A refusal of the input, as one line naming the options at fault. */
function asUsageError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  if (error.code !== "invalid_input" && error.code !== "conflict") return error;
  const fields = error.details.fields ?? [];
  if (error.code === "conflict" || fields.length === 0) return new UsageError(error.message);
  return new UsageError(fields.map((f) => `${OPTION_OF[f.path] ?? f.path}: ${f.message}`).join("; "));
}
