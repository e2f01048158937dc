import type { paths } from "../api/schema";

/** A session chart as the server takes it (`PUT /bookings/{id}/chart`). */
export type Chart =
  paths["/api/v1/bookings/{bookingId}/chart"]["put"]["requestBody"]["content"]["application/json"];
export type TreatmentArea = Chart["areas"][number]["area"];

export const TREATMENT_AREAS: readonly TreatmentArea[] = [
  "forehead",
  "periorbital",
  "cheeks",
  "nose",
  "perioral",
  "chin",
  "jawline",
  "neck",
  "chest",
  "hands",
  "scalp",
  "back",
  "abdomen",
  "arms",
  "thighs",
];

/** Number inputs give "" while empty. */
type Num = number | string;

/**
 * The chart while the provider edits it. The optional parts of a session (PRP, RF, numbing) are
 * flat fields: left empty, the part was not used.
 */
export interface ChartValues {
  device: string;
  areas: { area: string | null; depthMm: Num; passes: Num }[];
  products: { name: string; lotNumber: string }[];
  prpMl: Num;
  rfEnergy: Num;
  rfTip: string;
  numbingProduct: string;
  numbingMinutes: Num;
  notes: string;
}

export const emptyChartValues: ChartValues = {
  device: "",
  areas: [{ area: "", depthMm: "", passes: "" }],
  products: [],
  prpMl: "",
  rfEnergy: "",
  rfTip: "",
  numbingProduct: "",
  numbingMinutes: "",
  notes: "",
};

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const numOrEmpty = (value: unknown): Num => (typeof value === "number" ? value : "");
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The form filled from a stored chart (the server sends it untyped: read each field with care). */
export function chartToValues(stored: Record<string, unknown>): ChartValues {
  const areas = Array.isArray(stored.areas) ? stored.areas.map(record) : [];
  const products = Array.isArray(stored.products) ? stored.products.map(record) : [];
  const prp = record(stored.prp);
  const rf = record(stored.rf);
  const numbing = record(stored.numbing);
  return {
    device: str(stored.device),
    areas:
      areas.length > 0
        ? areas.map((a) => ({
            area: str(a.area),
            depthMm: numOrEmpty(a.depthMm),
            passes: numOrEmpty(a.passes),
          }))
        : emptyChartValues.areas,
    products: products.map((p) => ({ name: str(p.name), lotNumber: str(p.lotNumber) })),
    prpMl: numOrEmpty(prp.volumeMl),
    rfEnergy: numOrEmpty(rf.energyLevel),
    rfTip: str(rf.tip),
    numbingProduct: str(numbing.product),
    numbingMinutes: numOrEmpty(numbing.minutes),
    notes: str(stored.notes),
  };
}

const blank = (value: Num | string) => (typeof value === "string" ? value.trim() === "" : false);
const toNumber = (value: Num): number => (typeof value === "number" ? value : Number(value));

/**
 * The chart to send, or messages for what is plainly missing. Ranges (depth, passes, volumes)
 * are the server's to judge: its refusals come back per field (see chartErrorsToForm).
 */
export function valuesToChart(
  values: ChartValues,
): { ok: true; chart: Chart } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (values.device.trim() === "") errors.device = "Name the device used";
  values.areas.forEach((a, i) => {
    if (!a.area) errors[`areas.${i}.area`] = "Choose the area";
    if (blank(a.depthMm)) errors[`areas.${i}.depthMm`] = "Give the depth in mm";
    if (blank(a.passes)) errors[`areas.${i}.passes`] = "Give the number of passes";
  });
  if (values.areas.length === 0) errors.areas = "Add at least one treated area";
  values.products.forEach((p, i) => {
    if (p.name.trim() === "") errors[`products.${i}.name`] = "Name the product";
    if (p.lotNumber.trim() === "") errors[`products.${i}.lotNumber`] = "Give the lot number";
  });
  const rfUsed = !blank(values.rfEnergy) || values.rfTip.trim() !== "";
  if (rfUsed && blank(values.rfEnergy)) errors.rfEnergy = "Give the RF energy level, or clear the tip";
  if (rfUsed && values.rfTip.trim() === "") errors.rfTip = "Name the RF tip, or clear the energy";
  const numbingUsed = values.numbingProduct.trim() !== "" || !blank(values.numbingMinutes);
  if (numbingUsed && values.numbingProduct.trim() === "")
    errors.numbingProduct = "Name the numbing product, or clear the minutes";
  if (numbingUsed && blank(values.numbingMinutes))
    errors.numbingMinutes = "Give the minutes, or clear the product";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const notes = values.notes.trim();
  return {
    ok: true,
    chart: {
      device: values.device.trim(),
      areas: values.areas.map((a) => ({
        area: a.area as TreatmentArea,
        depthMm: toNumber(a.depthMm),
        passes: toNumber(a.passes),
      })),
      prp: blank(values.prpMl) ? null : { volumeMl: toNumber(values.prpMl) },
      rf: rfUsed ? { energyLevel: toNumber(values.rfEnergy), tip: values.rfTip.trim() } : null,
      products: values.products.map((p) => ({ name: p.name.trim(), lotNumber: p.lotNumber.trim() })),
      numbing: numbingUsed
        ? { product: values.numbingProduct.trim(), minutes: toNumber(values.numbingMinutes) }
        : null,
      notes: notes === "" ? null : notes,
    },
  };
}

/** The fields of `next` that differ from `current`: what an amendment sends. */
export function chartChanges(current: Record<string, unknown>, next: Chart): Partial<Chart> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value ?? null)) changes[field] = value;
  }
  return changes as Partial<Chart>;
}

/** Where the server's field names land in the form (`areas[0].depthMm` → `areas.0.depthMm`). */
const RENAMED: Record<string, string> = {
  "prp.volumeMl": "prpMl",
  prp: "prpMl",
  "rf.energyLevel": "rfEnergy",
  "rf.tip": "rfTip",
  "numbing.product": "numbingProduct",
  "numbing.minutes": "numbingMinutes",
};

export function chartErrorsToForm(errors: Record<string, string>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    let key = path.replace(/\[(\d+)\]/g, ".$1");
    if (prefix !== "" && key.startsWith(prefix)) key = key.slice(prefix.length);
    out[RENAMED[key] ?? key] = message;
  }
  return out;
}
