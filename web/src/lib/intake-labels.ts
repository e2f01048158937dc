import type { paths } from "../api/schema";

export type IntakeBody =
  paths["/api/v1/patients/{id}/intake"]["put"]["requestBody"]["content"]["application/json"];
export type ConcernCode = IntakeBody["concerns"][number]["code"];
export type Severity = IntakeBody["concerns"][number]["severity"];
export type MedicationCode = NonNullable<IntakeBody["medications"]>[number]["code"];
export type ProcedureCode = NonNullable<IntakeBody["recentProcedures"]>[number]["code"];
export type ConditionCode = NonNullable<IntakeBody["conditions"]>[number];

/**
 * Plain words for the codes the API takes. `satisfies` makes the compiler list every code the
 * server knows: a new one added there fails the web build until it has words here.
 */
export const CONCERNS = {
  fine_lines: "Fine lines",
  wrinkles: "Wrinkles",
  crows_feet: "Crow's feet (lines at the corners of the eyes)",
  neck_chest_lines: "Lines on the neck or chest",
  hyperpigmentation: "Dark spots or patches",
  uneven_skin_tone: "Uneven skin tone",
  enlarged_pores: "Enlarged pores",
  rough_dull_skin: "Rough or dull skin",
  dry_skin: "Dry skin",
  loose_skin: "Loose or sagging skin",
  stretch_marks: "Stretch marks",
  scars: "Scars (surgery or injury)",
  acne_scars: "Acne scars",
  under_eye_circles: "Under-eye circles",
} satisfies Record<ConcernCode, string>;

export const MEDICATIONS = {
  isotretinoin: { label: "Isotretinoin (Accutane, Roaccutane)", help: "A tablet for severe acne." },
  topical_retinoid: {
    label: "A retinoid cream or serum",
    help: "Retinol, tretinoin, adapalene (Differin), tazarotene: usually used at night for acne or ageing.",
  },
  topical_antibiotic: {
    label: "An antibiotic cream or gel",
    help: "For example clindamycin or erythromycin.",
  },
  oral_antibiotic: { label: "Antibiotic tablets", help: "Any course of antibiotics taken by mouth." },
  exfoliating_acid: {
    label: "Exfoliating acids",
    help: "Glycolic, lactic or salicylic acid (AHA/BHA) toners, serums or peels at home.",
  },
  nsaid: { label: "Anti-inflammatory painkillers", help: "Ibuprofen, naproxen, aspirin." },
  anticoagulant: { label: "Blood thinners", help: "Warfarin, apixaban, rivaroxaban, heparin or similar." },
} satisfies Record<MedicationCode, { label: string; help: string }>;

export const PROCEDURES = {
  chemical_peel: "Chemical peel",
  laser_ipl: "Laser or IPL treatment",
  waxing: "Waxing on the face",
  tanning: "Sunbed or deliberate tanning",
  botox: "Botox or other wrinkle injections",
  filler: "Dermal filler",
} satisfies Record<ProcedureCode, string>;

export const CONDITIONS = {
  active_infection: "A skin infection in the area now",
  open_wound: "An open cut or wound in the area",
  active_cold_sore: "A cold sore now",
  cold_sore_history: "Cold sores in the past",
  skin_cancer_in_area: "Skin cancer in the area",
  raised_moles_in_area: "Raised moles in the area",
  bleeding_disorder: "A bleeding disorder",
  platelet_disorder: "A platelet disorder",
  metal_allergy: "Allergy to metals (e.g. nickel)",
  gold_allergy: "Allergy to gold",
  anesthetic_allergy: "Allergy to numbing creams (local anaesthetics)",
  pregnancy: "Pregnant",
  breastfeeding: "Breastfeeding",
  sunburn: "Sunburn now",
  electronic_implant: "A pacemaker or other electronic implant",
  metal_implant_in_area: "A metal implant in the treated area",
  active_acne: "Active, inflamed acne",
  keloid_history: "Raised (keloid) scars in the past",
  eczema_psoriasis_rosacea: "Eczema, psoriasis or rosacea",
  uncontrolled_diabetes: "Diabetes that is not under control",
  immunosuppression: "A weakened immune system or medicines that suppress it",
} satisfies Record<ConditionCode, string>;

export const SEVERITIES: { value: Severity; label: string }[] = [
  { value: "mild", label: "Mild" },
  { value: "moderate", label: "Moderate" },
  { value: "severe", label: "Severe" },
];

export const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The answered items of a partial record, in insertion order. */
export const chosen = <K extends string, V>(record: Partial<Record<K, V>>): [K, V][] =>
  (Object.entries(record) as [K, V | undefined][]).filter((pair): pair is [K, V] => pair[1] !== undefined);
