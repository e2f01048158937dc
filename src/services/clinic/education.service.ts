import type { ServiceDeps } from "../service-deps.js";
import { getClinicBySlugOrFail } from "./clinic.service.js";
import { loadCurrentProtocol } from "./clinic-context.js";

/** One pause a medicine or a treatment needs before a session, as the clinic's protocol says. */
export interface EducationWashout {
  kind: "medication" | "procedure";
  code: string;
  label: string;
  /** Whole days between the last dose (or the treatment) and a session; null: no timed pause. */
  days: number | null;
  /** A provider decides instead of a number (never stop such a medicine on the clinic's advice). */
  needsReview: boolean;
}

/**
 * What the public education pages say, read from the clinic's current protocol so they always
 * say what the booking engine does: pauses, preparation days, aftercare windows, what to expect,
 * the spacing of sessions and maintenance. Public: no patient data, only the clinic's own rules.
 */
export interface ClinicEducation {
  clinic: { slug: string; name: string };
  protocolVersion: string;
  sessionsBySeverity: Record<string, number>;
  interval: { minDays: number; targetMinDays: number; targetMaxDays: number };
  maintenanceEveryMonths: number;
  washouts: EducationWashout[];
  prep: {
    exfoliateDaysBefore: number[];
    noExfoliationDaysBefore: number;
    avoidSunDaysBefore: number;
    antiviralDaysBefore: number;
  };
  aftercare: { code: string; text: string; fromHours: number; toHours: number | null }[];
  expectations: { code: string; text: string; fromDays: number; toDays: number }[];
}

export async function readClinicEducation(deps: ServiceDeps, slug: string): Promise<ClinicEducation> {
  const clinic = await getClinicBySlugOrFail(deps, slug);
  const { protocol } = await loadCurrentProtocol(deps.store.db, clinic.id, deps.setupCache?.protocols);
  const washouts = (
    kind: EducationWashout["kind"],
    rules: typeof protocol.medications | typeof protocol.procedures,
  ) =>
    Object.entries(rules).map(([code, rule]) => ({
      kind,
      code,
      label: rule.label,
      days: rule.days,
      needsReview: rule.needsReview,
    }));
  return {
    clinic: { slug: clinic.slug, name: clinic.name },
    protocolVersion: protocol.version,
    sessionsBySeverity: { ...protocol.series.sessionsBySeverity },
    interval: {
      minDays: protocol.interval.minDays,
      targetMinDays: protocol.interval.targetMinDays,
      targetMaxDays: protocol.interval.targetMaxDays,
    },
    maintenanceEveryMonths: protocol.maintenance.everyMonths,
    washouts: [
      ...washouts("medication", protocol.medications),
      ...washouts("procedure", protocol.procedures),
    ],
    prep: {
      exfoliateDaysBefore: [...protocol.prep.exfoliateDaysBefore],
      noExfoliationDaysBefore: protocol.prep.noExfoliationDaysBefore,
      avoidSunDaysBefore: protocol.prep.avoidSunDaysBefore,
      antiviralDaysBefore: protocol.prep.antiviralDaysBefore,
    },
    aftercare: protocol.aftercare.map((rule) => ({
      code: rule.code,
      text: rule.text,
      fromHours: rule.fromHours,
      toHours: rule.toHours,
    })),
    expectations: protocol.expectations.map((rule) => ({
      code: rule.code,
      text: rule.text,
      fromDays: rule.fromDays,
      toDays: rule.toDays,
    })),
  };
}
