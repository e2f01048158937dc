import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults to a local SQLite file on 127.0.0.1:3000", () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: "file:./data/regimen.db",
      port: 3000,
      host: "127.0.0.1",
      nodeEnv: "development",
      logLevel: "info",
      trustProxy: false,
      publicOrigin: null,
      sqliteSynchronous: "full",
      dataDir: "./data",
      backupDir: "data/backups",
      backupIntervalHours: 24,
      backupKeep: 7,
      metricsToken: null,
      maxEventLoopDelayMs: 1000,
      maxHeapUsedMb: 0,
      shutdownGraceSeconds: 10,
      smtpUrl: null,
      mailFrom: "Regimen <no-reply@regimen.localhost>",
      smsUrl: null,
      smsToken: null,
      webhookAllowPrivateNetworks: false,
    });
  });

  it("reads every variable and treats empty ones as unset", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://app@db/regimen?schema=a",
      PORT: "8080",
      HOST: "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "1",
      PUBLIC_URL: "https://Book.Example:443/app",
      SQLITE_SYNCHRONOUS: "normal",
      DATA_DIR: "/srv/regimen",
      BACKUP_INTERVAL_HOURS: "6",
      BACKUP_KEEP: "28",
      METRICS_TOKEN: "s3cret-token-for-prometheus",
      MAX_EVENT_LOOP_DELAY_MS: "250",
      MAX_HEAP_USED_MB: "900",
      SHUTDOWN_GRACE_SECONDS: "30",
      SMTP_URL: "smtps://mailer:secret@mail.example:465",
      MAIL_FROM: "Glow Clinic <bookings@glow.example>",
      SMS_URL: "https://sms.example/2010-04-01/Messages",
      SMS_TOKEN: "tok",
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "TRUE",
      UNRELATED: "ignored",
    });
    expect(config).toEqual({
      databaseUrl: "postgresql://app@db/regimen?schema=a",
      port: 8080,
      host: "127.0.0.1",
      nodeEnv: "production",
      logLevel: "warn",
      trustProxy: 1,
      publicOrigin: "https://book.example",
      sqliteSynchronous: "normal",
      dataDir: "/srv/regimen",
      backupDir: "/srv/regimen/backups",
      backupIntervalHours: 6,
      backupKeep: 28,
      metricsToken: "s3cret-token-for-prometheus",
      maxEventLoopDelayMs: 250,
      maxHeapUsedMb: 900,
      shutdownGraceSeconds: 30,
      smtpUrl: "smtps://mailer:secret@mail.example:465",
      mailFrom: "Glow Clinic <bookings@glow.example>",
      smsUrl: "https://sms.example/2010-04-01/Messages",
      smsToken: "tok",
      webhookAllowPrivateNetworks: true,
    });
  });

  it.each([
    ["SMTP_URL", "mail.example:25", "SMTP_URL: must be smtp://"],
    ["SMTP_URL", "http://mail.example", "SMTP_URL: must be smtp://"],
    ["MAIL_FROM", "not an address", "MAIL_FROM: must be an address"],
    ["MAIL_FROM", "Glow <>", "MAIL_FROM: must be an address"],
    ["SMS_URL", "ftp://sms.example", "SMS_URL: must be the http(s) URL"],
    ["WEBHOOK_ALLOW_PRIVATE_NETWORKS", "yes", "WEBHOOK_ALLOW_PRIVATE_NETWORKS: must be true or false"],
  ])("refuses %s=%j", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it.each(["file:/srv/regimen.db", "file:relative.db", "postgres://localhost/x"])("accepts %s", (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it.each([
    ["FULL", "full"],
    [" Normal ", "normal"],
  ])("reads SQLITE_SYNCHRONOUS=%j as %s", (value, expected) => {
    expect(loadConfig({ SQLITE_SYNCHRONOUS: value }).sqliteSynchronous).toBe(expected);
  });

  it.each(["off", "extra", "1", "normal;"])("refuses SQLITE_SYNCHRONOUS=%s, naming the choices", (value) => {
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: value })).toThrow(
      "Invalid configuration: SQLITE_SYNCHRONOUS: must be full (the default) or normal",
    );
  });

  it.each([
    ["false", false],
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    [" 10.0.0.0/8, 192.168.1.7 ,::1, fd00::/8", ["10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8"]],
  ])("reads TRUST_PROXY=%j as %j", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it("refuses TRUST_PROXY=true, which would trust the client's own X-Forwarded-For", () => {
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(
      /TRUST_PROXY: must not be true \(that trusts whatever X-Forwarded-For the client sends\)/,
    );
  });

  it.each(["yes", "10.0.0.300", "10.0.0.0/33", "loadbalancer", "10.0.0.1,", "-1", "1.5"])(
    "refuses TRUST_PROXY=%s, naming the choices",
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        "TRUST_PROXY: must be false, a hop count (1 for one load balancer), or a comma-separated list",
      );
    },
  );

  it.each(["book.example", "ftp://book.example", "https://user:pw@book.example", "http://"])(
    "refuses PUBLIC_URL=%s",
    (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(
        "PUBLIC_URL: must be the http(s) URL browsers use",
      );
    },
  );

  it("sheds load on event-loop delay by default, except under NODE_ENV=test unless asked", () => {
    expect(loadConfig({ NODE_ENV: "production" }).maxEventLoopDelayMs).toBe(1000);
    expect(loadConfig({ NODE_ENV: "test" }).maxEventLoopDelayMs).toBe(0);
    expect(loadConfig({ NODE_ENV: "test", MAX_EVENT_LOOP_DELAY_MS: "200" }).maxEventLoopDelayMs).toBe(200);
  });

  it("keeps backups where BACKUP_DIR says, and turns them off with BACKUP_INTERVAL_HOURS=0", () => {
    const config = loadConfig({ BACKUP_DIR: "/mnt/offsite", BACKUP_INTERVAL_HOURS: "0" });
    expect(config.backupDir).toBe("/mnt/offsite");
    expect(config.backupIntervalHours).toBe(0);
  });

  it.each([
    ["METRICS_TOKEN", "short"],
    ["METRICS_TOKEN", "has a space in the middle"],
    ["BACKUP_KEEP", "0"],
    ["BACKUP_INTERVAL_HOURS", "-1"],
    ["SHUTDOWN_GRACE_SECONDS", "soon"],
  ])("refuses %s=%j, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`Invalid configuration: ${name}: `);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("names every bad variable in one error", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", PORT: "http", NODE_ENV: "staging" })).toThrow(
      /DATABASE_URL.*PORT.*NODE_ENV/,
    );
  });
});
