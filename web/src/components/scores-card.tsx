import { Card, Text, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { scoreSeries } from "../lib/score-series";
import { shortDay } from "../lib/time";
import { ErrorNote, PageLoader } from "./page-state";
import { LineChart } from "./svg-chart";

/**
 * The provider's severity scores (0 none – 10 most severe) per concern over the patient's
 * sessions, oldest first. The API keeps one assessment per session, so each session is asked.
 */
export function ScoresCard({ sessions }: { sessions: { id: string; day: string }[] }) {
  const assessments = useQueries({
    queries: sessions.map((s) => ({
      queryKey: ["assessment", s.id],
      queryFn: () =>
        unwrap(api.GET("/api/v1/bookings/{bookingId}/assessment", { params: { path: { bookingId: s.id } } })),
    })),
  });
  const pending = assessments.some((a) => a.isPending);
  const error = assessments.find((a) => a.error)?.error;
  const assessed = sessions.flatMap((s, i) => {
    const found = assessments[i]?.data?.assessment;
    return found ? [{ label: shortDay(s.day), concerns: found.concerns }] : [];
  });
  const series = scoreSeries(assessed);
  return (
    <Card withBorder component="section" aria-labelledby="scores-title">
      <Title order={2} size="h3" mb="sm" id="scores-title">
        Scores over time
      </Title>
      {pending ? (
        <PageLoader label="Loading assessments…" />
      ) : error ? (
        <ErrorNote error={error} />
      ) : series.length === 0 ? (
        <Text c="dimmed">No session has a scored assessment yet.</Text>
      ) : (
        <LineChart
          title="Severity per concern, 0 (none) to 10 (most severe)"
          labels={assessed.map((a) => a.label)}
          series={series}
          max={10}
        />
      )}
    </Card>
  );
}
