import { isIP } from "node:net";
import { join } from "node:path";
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
   * Which proxies' `X-Forwarded-For` / `-Proto` to believe, for the client address (sign-in
   * throttling) and HTTPS detection (the Secure cookie): `false` (none, the default), a hop count
   * (`1`: the one load balancer in front; the address it appended is the client), or the proxies'
   * addresses and CIDR ranges. Never "the leftmost entry": the client writes that one itself.
   */
  readonly trustProxy: TrustProxy;
  /**
   * The origin (scheme, host, port) browsers use to reach the app, e.g. `https://book.example`;
   * unsafe cookie requests must come from it (the CSRF check). Unset: the loopback names
   * (`localhost`, `127.0.0.1`, `[::1]`) and `HOST` itself, at the port the request came in on.
   */
  readonly publicOrigin: string | null;
  /**
   * SQLite only: `full` (the default) makes every acknowledged write survive a power cut;
   * `normal` is faster but a power cut may lose the last acknowledged writes (see `openDatabase`).
   */
  readonly sqliteSynchronous: SqliteSynchronous;
  /**
   * The folder for files the server keeps beside its database: outgoing mail when no SMTP server is
   * set, uploaded photos, backups. Relative paths are from the working directory.
   */
  readonly dataDir: string;
  /** Where backups go (`BACKUP_DIR`, default `<dataDir>/backups`). */
  readonly backupDir: string;
  /** Hours between the running server's SQLite backups; 0 turns them off. */
  readonly backupIntervalHours: number;
  /** How many scheduled backups to keep (older ones are deleted after each new one). */
  readonly backupKeep: number;
  /** The bearer token `GET /metrics` asks for; null: the route does not exist. */
  readonly metricsToken: string | null;
  /**
   * Load shedding: answer 503 while the event loop lags more than this (ms); 0 turns the check off.
   * Default 1000, and 0 when NODE_ENV is test.
   */
  readonly maxEventLoopDelayMs: number;
  /** Load shedding: answer 503 while the V8 heap uses more than this (MiB); 0 turns the check off. */
  readonly maxHeapUsedMb: number;
  /** Seconds a stopping server gives requests in flight before it closes anyway. */
  readonly shutdownGraceSeconds: number;
  /**
   * `smtp://user:pass@host:587` or `smtps://…:465`: where email goes. Unset: each email is written
   * as an .eml file under `<dataDir>/outbox/`, so a new install shows what it would send.
   */
  readonly smtpUrl: string | null;
  /** The sender of every email, e.g. `Glow Clinic <bookings@glow.example>`. */
  readonly mailFrom: string;
  /**
   * A Twilio-style SMS endpoint (form POST, `Idempotency-Key` header) and its bearer token.
   * Unset: each text is written under `<dataDir>/outbox/sms/`.
   */
  readonly smsUrl: string | null;
  readonly smsToken: string | null;
  /**
   * Whether webhook endpoints may be on private networks (loopback, 10/8, 172.16/12, 192.168/16,
   * link-local, …). Off by default, so a clinic admin cannot reach the server's own network
   * through a webhook; turn it on for a receiver inside the clinic's network.
   */
  readonly webhookAllowPrivateNetworks: boolean;
}

