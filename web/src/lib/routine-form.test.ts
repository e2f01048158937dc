import { describe, expect, it } from "vitest";
import { routineErrorsToForm, routineToValues, valuesToRoutine } from "./routine-form";

describe("routine form", () => {
  it("round-trips catalog products and generic kinds", () => {
    const values = routineToValues([
      {
        kind: "retinoid",
        productId: "p1",
        name: "Night A",
        times: ["evening"],
        label: "",
        advice: "",
        pausedAroundSessions: true,
      },
      {
        kind: "sunscreen",
        productId: null,
        name: "Sunscreen",
        times: ["morning"],
        label: "",
        advice: "",
        pausedAroundSessions: false,
      },
    ]);
    expect(values.items).toEqual([
      { product: "product:p1", morning: false, evening: true },
      { product: "kind:sunscreen", morning: true, evening: false },
    ]);
    expect(valuesToRoutine(values)).toEqual({
      ok: true,
      body: {
        items: [
          { productId: "p1", times: ["evening"] },
          { kind: "sunscreen", times: ["morning"] },
        ],
      },
    });
  });

  it("names unfinished rows and repeats", () => {
    const result = valuesToRoutine({
      items: [
        { product: "", morning: true, evening: false },
        { product: "kind:cleanser", morning: false, evening: false },
        { product: "kind:cleanser", morning: true, evening: true },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        "items.0.product": "Choose a product",
        "items.1.times": "Choose morning, evening or both",
        "items.2.product": "Already in the routine",
      },
    });
  });

  it("maps the server's field paths onto the form's inputs", () => {
    expect(
      routineErrorsToForm({ "items[1].productId": "unknown", "items[0].times": "x", other: "y" }),
    ).toEqual({
      "items.1.product": "unknown",
      "items.0.times": "x",
      other: "y",
    });
  });
});
