/** Where the store lives, as read from a `DATABASE_URL`. */
export type DatabaseLocation =
  | { dialect: "sqlite"; path: string }
  | { dialect: "postgres"; connectionString: string; schema: string | undefined };

/** PostgreSQL identifiers we are willing to put on `search_path` unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Accepts `file:<relative or absolute path>`, `file:///absolute/path`, `file::memory:`,
 * and `postgres://` / `postgresql://` with an optional `?schema=name`.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith("file:")) {
    const rest = url.slice("file:".length);
    // `file:///tmp/x.db` is the URL spelling of `/tmp/x.db`; `file:./x.db` is a plain path.
    const path = rest.startsWith("//") ? decodeURIComponent(new URL(url).pathname) : rest;
    if (path === "") throw new Error(`DATABASE_URL has no file path: ${url}`);
    return { dialect: "sqlite", path };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? undefined;
    // `schema` is ours, not libpq's: strip it before pg sees the string.
    parsed.searchParams.delete("schema");
    if (schema !== undefined) assertSchemaName(schema);
    return { dialect: "postgres", connectionString: parsed.toString(), schema };
  }
  throw new Error("DATABASE_URL must start with file:, postgres:// or postgresql://");
}

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema name "${schema}": use lowercase letters, digits and _`);
  }
}