/** Fastify's `trustProxy`: a hop count or the trusted proxies' addresses and CIDR ranges. */
export type TrustProxy = false | number | readonly string[];

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
  TRUST_PROXY: z.string().trim().default("false").transform(parseTrustProxy),
  PUBLIC_URL: z.string().trim().optional().transform(parsePublicUrl),
  SQLITE_SYNCHRONOUS: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["full", "normal"], { error: "must be full (the default) or normal" }))
    .default("full"),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  BACKUP_DIR: z.string().trim().min(1).optional(),
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(24),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, "must be at least 16 characters (it guards the metrics)")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional(),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  MAX_HEAP_USED_MB: z.coerce.number().int().min(0).max(1_048_576).default(0),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/[^/\s]+/, "must be smtp://[user:pass@]host[:port] or smtps://…")
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^([^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      "must be an address, e.g. Glow <bookings@glow.example>",
    )
    .default("Regimen <no-reply@regimen.localhost>"),
  SMS_URL: z.url({ protocol: /^https?$/, error: "must be the http(s) URL of the SMS API" }).optional(),
  SMS_TOKEN: z.string().trim().min(1).optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"], { error: "must be true or false (the default)" }))
    .default("false")
    .transform((value) => value === "true"),
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
  const {
    DATABASE_URL,
    PORT,
    HOST,
    NODE_ENV,
    LOG_LEVEL,
    TRUST_PROXY,
    PUBLIC_URL,
    SQLITE_SYNCHRONOUS,
    DATA_DIR,
    BACKUP_DIR,
    BACKUP_INTERVAL_HOURS,
    BACKUP_KEEP,
    METRICS_TOKEN,
    MAX_EVENT_LOOP_DELAY_MS,
    MAX_HEAP_USED_MB,
    SHUTDOWN_GRACE_SECONDS,
    SMTP_URL,
    MAIL_FROM,
    SMS_URL,
    SMS_TOKEN,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  } = parsed.data;
  return Object.freeze({
    databaseUrl: DATABASE_URL,
    port: PORT,
    host: HOST,
    nodeEnv: NODE_ENV,
    logLevel: LOG_LEVEL,
    trustProxy: TRUST_PROXY,
    publicOrigin: PUBLIC_URL,
    sqliteSynchronous: SQLITE_SYNCHRONOUS,
    dataDir: DATA_DIR,
    backupDir: BACKUP_DIR ?? join(DATA_DIR, "backups"),
    backupIntervalHours: BACKUP_INTERVAL_HOURS,
    backupKeep: BACKUP_KEEP,
    metricsToken: METRICS_TOKEN ?? null,
    // Off by default under test: a loaded CI machine stalls the test process itself, and the
    // suites' own requests would be shed. Tests that check shedding turn it on.
    maxEventLoopDelayMs: MAX_EVENT_LOOP_DELAY_MS ?? (NODE_ENV === "test" ? 0 : 1000),
    maxHeapUsedMb: MAX_HEAP_USED_MB,
    shutdownGraceSeconds: SHUTDOWN_GRACE_SECONDS,
    smtpUrl: SMTP_URL ?? null,
    mailFrom: MAIL_FROM,
    smsUrl: SMS_URL ?? null,
    smsToken: SMS_TOKEN ?? null,
    webhookAllowPrivateNetworks: WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  });
}

const TRUST_PROXY_HELP =
  "must be false, a hop count (1 for one load balancer), or a comma-separated list of proxy addresses or CIDR ranges";

/**
 * `false`/`0` trust nobody; a whole number trusts that many hops; otherwise a list of addresses
 * and CIDR ranges. `true` is refused: it would take the leftmost X-Forwarded-For entry, which the
 * client writes, as its address, and so let anyone pick the address the throttles count.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  if (value === "false" || value === "0") return false;
  if (value === "true") {
    ctx.addIssue({
      code: "custom",
      message: `must not be true (that trusts whatever X-Forwarded-For the client sends); ${TRUST_PROXY_HELP.slice(5)}`,
    });
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 100) return hops;
  }
  const entries = value.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) {
    ctx.addIssue({ code: "custom", message: TRUST_PROXY_HELP });
    return false;
  }
  return Object.freeze(entries);
}

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The origin of an http(s) URL (its path, if any, plays no part in the origin check). */
function parsePublicUrl(value: string | undefined, ctx: z.RefinementCtx): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.username === "" &&
      url.password === ""
    ) {
      return url.origin;
    }
  } catch {
    // Reported below.
  }
  ctx.addIssue({
    code: "custom",
    message: "must be the http(s) URL browsers use, e.g. https://book.example",
  });
  return null;
}
