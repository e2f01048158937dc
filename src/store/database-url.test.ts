import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./database-url.js";

describe("parseDatabaseUrl", () => {
  it.each([
    ["file:./data/regimen.db", "./data/regimen.db"],
    ["file:data/regimen.db", "data/regimen.db"],
    ["file:/var/lib/regimen/regimen.db", "/var/lib/regimen/regimen.db"],
    ["file:///var/lib/regimen/my%20clinic.db", "/var/lib/regimen/my clinic.db"],
    ["file::memory:", ":memory:"],
  ])("reads %s as the SQLite file %s", (url, path) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: "sqlite", path });
  });

  it("reads a PostgreSQL URL and takes ?schema= out of it", () => {
    expect(parseDatabaseUrl("postgres://app:secret@db:5432/regimen?schema=clinic_a&sslmode=require")).toEqual(
      {
        dialect: "postgres",
        connectionString: "postgres://app:secret@db:5432/regimen?sslmode=require",
        schema: "clinic_a",
      },
    );
    expect(parseDatabaseUrl("postgresql://localhost/regimen")).toEqual({
      dialect: "postgres",
      connectionString: "postgresql://localhost/regimen",
      schema: undefined,
    });
  });

  it.each([
    "mysql://localhost/x",
    "file:",
    "postgres://localhost/x?schema=Bad-Name",
    "postgres://localhost/x?schema=a;drop",
  ])("refuses %s", (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow();
  });
});
