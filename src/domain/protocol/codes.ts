/**
 * The public codes. They are a contract with clinics, integrations and stored data:
 * add new ones freely, never rename or remove one.
 */

export const CONCERNS = [
  "fine_lines",
  "wrinkles",
  "crows_feet",
  "neck_chest_lines",
  "hyperpigmentation",
  "uneven_skin_tone",
  "enlarged_pores",
  "rough_dull_skin",
  "dry_skin",
  "loose_skin",
  "stretch_marks",
  "scars",
  "acne_scars",
  "under_eye_circles",
] as const;
export type ConcernCode = (typeof CONCERNS)[number];

export const GOAL_CLASSES = ["corrective", "ongoing"] as const;

export const SEVERITIES = ["mild", "moderate", "severe"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MEDICATIONS = [
  "isotretinoin",
  "topical_retinoid",
  "topical_antibiotic",
  "oral_antibiotic",
  "exfoliating_acid",
  "nsaid",
  "anticoagulant",
] as const;
export type MedicationCode = (typeof MEDICATIONS)[number];

export const PROCEDURES = ["chemical_peel", "laser_ipl", "waxing", "tanning", "botox", "filler"] as const;
export type ProcedureCode = (typeof PROCEDURES)[number];

/**
 * Conditions the default protocol treats as hard blocks. A clinic's protocol decides each
 * condition's severity; these lists only group the codes.
 */
export const HARD_BLOCK_CONDITIONS = [
  "active_infection",
  "open_wound",
  "active_cold_sore",
  "skin_cancer_in_area",
  "bleeding_disorder",
  "metal_allergy",
  "anesthetic_allergy",
  "pregnancy",
  "breastfeeding",
  "sunburn",
  // RF only
  "electronic_implant",
  "metal_implant_in_area",
  "gold_allergy",
  // PRP only
  "platelet_disorder",
] as const;

export const REVIEW_CONDITIONS = [
  "active_acne",
  "keloid_history",
  "eczema_psoriasis_rosacea",
  "uncontrolled_diabetes",
  "immunosuppression",
  "cold_sore_history",
  "raised_moles_in_area",
] as const;

export const CONDITIONS = [...HARD_BLOCK_CONDITIONS, ...REVIEW_CONDITIONS] as const;
export type ConditionCode = (typeof CONDITIONS)[number];

export const ADD_ONS = ["prp", "rf"] as const;
export type AddOn = (typeof ADD_ONS)[number];

/**
 * The series-interval reason: a wait while the last session is too recent, and the code of the
 * override with which a provider accepts the shorter gap (`interval.overrideMinDays`).
 */
export const TOO_SOON_AFTER_PREVIOUS_SESSION = "too_soon_after_previous_session" as const;

/** A session would come closer than the interval to a later one the patient already has. */
export const TOO_CLOSE_TO_NEXT_SESSION = "too_close_to_next_session" as const;

/** Fitzpatrick skin phototypes, I (always burns) to VI (never burns). */
export const SKIN_TYPES = ["I", "II", "III", "IV", "V", "VI"] as const;
export type SkinType = (typeof SKIN_TYPES)[number];

/**
 * The review reason for darker skin types with RF or deep needling (post-inflammatory
 * hyperpigmentation risk); a provider may accept it like any other review reason.
 */
export const SKIN_TYPE_PIH_RISK = "skin_type_pih_risk" as const;

/** What a product in a clinic's catalog or a patient's routine is, for the pause and resume rules. */
export const PRODUCT_KINDS = [
  "retinoid",
  "exfoliating_acid",
  "vitamin_c",
  "hyaluronic_acid",
  "moisturizer",
  "sunscreen",
  "cleanser",
  "topical_antibiotic",
  "antiviral",
  "other",
] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** When in the day a routine product is used. */
export const ROUTINE_TIMES = ["morning", "evening"] as const;
export type RoutineTime = (typeof ROUTINE_TIMES)[number];

/** A session too soon for the antiviral a cold-sore history calls for to start beforehand. */
export const ANTIVIRAL_LEAD_TIME = "antiviral_lead_time" as const;
