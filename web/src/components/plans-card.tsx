import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { formatInstant } from "../lib/time";
import { ErrorNote, PageLoader } from "./page-state";

/** The patient's plans, newest first, each opening the provider's review; and their routine. */
export function PlansCard({ patientId, zone }: { patientId: string; zone: string }) {
  const plans = useQuery({
    queryKey: keys.plans(patientId),
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/plans", { params: { path: { id: patientId } } })),
  });
  return (
    <Card withBorder component="section" aria-labelledby="plans-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="plans-title">
          Plans and routine
        </Title>
        <Button component={Link} to={`/desk/patients/${patientId}/routine`} variant="light" size="compact-sm">
          Skincare routine
        </Button>
      </Group>
      {plans.isPending ? (
        <PageLoader label="Loading plans…" />
      ) : plans.error ? (
        <ErrorNote error={plans.error} />
      ) : plans.data.plans.length === 0 ? (
        <Text c="dimmed">No plan yet: one is computed when the patient answers the health questions.</Text>
      ) : (
        <Stack gap={4}>
          {plans.data.plans.map((plan) => (
            <Group key={plan.id} gap="sm">
              <Anchor component={Link} to={`/desk/patients/${patientId}/plans/${plan.id}`}>
                Plan of {formatInstant(plan.createdAt, zone)}
              </Anchor>
              <Badge
                variant="light"
                color={plan.status === "draft" ? "blue.9" : plan.status === "accepted" ? "brand" : "gray.7"}
              >
                {plan.status}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
