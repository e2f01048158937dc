import type { ProtocolDocument } from "./protocol.schema.js";

/**
 * The protocol Regimen ships. Source keys (see protocol-defaults in the project docs):
 * seed = the clinic page the product is built from; H, SP, EX, PL, SPR, AE, BV, CC, PB, TY,
 * BD, AQ, RO, TB, CA, TL, GC, GR, SPL, SA = the published sources listed in the README;
 * CE = Cohen and Elbuluk, "Microneedling in skin of color: a review of uses and efficacy",
 * J Am Acad Dermatol 2016;74(2):348-55; SOC = plasticsurgerykey.com, "Applications and safety in
 * skin of color" (microneedling and PRP: UV protection, needle length by area).
 * Where the seed gives a number it wins; elsewhere the conservative common value.
 */
export const DEFAULT_PROTOCOL: ProtocolDocument = {
  version: "regimen-default-2026.1",
  name: "Regimen default microneedling protocol",
  concerns: {
    // seed: acne scars and scars can be reduced for good; stretch marks treated as scars.
    acne_scars: { label: "Acne scars", goal: "corrective" },
    scars: { label: "Scars", goal: "corrective" },
    stretch_marks: { label: "Stretch marks", goal: "corrective" },
    // seed: tone, texture, pigmentation, wrinkles, pores need maintenance every six months.
    fine_lines: { label: "Fine lines", goal: "ongoing" },
    wrinkles: { label: "Wrinkles", goal: "ongoing" },
    crows_feet: { label: "Crow's feet", goal: "ongoing" },
    neck_chest_lines: { label: "Neck or chest lines", goal: "ongoing" },
    hyperpigmentation: { label: "Hyperpigmentation", goal: "ongoing" },
    uneven_skin_tone: { label: "Uneven skin tone", goal: "ongoing" },
    enlarged_pores: { label: "Enlarged pores", goal: "ongoing" },
    rough_dull_skin: { label: "Rough or dull skin", goal: "ongoing" },
    dry_skin: { label: "Dry skin", goal: "ongoing" },
    loose_skin: { label: "Loose skin", goal: "ongoing" },
    under_eye_circles: { label: "Dark under-eye circles", goal: "ongoing" },
  },
  series: {
    // seed: "3-5 initial sessions"; mild pores or dry skin "may only need one session".
    sessionsBySeverity: { mild: 1, moderate: 3, severe: 3 },
    // seed: 5 only for severe scars or acne scars; a single session never removes a scar.
    correctiveSessionsBySeverity: { mild: 3, moderate: 3, severe: 5 },
    singleSessionReassessDays: 60, // seed: final results up to 2 months after a session
  },
  interval: {
    minDays: 28, // H, SP, EX: collagen remodelling needs about four weeks
    targetMinDays: 28, // H, SP, EX
    targetMaxDays: 42, // H, SP, EX
    overrideMinDays: 14, // H: two weeks only with a provider's override
  },
  maintenance: { everyMonths: 6 }, // seed: "return twice a year"
  medications: {
    isotretinoin: { label: "Isotretinoin (oral)", days: 180 }, // seed "weeks to months"; PL, SPR
    topical_retinoid: { label: "Topical retinoid (tretinoin, Retin-A, adapalene)", days: 7 }, // seed "at least a week"
    topical_antibiotic: { label: "Topical acne antibiotic (clindamycin, erythromycin)", days: 7 }, // seed
    oral_antibiotic: { label: "Oral antibiotic", days: 7 }, // seed (antibiotics)
    exfoliating_acid: { label: "Exfoliating acids (AHA/BHA), benzoyl peroxide, hydroquinone", days: 7 }, // AE, BV
    nsaid: { label: "NSAIDs or aspirin", days: 3, rfDays: 7 }, // AE, BV, CC
    anticoagulant: { label: "Prescribed anticoagulant", days: null, needsReview: true }, // BV, CC: never stop on our advice
  },
  procedures: {
    chemical_peel: { label: "Chemical peel", days: 30 }, // PB
    laser_ipl: { label: "Laser or IPL", days: 14 }, // AE, BV
    waxing: { label: "Waxing or depilatory", days: 7 }, // AE
    tanning: { label: "Sun tanning or self-tanner", days: 14 }, // AE, TY
    botox: { label: "Botulinum toxin", days: 14 }, // BV
    filler: { label: "Filler in the treated area", days: 28, rfDays: 90 }, // BV, CC
  },
  conditions: {
    // Hard blocks: BD, AQ, RO, CC, PB (pregnancy and breastfeeding: sources disagree; conservative).
    active_infection: {
      label: "Active skin infection in the area",
      severity: "hard_block",
      appliesTo: "all",
      temporary: true,
    },
    open_wound: {
      label: "Open wound in the area",
      severity: "hard_block",
      appliesTo: "all",
      temporary: true,
    },
    active_cold_sore: {
      label: "Active cold sore",
      severity: "hard_block",
      appliesTo: "all",
      temporary: true,
    },
    skin_cancer_in_area: {
      label: "Active skin cancer in the area",
      severity: "hard_block",
      appliesTo: "all",
    },
    bleeding_disorder: { label: "Bleeding disorder", severity: "hard_block", appliesTo: "all" },
    metal_allergy: { label: "Allergy to stainless steel", severity: "hard_block", appliesTo: "all" },
    anesthetic_allergy: { label: "Allergy to the numbing cream", severity: "hard_block", appliesTo: "all" },
    pregnancy: { label: "Pregnancy", severity: "hard_block", appliesTo: "all", temporary: true },
    breastfeeding: { label: "Breastfeeding", severity: "hard_block", appliesTo: "all", temporary: true },
    sunburn: { label: "Active sunburn", severity: "hard_block", appliesTo: "all", temporary: true }, // AE, TY
    electronic_implant: {
      label: "Pacemaker, defibrillator or other electronic implant",
      severity: "hard_block",
      appliesTo: "rf",
    },
    metal_implant_in_area: {
      label: "Metal or silicone implant in the area",
      severity: "hard_block",
      appliesTo: "rf",
    },
    gold_allergy: { label: "Gold allergy", severity: "hard_block", appliesTo: "rf" },
    platelet_disorder: {
      label: "Platelet disorder",
      severity: "hard_block",
      appliesTo: "prp",
      withoutAddOn: "needs_review", // BD, CC: bleeding risk; a provider decides on plain needling
    },
    // Relative: a provider signs off. BD, AQ, RO, CC, PB.
    active_acne: { label: "Active acne", severity: "needs_review", appliesTo: "all" },
    keloid_history: {
      label: "Keloid or hypertrophic scar history",
      severity: "needs_review",
      appliesTo: "all",
    },
    eczema_psoriasis_rosacea: {
      label: "Eczema, psoriasis or rosacea in the area",
      severity: "needs_review",
      appliesTo: "all",
    },
    uncontrolled_diabetes: { label: "Uncontrolled diabetes", severity: "needs_review", appliesTo: "all" },
    immunosuppression: {
      label: "Immunosuppression or chemotherapy",
      severity: "needs_review",
      appliesTo: "all",
    },
    cold_sore_history: { label: "History of cold sores", severity: "needs_review", appliesTo: "all" },
    raised_moles_in_area: {
      label: "Raised moles or warts in the area",
      severity: "needs_review",
      appliesTo: "all",
    },
  },
  prep: {
    exfoliateDaysBefore: [21, 14, 7, 3], // seed: "several times in the weeks leading up"
    noExfoliationDaysBefore: 1, // seed: "avoid exfoliating the night before"
    avoidSunDaysBefore: 14, // AE, TY
    antiviralDaysBefore: 2, // BD, CC: prophylaxis with a cold-sore history
  },
  aftercare: [
    { code: "no_makeup", text: "No makeup.", fromHours: 0, toHours: 48, rfToHours: 48 }, // seed
    {
      code: "no_pool_sauna_strenuous_exercise",
      text: "No swimming pools, saunas or strenuous workouts.",
      fromHours: 0,
      toHours: 72,
    }, // seed
    { code: "avoid_direct_sun", text: "Stay out of direct sun.", fromHours: 0, toHours: 168 }, // TB, CA
    {
      code: "sunscreen_every_2h_outdoors",
      text: "Wear sunscreen daily, between treatments too; reapply every 2 hours outdoors.",
      fromHours: 0,
      toHours: null,
    }, // seed, TB, CA: strict for 14 days, then daily between treatments
    {
      code: "uv_protective_clothing",
      text: "Wear UV-protective clothing outdoors.",
      fromHours: 0,
      toHours: 168,
    }, // seed
    {
      code: "wash_hands_before_touching_face",
      text: "Wash your hands before touching your face.",
      fromHours: 0,
      toHours: 336,
    }, // seed
    {
      code: "antibiotic_cream_as_instructed",
      text: "Use the wound-care ointment the clinic gave you, as instructed (not your acne antibiotic).",
      fromHours: 0,
      toHours: 336,
    }, // seed
    {
      code: "hydrating_product",
      text: "Use a hydrating product every day, between treatments too.",
      fromHours: 0,
      toHours: null,
    }, // seed: from day 0, part of the routine between sessions
    { code: "resume_acids", text: "You may resume acids and vitamin C.", fromHours: 168, toHours: null }, // AE, TL
    {
      code: "resume_retinoids",
      text: "You may resume retinoids (Retin-A, tretinoin).",
      fromHours: 336,
      toHours: null,
    }, // GC, TY
  ],
  expectations: [
    {
      code: "redness_swelling",
      text: "Redness and swelling are normal and fade.",
      fromDays: 1,
      toDays: 3,
      rfToDays: 5,
    }, // seed; GR for RF
    { code: "healed", text: "The skin heals completely.", fromDays: 7, toDays: 14 }, // seed
    { code: "final_results", text: "Final results show as new collagen forms.", fromDays: 0, toDays: 60 }, // seed
  ],
  redFlags: {
    rednessWorseAfterHours: 72, // SPL, TL (our proposal)
    rednessMaxDays: 7, // SPL, TL, SA (our proposal)
    rfRednessMaxDays: 10, // GR (our proposal)
    signs: [
      {
        code: "redness_worsening",
        text: "Redness or swelling that gets worse instead of better.",
        afterHours: 72,
      }, // SPL, TL (our proposal): matches rednessWorseAfterHours
      {
        code: "redness_lasting",
        text: "Redness that has not faded.",
        afterHours: 7 * 24,
        rfAfterHours: 10 * 24,
      }, // SPL, TL, SA, GR (our proposal): matches rednessMaxDays and rfRednessMaxDays
      {
        code: "infection_signs",
        text: "Warmth, pus or fever.",
        afterHours: 0,
      }, // SPL, TL
      {
        code: "pain_not_relieved",
        text: "Pain that acetaminophen does not relieve.",
        afterHours: 0,
      }, // SPL, TL
      { code: "cold_sore_outbreak", text: "A cold-sore outbreak.", afterHours: 0 }, // SPL, TL
      {
        code: "itchy_bumps",
        text: "Itchy bumps appearing days after the session.",
        afterHours: 72,
      }, // SA: granulomatous reactions appear days to weeks later
    ],
  },
  addOns: {
    prp: {
      label: "PRP (platelet-rich plasma)",
      recommendedFor: ["hyperpigmentation", "acne_scars"], // seed
      recommendForSevere: false,
      reason: "PRP boosts collagen and elastin in deeper layers; the clinic recommends it for this concern.",
    },
    rf: {
      label: "RF microneedling",
      // seed: "loose or sagging skin, wrinkles" (crow's feet and neck lines are wrinkles; fine lines are not)
      recommendedFor: ["loose_skin", "wrinkles", "crows_feet", "neck_chest_lines"],
      recommendForSevere: true, // seed: "severe concerns seeking more dramatic results"
      recommendedFromSeverity: "moderate", // seed: not for mild lines
      reason:
        "Radiofrequency tones, tightens and smooths; recommended for loose skin, wrinkles and severe concerns.",
    },
  },
  skinTypes: {
    fromType: "IV", // CE: Fitzpatrick IV-VI, dyspigmentation the main risk of resurfacing
    warning:
      "Darker skin can develop dark patches after treatment (post-inflammatory hyperpigmentation); protect it from the sun and tell the clinic about any darkening.",
    reviewWithRf: true, // CE: energy-based resurfacing risks dyspigmentation in IV-VI (our proposal for RF)
    reviewAboveDepthMm: 1.5, // SOC: needle length matched to the area (threshold is our proposal)
    sunProtection: {
      code: "strict_sun_protection",
      text: "Use a broad-spectrum SPF 50 sunscreen every day, reapplied every 2 hours outdoors, and cover up: darker skin marks easily while it heals.",
      fromHours: 0,
      toHours: 672, // SOC: diligent UV protection; 4 weeks, twice the seed's 14 days (our proposal)
    },
  },
  routine: {
    retinoid: {
      label: "Retinoid (tretinoin, Retin-A, adapalene, retinol)",
      pauseDaysBefore: 7, // seed "at least a week"
      resumeOnDay: 14, // GC, TY
      medication: "topical_retinoid",
      advice: "Retinoids make the skin fragile: paused around each session.",
    },
    exfoliating_acid: {
      label: "Exfoliating acid (AHA/BHA), benzoyl peroxide",
      pauseDaysBefore: 7, // AE, BV
      resumeOnDay: 7, // AE, TL
      medication: "exfoliating_acid",
      advice: "Acids irritate freshly treated skin: paused around each session.",
    },
    vitamin_c: {
      label: "Vitamin C serum",
      pauseDaysBefore: 0, // AE, TL: not on treated skin
      resumeOnDay: 7, // AE, TL
      advice: "Vitamin C stings on treated skin: none on the session day, back after a week.",
    },
    topical_antibiotic: {
      label: "Topical acne antibiotic",
      pauseDaysBefore: 7, // seed
      resumeOnDay: 14, // seed: healed in 1-2 weeks (our proposal)
      medication: "topical_antibiotic",
      advice: "Paused around each session; the aftercare wound ointment is a different product.",
    },
    hyaluronic_acid: {
      label: "Hyaluronic acid serum",
      pauseDaysBefore: null,
      resumeOnDay: null, // seed: hydrating product from day 0
      advice: "Hydrating: keep using it, including right after your session.",
    },
    moisturizer: {
      label: "Moisturizer",
      pauseDaysBefore: null,
      resumeOnDay: null, // seed: hydrating product from day 0
      advice: "Hydrating: keep using it, including right after your session.",
    },
    sunscreen: {
      label: "Sunscreen",
      pauseDaysBefore: null,
      resumeOnDay: null, // seed, TB, CA: every day
      advice: "Every day, between sessions too.",
    },
    cleanser: {
      label: "Gentle cleanser",
      pauseDaysBefore: null,
      resumeOnDay: null, // seed: wash gently with clean hands
      advice: "Keep using a gentle, non-exfoliating cleanser.",
    },
    antiviral: {
      label: "Antiviral",
      pauseDaysBefore: null,
      resumeOnDay: null, // BD, CC: prophylaxis runs through the session
      advice: "Take it as prescribed; never paused for a session.",
    },
    other: {
      label: "Other product",
      pauseDaysBefore: null,
      resumeOnDay: null,
      advice: "Ask your provider whether to pause it around your session.",
    },
  },
  // Skin topicals the plan pauses around every session (washout before: `medications`) and lets
  // back after it. Prescribed medicines are absent on purpose: only their prescriber changes them.
  skinTopicals: {
    topical_retinoid: { resumeDays: 14 }, // GC, TY
    exfoliating_acid: { resumeDays: 7 }, // AE, TL
    topical_antibiotic: { resumeDays: 14 }, // seed: once healed (1-2 weeks); no separate source found
  },
};
