import type { ChartSeries } from "../components/svg-chart";

export interface AssessedSession {
  label: string;
  concerns: { concern: string; score: number | null }[];
}

/**
 * One line per concern across the assessed sessions, oldest first: a concern not scored at a
 * session is a gap there, not a zero (zero means "none", a real score).
 */
export function scoreSeries(sessions: readonly AssessedSession[]): ChartSeries[] {
  const concerns = [
    ...new Set(sessions.flatMap((s) => s.concerns.filter((c) => c.score !== null).map((c) => c.concern))),
  ];
  return concerns.map((concern) => ({
    name: concern.replaceAll("_", " "),
    values: sessions.map((s) => s.concerns.find((c) => c.concern === concern)?.score ?? null),
  }));
}
