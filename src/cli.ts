import { PLAN_USAGE, runPlanCommand } from "./cli/plan.command.js";
import { UsageError } from "./cli/usage-error.js";
import { isDomainError } from "./domain/errors.js";

const USAGE = `usage:
  ${PLAN_USAGE}
  regimen clinic create --slug <slug> --name <name> --time-zone <zone> --admin-email <email> [--admin-name <name>]
  regimen migrate [up|down]
  regimen backup [--out FILE]
  regimen restore FILE [--to DATABASE_URL]
  regimen copy-database --to postgres://…[?schema=name]
  regimen export --clinic <slug> [--out FILE.zip]
  regimen dispatch [--batch <n>] [--claim-seconds <n>]
  regimen webhooks [--batch <n>] [--claim-seconds <n>]
  regimen openapi [file]`;

type Command = (args: string[]) => Promise<string> | string;

const COMMANDS: Record<string, Command> = {
  plan: runPlanCommand,
  clinic: async (args) => (await import("./cli/clinic.command.js")).runClinicCommand(args),
  migrate: async (args) => (await import("./cli/migrate.command.js")).runMigrateCommand(args),
  backup: async (args) => (await import("./cli/backup.command.js")).runBackupCommand(args),
  restore: async (args) => (await import("./cli/backup.command.js")).runRestoreCommand(args),
  "copy-database": async (args) =>
    (await import("./cli/copy-database.command.js")).runCopyDatabaseCommand(args),
  export: async (args) => (await import("./cli/export.command.js")).runExportCommand(args),
  dispatch: async (args) => (await import("./cli/dispatch.command.js")).runDispatchCommand(args),
  webhooks: async (args) => (await import("./cli/webhooks.command.js")).runWebhooksCommand(args),
  openapi: async (args) => (await import("./cli/openapi.command.js")).runOpenApiCommand(args),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(await command(rest));
    return 0;
  } catch (error) {
    // Input mistakes exit 2 with the message alone; a person should never see a stack trace.
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (isDomainError(error) && error.code === "invalid_input") {
      // One line per field reads better in a terminal than the one-line summary.
      const fields = error.details.fields ?? [];
      const lines = fields.length > 0 ? fields.map((f) => `${f.path}: ${f.message}`) : [error.message];
      process.stderr.write(`${lines.join("\n")}\n`);
      return 2;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
