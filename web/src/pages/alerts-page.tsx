import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate } from "react-router";
import { api, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatInstant } from "../lib/time";
import { useSession } from "../session";

/** Who may read and take up alerts: the people who can act on a patient's healing. */
const ALERT_ROLES = ["provider", "admin"];

/**
 * The clinic's alerts inbox: check-in answers outside the expected course of healing, urgent
 * first by colour, newest first. Acknowledging records who took it up and when.
 */
export default function AlertsPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<"open" | "all">("open");
  const allowed = session.role !== null && ALERT_ROLES.includes(session.role);
  const alerts = useQuery({
    queryKey: ["alerts", slug, status],
    enabled: slug !== "" && allowed,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/alerts", {
          params: { path: { slug }, query: { status, limit: 200 } },
        }),
      ),
    refetchInterval: 60_000,
  });
  const acknowledge = useMutation({
    mutationFn: (alertId: string) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/alerts/{alertId}/acknowledge", {
          params: { path: { slug, alertId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["alerts", slug] }),
  });

  if (session.loading) return <PageLoader />;
  if (session.role === null) return <Navigate to="/signin?next=/desk/alerts" replace />;
  if (!allowed)
    return (
      <ErrorNote title="Not for this account" error={new Error("Alerts are for providers and admins.")} />
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Alerts</Title>
        <SegmentedControl
          aria-label="Which alerts"
          value={status}
          onChange={(value) => setStatus(value as "open" | "all")}
          data={[
            { value: "open", label: "Open" },
            { value: "all", label: "All" },
          ]}
        />
      </Group>
      <ErrorNote error={acknowledge.error} />
      {alerts.isPending ? (
        <PageLoader label="Loading alerts…" />
      ) : alerts.error ? (
        <ErrorNote error={alerts.error} />
      ) : alerts.data.alerts.length === 0 ? (
        <Text c="dimmed">{status === "open" ? "No open alerts." : "No alerts yet."}</Text>
      ) : (
        alerts.data.alerts.map((alert) => (
          <Card key={alert.id} withBorder component="article" aria-label={`Alert for ${alert.patientName}`}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Group gap="xs">
                  <Badge color={alert.severity === "urgent" ? "red.9" : "yellow.8"}>{alert.severity}</Badge>
                  <Anchor component={Link} to={`/desk/patients/${alert.patientId}`} fw={600}>
                    {alert.patientName}
                  </Anchor>
                  <Text size="sm">day {alert.checkInDay} check-in</Text>
                </Group>
                <Text size="sm" c="dimmed">
                  raised {formatInstant(alert.raisedAt, session.timeZone)}
                </Text>
              </Group>
              <Text>{alert.summary}</Text>
              {alert.acknowledgedAt === null ? (
                <Button
                  w="fit-content"
                  onClick={() => acknowledge.mutate(alert.id)}
                  loading={acknowledge.isPending && acknowledge.variables === alert.id}
                >
                  Acknowledge
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  Acknowledged by {alert.acknowledgedByName ?? "staff"}{" "}
                  {formatInstant(alert.acknowledgedAt, session.timeZone)}
                  {alert.responseMinutes !== null && ` (after ${alert.responseMinutes} min)`}
                </Text>
              )}
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}
