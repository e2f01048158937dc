import type { TestProject } from "vitest/node";
import {
  ensureBtreeGist,
  isCi,
  type PostgresProbe,
  probePostgres,
  testDatabaseUrl,
  unavailableMessage,
} from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: PostgresProbe;
  }
}

/** Runs once per `vitest` run: probe PostgreSQL and prepare what every schema shares. */
export default async function setup(project: TestProject): Promise<void> {
  const probe = await probePostgres(testDatabaseUrl());
  if (probe.available) {
    await ensureBtreeGist(probe.url);
  } else if (isCi()) {
    // The suites fail one by one too; this line says why at the top of the log.
    console.error(`\n✖ CI=true and ${unavailableMessage(probe)} Store suites on PostgreSQL will FAIL.\n`);
  } else {
    console.warn(
      `\n⚠ ${unavailableMessage(probe)}\n⚠ SKIPPING every PostgreSQL variant of the store suites.\n`,
    );
  }
  project.provide("postgres", probe);
}
