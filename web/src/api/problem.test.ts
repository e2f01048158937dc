import { describe, expect, it } from "vitest";
import { ApiProblem, fieldErrorsOf, normalizePath, summaryOf } from "./problem";

const problem = (errors: unknown[]) =>
  new ApiProblem(400, {
    type: "urn:regimen:problem:invalid_input",
    title: "Bad Request",
    status: 400,
    detail: "The request has invalid fields.",
    code: "invalid_input",
    requestId: "r1",
    errors,
  });

describe("fieldErrorsOf", () => {
  it("puts each message under the path the form names its input by", () => {
    const error = problem([
      { path: "adminEmail", message: "is not an email address", in: "body" },
      { path: "medications.1.lastTakenOn", message: "is not a date", in: "body" },
      { path: "concerns[0].code", message: "is not a concern", in: "body" },
      { path: "from", message: "must be before to", in: "query" },
    ]);
    expect(fieldErrorsOf(error)).toEqual({
      adminEmail: "is not an email address",
      "medications[1].lastTakenOn": "is not a date",
      "concerns[0].code": "is not a concern",
      "query.from": "must be before to",
    });
  });

  it("keeps the first message when a field has several", () => {
    const error = problem([
      { path: "password", message: "is too short", in: "body" },
      { path: "password", message: "is too common", in: "body" },
    ]);
    expect(fieldErrorsOf(error)).toEqual({ password: "is too short" });
  });

  it("has nothing to place for other errors", () => {
    expect(fieldErrorsOf(new Error("boom"))).toEqual({});
    expect(fieldErrorsOf(new ApiProblem(500, "<html>"))).toEqual({});
  });
});

describe("problem text", () => {
  it("reads the server's detail, and says so when the server is unreachable", () => {
    expect(summaryOf(problem([]))).toBe("The request has invalid fields.");
    expect(summaryOf(new ApiProblem(0, undefined))).toMatch(/could not be reached/);
  });

  it("normalizes JSON pointers and dotted indexes alike", () => {
    expect(normalizePath("/concerns/0/code")).toBe("concerns[0].code");
    expect(normalizePath("concerns.0.code")).toBe("concerns[0].code");
  });
});
