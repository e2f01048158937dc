import pg from "pg";

/** Where store tests find PostgreSQL; each suite isolates itself in a fresh schema there. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
}

export function isCi(): boolean {
  return process.env.CI === "true";
}

export type PostgresProbe =
  | { url: string; available: true }
  | { url: string; available: false; reason: string };

/** One connection attempt with a short timeout; never throws. */
export async function probePostgres(url: string): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return { url, available: true };
  } catch (error) {
    return { url, available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates btree_gist (needed by the exclusion constraint) once for the whole run. Several runs or
 * workers may race on `create extension if not exists`; the loser sees a unique or duplicate-object
 * error although the extension now exists, which is fine.
 */
export async function ensureBtreeGist(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create extension if not exists btree_gist with schema public");
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42710") throw error;
  } finally {
    await client.end();
  }
}

export function unavailableMessage(probe: PostgresProbe & { available: false }): string {
  return `PostgreSQL is unreachable at ${probe.url} (${probe.reason}). Start it with \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\` or set TEST_DATABASE_URL.`;
}
