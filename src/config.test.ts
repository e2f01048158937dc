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

  it("is frozen", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("names every bad variable in one error", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", PORT: "http", NODE_ENV: "staging" })).toThrow(
      /DATABASE_URL.*PORT.*NODE_ENV/,
    );
  });
});
