import { Card, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate } from "react-router";
import { api, unwrap } from "../api/client";
import { useCurrentPlan } from "../api/patient-queries";
import { ErrorNote, PageLoader } from "../components/page-state";
import { RoutineView } from "../components/routine-view";
import { formatDay } from "../lib/time";
import { useSession } from "../session";

/** The patient's own skincare routine, read-only, with the dated pauses around their sessions. */
export default function RoutinePage() {
  const session = useSession();
  const patientId = session.patientId;
  const routine = useQuery({
    queryKey: ["routine", patientId],
    enabled: patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/patients/{id}/routine", { params: { path: { id: patientId ?? "" } } })),
  });
  const plan = useCurrentPlan(patientId);

  if (session.loading) return <PageLoader />;
  if (patientId === null) return <Navigate to="/signin?next=/routine" replace />;
  if (routine.isPending) return <PageLoader label="Loading your routine…" />;
  if (routine.error) return <ErrorNote error={routine.error} />;
  // The plan dates each pause around the planned sessions; without a plan there are no dates yet.
  const pauses = (plan.data?.routine ?? []).filter((item) => item.pauses.length > 0);
  return (
    <Stack gap="lg">
      <Title order={1}>Your skincare routine</Title>
      <Text>Set by your provider. Ask the clinic before changing it.</Text>
      <RoutineView items={routine.data.items} />
      {plan.isPending ? (
        <PageLoader label="Loading the pauses…" />
      ) : (
        pauses.length > 0 && (
          <Card withBorder component="section" aria-labelledby="pauses-title">
            <Title order={2} size="h3" mb="sm" id="pauses-title">
              Pauses around your sessions
            </Title>
            <List spacing="xs">
              {pauses.flatMap((item) =>
                item.pauses.map((pause) => (
                  <List.Item key={`${item.productId ?? item.kind}-${pause.stopOn}`}>
                    <strong>{item.name}</strong>: stop on {formatDay(pause.stopOn)}, start again on{" "}
                    {formatDay(pause.resumeOn)} (session{pause.sessions.length === 1 ? "" : "s"}{" "}
                    {pause.sessions.join(", ")})
                  </List.Item>
                )),
              )}
            </List>
          </Card>
        )
      )}
    </Stack>
  );
}
