import type { Service } from "../clinic/types.js";

/**
 * Informed consent. Each kind of treatment has its own form: microneedling itself, and each add-on
 * (PRP draws blood; RF delivers heat), because each has its own risks to explain. A form is a
 * versioned template; a published version never changes, so a signature always points at the exact
 * words the patient read. A clinic that never published its own uses the built-in version 1.
 */
export const CONSENT_KINDS = ["microneedling", "prp", "rf"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export interface ConsentTemplate {
  kind: ConsentKind;
  /** 1 is the built-in text; every published version counts up from there. */
  version: number;
  title: string;
  body: string;
  /** When an admin published it; null for the built-in version 1. */
  publishedAt: string | null;
}

export interface SignedConsent {
  id: string;
  patientId: string;
  kind: ConsentKind;
  templateVersion: number;
  /** The name the patient typed as their signature. */
  typedName: string;
  signedAt: string;
  /** Where the signature came from, as the server saw the request. */
  ip: string;
  userAgent: string | null;
}

/** The built-in version 1 of each form, used until a clinic publishes its own. */
export const DEFAULT_CONSENT_TEMPLATES: Readonly<Record<ConsentKind, ConsentTemplate>> = Object.freeze({
  microneedling: {
    kind: "microneedling",
    version: 1,
    title: "Consent to microneedling",
    body: [
      "Microneedling makes many tiny punctures in the skin with fine needles to start its own repair.",
      "Expected effects: redness and swelling for 1–3 days; the skin heals in 1–2 weeks; results build over up to 2 months.",
      "Risks include infection, bruising, pigment changes, and a flare of cold sores.",
      "I have told the clinic about my medications and conditions, and I will follow the preparation and aftercare instructions.",
    ].join("\n"),
    publishedAt: null,
  },
  prp: {
    kind: "prp",
    version: 1,
    title: "Consent to platelet-rich plasma (PRP)",
    body: [
      "A small amount of my blood is drawn, spun in a centrifuge, and the plasma applied to my skin during microneedling.",
      "Risks include bruising or soreness where the blood is drawn, and the risks of microneedling itself.",
      "I have told the clinic about blood disorders and blood thinners I take.",
    ].join("\n"),
    publishedAt: null,
  },
  rf: {
    kind: "rf",
    version: 1,
    title: "Consent to radiofrequency (RF) microneedling",
    body: [
      "RF microneedling delivers heat through the needles to tighten the skin.",
      "Risks include burns, longer redness and swelling, and pigment changes, more often in darker skin types.",
      "I have told the clinic about implanted devices such as pacemakers and about metal implants in the area.",
    ].join("\n"),
    publishedAt: null,
  },
});

/**
 * The forms a session of this service needs signed: none for a service the protocol does not
 * govern (a consultation), microneedling for every treatment, and the add-on's own form.
 */
export function requiredConsentKinds(service: Pick<Service, "isTreatment" | "addOn">): ConsentKind[] {
  if (!service.isTreatment) return [];
  return service.addOn === null ? ["microneedling"] : ["microneedling", service.addOn];
}

export type ConsentStatus = "signed" | "missing" | "outdated";

export interface ConsentStanding {
  kind: ConsentKind;
  status: ConsentStatus;
  currentVersion: number;
  /** The latest version the patient signed; null when never. */
  signedVersion: number | null;
}

/**
 * Where a patient stands on each form `kinds` names: signed (the current version), outdated (an
 * older version only: a new version asks for a new signature) or missing (never signed).
 */
export function consentStanding(
  kinds: readonly ConsentKind[],
  currentVersions: Readonly<Record<ConsentKind, number>>,
  signed: readonly Pick<SignedConsent, "kind" | "templateVersion">[],
): ConsentStanding[] {
  return kinds.map((kind) => {
    const versions = signed.filter((s) => s.kind === kind).map((s) => s.templateVersion);
    const signedVersion = versions.length === 0 ? null : Math.max(...versions);
    const currentVersion = currentVersions[kind];
    const status: ConsentStatus =
      signedVersion === null ? "missing" : signedVersion >= currentVersion ? "signed" : "outdated";
    return { kind, status, currentVersion, signedVersion };
  });
}
