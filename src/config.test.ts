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
      sqliteSynchronous: "full",
    });
  });

  it("reads every variable and treats empty ones as unset", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://app@db/regimen?schema=a",
      PORT: "8080",
      HOST: "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      SQLITE_SYNCHRONOUS: "normal",
      UNRELATED: "ignored",
    });
    expect(config).toEqual({
      databaseUrl: "postgresql://app@db/regimen?schema=a",
      port: 8080,
      host: "127.0.0.1",
      nodeEnv: "production",
      logLevel: "warn",
      trustProxy: true,
      sqliteSynchronous: "normal",
    });
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

  it("is frozen", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("names every bad variable in one error", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", PORT: "http", NODE_ENV: "staging" })).toThrow(
      /DATABASE_URL.*PORT.*NODE_ENV/,
    );
  });
});
