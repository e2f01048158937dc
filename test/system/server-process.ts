import { type BenchServer, startBenchServer } from "../../bench/server.js";

/** The real server (`src/main.ts`) in its own process; the benchmarks start it the same way. */
export type RunningServer = BenchServer;
export const startServer = startBenchServer;

/** The database URL a server process needs to see what this suite's store sees. */
export function serverDatabaseUrl(ctx: { url: string; schema: string | undefined }): string {
  if (ctx.schema === undefined) return ctx.url;
  const url = new URL(ctx.url);
  url.searchParams.set("schema", ctx.schema);
  return url.toString();
}
