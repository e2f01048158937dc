import type { BusyClinic } from "./busy-clinic.js";
import type { BenchDatabase } from "./databases.js";

/** What a bench gets for one database. */
export interface BenchContext {
  database: BenchDatabase;
  /** The busy clinic in this database, built on first use and shared by the benches after. */
  busyClinic(): Promise<BusyClinic>;
  /** True on the run's first database: figures that do not depend on the database print there once. */
  first: boolean;
}

/**
 * A named bench. It runs once per database, in registry order, and prints its own figures;
 * a bench that writes (booking) comes after those that only read the busy clinic.
 */
export interface Bench {
  name: string;
  summary: string;
  run(context: BenchContext): Promise<void>;
}
