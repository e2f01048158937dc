import type { paths } from "../api/schema";

export type Routine =
  paths["/api/v1/patients/{id}/routine"]["get"]["responses"][200]["content"]["application/json"];
export type RoutineItem = Routine["items"][number];

/**
 * One routine row in the editor. `product` names either a catalog product (`product:<id>`) or
 * a generic kind (`kind:retinoid`) for a product the clinic does not stock: the API takes either.
 */
export interface RoutineRow {
  product: string;
  morning: boolean;
  evening: boolean;
}

export interface RoutineValues {
  items: RoutineRow[];
}

export const emptyRoutineRow: RoutineRow = { product: "", morning: true, evening: false };

export function routineToValues(items: readonly RoutineItem[]): RoutineValues {
  return {
    items: items.map((item) => ({
      product: item.productId === null ? `kind:${item.kind}` : `product:${item.productId}`,
      morning: item.times.includes("morning"),
      evening: item.times.includes("evening"),
    })),
  };
}

export type RoutineBody = NonNullable<
  paths["/api/v1/patients/{id}/routine"]["put"]["requestBody"]
>["content"]["application/json"];
type Kind = NonNullable<RoutineBody["items"][number]["kind"]>;

/** The PUT body, or a message per row that is not finished (named like the server names them). */
export function valuesToRoutine(
  values: RoutineValues,
): { ok: true; body: RoutineBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const items = values.items.map((row, i) => {
    const times = [
      ...(row.morning ? ["morning" as const] : []),
      ...(row.evening ? ["evening" as const] : []),
    ];
    if (times.length === 0) errors[`items.${i}.times`] = "Choose morning, evening or both";
    const [source, value = ""] = row.product.split(":", 2);
    if (value === "") errors[`items.${i}.product`] = "Choose a product";
    // The editor offers only the API's kinds, so an option's value is one of them.
    return source === "product" ? { productId: value, times } : { kind: value as Kind, times };
  });
  const seen = new Set<string>();
  values.items.forEach((row, i) => {
    if (row.product !== "" && seen.has(row.product)) errors[`items.${i}.product`] = "Already in the routine";
    seen.add(row.product);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { items } };
}

/** The server names the product of a row `items[i].kind` or `items[i].productId`; the form, `product`. */
export function routineErrorsToForm(fieldErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const match = /^items\[(\d+)\]\.(kind|productId|times)/.exec(path);
    if (match === null) out[path] = message;
    else out[`items.${match[1]}.${match[2] === "times" ? "times" : "product"}`] = message;
  }
  return out;
}

/** The routine split by time of day, in the order the provider listed it. */
export function routineByTime(items: readonly RoutineItem[]): {
  morning: RoutineItem[];
  evening: RoutineItem[];
} {
  return {
    morning: items.filter((i) => i.times.includes("morning")),
    evening: items.filter((i) => i.times.includes("evening")),
  };
}
