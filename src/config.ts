import { z } from "zod";
import type { SqliteSynchronous } from "./store/database.js";

/** The only place that reads `process.env`; everything else receives a `Config`. */
export interface Config {
  /** `file:<path>` (SQLite, relative to the working directory or absolute) or `postgres(ql)://…`. */
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  readonly nodeEnv: "development" | "test" | "production";
  /** Pino level for the HTTP log. */
  readonly logLevel: LogLevel;
  /**
   * Behind a load balancer: trust `X-Forwarded-For` / `-Proto` / `-Host` for the client address
   * (login throttling), HTTPS detection (the Secure cookie) and the CSRF origin check.
   */
  readonly trustProxy: boolean;
  /**
   * SQLite only: `full` (the default) makes every acknowledged write survive a power cut;
   * `normal` is faster but a power cut may lose the last acknowledged writes (see `openDatabase`).
   */
  readonly sqliteSynchronous: SqliteSynchronous;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DATABASE_URL = /^(file:.+|postgres(ql)?:\/\/.+)$/;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(DATABASE_URL, "must be file:<path>, postgres://… or postgresql://…")
    .default("file:./data/regimen.db"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  SQLITE_SYNCHRONOUS: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["full", "normal"], { error: "must be full (the default) or normal" }))
    .default("full"),
});

/** Parses and freezes the settings; throws one error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`, { cause: parsed.error });
  }
  const { DATABASE_URL, PORT, HOST, NODE_ENV, LOG_LEVEL, TRUST_PROXY, SQLITE_SYNCHRONOUS } = parsed.data;
  return Object.freeze({
    databaseUrl: DATABASE_URL,
    port: PORT,
    host: HOST,
    nodeEnv: NODE_ENV,
    logLevel: LOG_LEVEL,
    trustProxy: TRUST_PROXY,
    sqliteSynchronous: SQLITE_SYNCHRONOUS,
  });
}
