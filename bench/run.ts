import { parseArgs } from "node:util";
import type { DialectName } from "../src/store/database.js";
import { runBookingBench } from "./booking.js";
import { type BusyClinic, buildBusyClinic } from "./busy-clinic.js";
import { type BenchDatabase, openBenchDatabase } from "./databases.js";
import { isInterrupted, markInterrupted, progress } from "./harness.js";
import { runHttpBench } from "./http.js";
import { runNotifyBench } from "./notify.js";
import { runPageBench } from "./page.js";
import type { Bench } from "./registry.js";
import { runSlotSearchBench } from "./slots.js";
import { runWebBench } from "./web.js";

/**
 * `npm run --silent bench -- [name…] [--db sqlite|postgres]…`
 * Figures go to stdout, one JSON line each; progress goes to stderr.
 */
const BENCHES: readonly Bench[] = [
  {
    name: "slots",
    summary: "31-day slot search in the busy clinic, per service, without and with a gated patient",
    run: runSlotSearchBench,
  },
  {
    name: "booking",
    summary: "in-process bookAppointment rate, sequential and concurrent, against the raw insert rate",
    run: runBookingBench,
  },
  {
    name: "http",
    summary: "the real server over HTTP (autocannon): booking rate, and 31-day slot search latency",
    run: runHttpBench,
  },
  {
    name: "page",
    summary: "the booking page under 50 patients at once: a month of slots, then a booking, p95 per step",
    run: runPageBench,
  },
  {
    name: "web",
    summary: "the booking page in headless Chromium: time until the month of free times shows, cold and warm",
    run: runWebBench,
  },
  {
    name: "notify",
    summary: "messages dispatched per second to a local SMTP server, with 1 and 2 dispatchers",
    run: runNotifyBench,
  },
];

const DIALECTS: readonly DialectName[] = ["sqlite", "postgres"];

function usage(): string {
  const names = BENCHES.map((b) => `  ${b.name.padEnd(8)} ${b.summary}`).join("\n");
  return `usage: npm run --silent bench -- [all | name…] [--db sqlite|postgres]…\n${names}\n  all      every bench above (the default)`;
}

function parseCommandLine(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stderr.write(`${usage()}\n`);
    process.exit(0);
  }
  const names =
    positionals.length === 0 || positionals.includes("all") ? BENCHES.map((b) => b.name) : positionals;
  const unknown = names.filter((name) => !BENCHES.some((b) => b.name === name));
  const dialects = (values.db ?? [...DIALECTS]) as DialectName[];
  const badDb = dialects.filter((d) => !DIALECTS.includes(d));
  if (unknown.length > 0 || badDb.length > 0) {
    process.stderr.write(`unknown bench or database: ${[...unknown, ...badDb].join(", ")}\n${usage()}\n`);
    process.exit(2);
  }
  // Registry order, whatever the command line's.
  return { benches: BENCHES.filter((b) => names.includes(b.name)), dialects };
}

const open = new Set<BenchDatabase>();

/**
 * Ctrl-C, or a reader that stopped reading (`| head`), still removes the temp file or schema;
 * the bench still running then fails quietly.
 */
function interrupt(reason: string, exitCode: number): void {
  if (isInterrupted()) return;
  progress(`${reason}: cleaning up`);
  markInterrupted();
  void Promise.allSettled([...open].map((db) => db.dispose())).then(() => process.exit(exitCode));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupt(signal, 130));
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  interrupt("stdout closed", 0);
});

async function main(): Promise<void> {
  const { benches, dialects } = parseCommandLine(process.argv.slice(2));
  const started = performance.now();
  for (const [index, dialect] of dialects.entries()) {
    const database = await openBenchDatabase(dialect);
    open.add(database);
    try {
      let clinic: Promise<BusyClinic> | undefined;
      const context = {
        database,
        first: index === 0,
        busyClinic: () => {
          clinic ??= buildBusyClinic(database.store);
          return clinic;
        },
      };
      for (const bench of benches) {
        progress(`${dialect}: ${bench.name}`);
        await bench.run(context);
      }
    } finally {
      await database.dispose();
      open.delete(database);
    }
  }
  progress(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}

try {
  await main();
} catch (error) {
  // Once interrupted, the signal handler exits when the clean-up is done.
  if (!isInterrupted()) throw error;
}
