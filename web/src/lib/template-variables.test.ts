import { describe, expect, it } from "vitest";
import { insertVariable, unknownVariables, variableWarning } from "./template-variables";

describe("template variables", () => {
  const known = ["patient_name", "starts_at"];

  it("finds each unknown name once, with or without spaces inside the braces", () => {
    expect(unknownVariables("Hi {{ patient_name }}, {{nmae}} {{ nmae }} {{clinic}}", known)).toEqual([
      "nmae",
      "clinic",
    ]);
  });

  it("ignores what is not a variable: single braces, names starting with a digit", () => {
    expect(unknownVariables("{patient} {{1st}} {{ }}", known)).toEqual([]);
  });

  it("words a warning naming the unknown and the known variables", () => {
    expect(variableWarning("{{patient_name}}", known)).toBeUndefined();
    expect(variableWarning("{{when}}", known)).toBe(
      "Unknown variable {{when}}; this message has {{patient_name}}, {{starts_at}}",
    );
  });

  it("inserts a variable at the cursor, clamped to the text", () => {
    expect(insertVariable("Hello !", "patient_name", 6)).toBe("Hello {{patient_name}}!");
    expect(insertVariable("Hi", "x", 99)).toBe("Hi{{x}}");
  });
});
