import { z } from "zod";
import { DomainError } from "../errors.js";
import { text } from "../validation/text.js";

/**
 * What a provider records about one treatment session. Needle depth is in millimetres per treated
 * area (devices are labelled by needle length and penetration depth: 21 CFR 878.4430); 0.1–3.0 mm
 * covers every microneedling and RF tip in use, 0.25–2.0 mm being usual for microneedling.
 */
export const TREATMENT_AREAS = [
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
] as const;
export type TreatmentArea = (typeof TREATMENT_AREAS)[number];

export const MIN_DEPTH_MM = 0.1;
export const MAX_DEPTH_MM = 3.0;

const number = (what: string) =>
  z.number({ error: (i) => (i.input === undefined ? "is required" : `must be a number (${what})`) });

const areaEntry = z.strictObject({
  area: z.enum(TREATMENT_AREAS, {
    error: (i) => (i.input === undefined ? "is required" : `must be one of ${TREATMENT_AREAS.join(", ")}`),
  }),
  depthMm: number("millimetres")
    .min(MIN_DEPTH_MM, `must be at least ${MIN_DEPTH_MM} mm`)
    .max(MAX_DEPTH_MM, `must be at most ${MAX_DEPTH_MM} mm`),
  passes: z.int("must be a whole number").min(1, "must be at least 1").max(10, "must be at most 10"),
});

/** Each field of a chart, as an amendment may send it (without defaults: an absent field stays as it was). */
const chartFields = {
  device: text({ max: 100 }),
  areas: z
    .array(areaEntry)
    .min(1, "must name at least one treated area")
    .max(TREATMENT_AREAS.length)
    .superRefine((areas, ctx) => {
      const seen = new Set<string>();
      areas.forEach((a, i) => {
        if (seen.has(a.area))
          ctx.addIssue({ code: "custom", path: [i, "area"], message: "is named twice; one entry per area" });
        seen.add(a.area);
      });
    }),
  /** Platelet-rich plasma applied, in millilitres; null when PRP was not part of the session. */
  prp: z
    .strictObject({
      volumeMl: number("millilitres").min(0.5, "must be at least 0.5 ml").max(30, "must be at most 30 ml"),
    })
    .nullable(),
  /** RF settings: the device's energy level (its own scale) and the tip used; null without RF. */
  rf: z
    .strictObject({
      energyLevel: number("the device's level").min(1, "must be at least 1").max(100, "must be at most 100"),
      tip: text({ max: 50 }),
    })
    .nullable(),
  /** Products applied (serums, PRP kits, topical anaesthetic) with the lot number on the package. */
  products: z.array(z.strictObject({ name: text({ max: 200 }), lotNumber: text({ max: 50 }) })).max(20),
  numbing: z
    .strictObject({ product: text({ max: 100 }), minutes: z.int("must be a whole number").min(0).max(120) })
    .nullable(),
  notes: text({ max: 5000, multiline: true }).nullable(),
};

/** The chart as stored and sent: every field present, `null` where not used this session. */
export const sessionChartSchema = z.strictObject({
  ...chartFields,
  prp: chartFields.prp.default(null),
  rf: chartFields.rf.default(null),
  products: chartFields.products.default([]),
  numbing: chartFields.numbing.default(null),
  notes: chartFields.notes.default(null),
});

export type SessionChart = z.output<typeof sessionChartSchema>;
export type ChartField = keyof SessionChart;

/** The fields an amendment may change: any, but at least one. */
export const chartChangesSchema = z
  .strictObject(chartFields)
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, { message: "must change at least one field" });

export interface ChangedField {
  field: ChartField;
  before: unknown;
  after: unknown;
}

/**
 * The chart with an amendment's changes applied, and the fields that really changed (a field
 * sent with its old value is not a change). An amendment that changes nothing is refused.
 */
export function amendChart(
  chart: SessionChart,
  changes: Partial<SessionChart>,
): { chart: SessionChart; changed: ChangedField[] } {
  const amended: SessionChart = { ...chart, ...changes };
  const changed: ChangedField[] = [];
  for (const field of Object.keys(changes) as ChartField[]) {
    if (JSON.stringify(chart[field]) !== JSON.stringify(amended[field]))
      changed.push({ field, before: chart[field], after: amended[field] });
  }
  if (changed.length === 0)
    throw new DomainError("invalid_input", "The amendment changes nothing in the chart.", {
      fields: [{ path: "changes", message: "must change at least one field's value" }],
    });
  return { chart: amended, changed };
}
