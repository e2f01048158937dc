import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { usePatientBookings } from "../api/patient-queries";
import { ErrorNote, PageLoader } from "../components/page-state";
import { PhotosCard } from "../components/photos-card";
import { PlansCard } from "../components/plans-card";
import { ScoresCard } from "../components/scores-card";
import { dayOf, formatInstant } from "../lib/time";
import { isStaff, useSession } from "../session";

const STATUS_COLOR: Record<string, string> = {
  pending: "blue.9",
  sent: "brand",
  failed: "red.9",
  cancelled: "gray.7",
};

/** Roles that chart sessions; the front desk sees the sessions without the chart link. */
const CHARTING = ["provider", "admin"];

/**
 * One patient for the staff: their sessions (with the chart for providers) and every message the
 * clinic scheduled or sent them, where a failed one can be sent again.
 */
export default function DeskPatientPage() {
  const { patientId = "" } = useParams();
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const staff = isStaff(session.role);
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: ["patient", patientId],
    enabled: staff,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}", { params: { path: { id: patientId } } })),
  });
  const bookings = usePatientBookings(staff ? patientId : null);
  const messages = useQuery({
    queryKey: ["messages", patientId],
    enabled: staff,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/messages", { params: { path: { id: patientId } } })),
  });
  const charting = session.role !== null && CHARTING.includes(session.role);
  const alerts = useQuery({
    queryKey: ["patient-alerts", patientId],
    enabled: charting,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/alerts", { params: { path: { id: patientId } } })),
  });
  const resend = useMutation({
    mutationFn: (messageId: string) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/messages/{messageId}/resend", {
          params: { path: { slug, messageId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["messages", patientId] }),
  });

  if (session.loading) return <PageLoader />;
  if (!staff) return <Navigate to={`/signin?next=/desk/patients/${patientId}`} replace />;
  if (profile.isPending) return <PageLoader label="Loading the patient…" />;
  if (profile.error) return <ErrorNote error={profile.error} />;
  const zone = session.timeZone;
  const sessions = [...(bookings.data?.bookings ?? [])].sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  // Sessions that happened or are booked: photos are tied to them, assessments come from them.
  const held = sessions.filter((b) => b.status !== "cancelled");

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>{profile.data.name}</Title>
        <Button component={Link} to={`/book?service=microneedling&patientId=${patientId}`} variant="light">
          Book for {profile.data.name}
        </Button>
      </Group>
      <Card withBorder component="section" aria-labelledby="sessions-title">
        <Title order={2} size="h3" mb="sm" id="sessions-title">
          Sessions
        </Title>
        {bookings.isPending ? (
          <PageLoader label="Loading sessions…" />
        ) : bookings.error ? (
          <ErrorNote error={bookings.error} />
        ) : sessions.length === 0 ? (
          <Text c="dimmed">No sessions yet.</Text>
        ) : (
          <Stack gap={4}>
            {sessions.map((b) => (
              <Group key={b.id} gap="sm">
                <Anchor component={Link} to={`/bookings/${b.id}`}>
                  {formatInstant(b.startsAt, zone)}
                </Anchor>
                <Text size="sm">
                  {b.service}
                  {b.seriesNumber !== null && ` #${b.seriesNumber}`} · {b.status.replace("_", " ")}
                </Text>
                {charting && b.status !== "cancelled" && (
                  <Anchor component={Link} to={`/bookings/${b.id}/chart`} size="sm">
                    Chart
                  </Anchor>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {charting && <PlansCard patientId={patientId} zone={zone} />}
      {charting && bookings.data !== undefined && (
        <PhotosCard
          patientId={patientId}
          zone={zone}
          sessions={held.map((b) => ({ id: b.id, label: formatInstant(b.startsAt, zone) }))}
        />
      )}
      {charting && bookings.data !== undefined && (
        <ScoresCard
          sessions={[...held]
            .reverse()
            .filter((b) => b.status !== "no_show")
            .map((b) => ({ id: b.id, day: dayOf(b.startsAt, zone) }))}
        />
      )}
      {charting && (
        <Card withBorder component="section" aria-labelledby="alerts-title">
          <Title order={2} size="h3" mb="sm" id="alerts-title">
            Alerts
          </Title>
          {alerts.isPending ? (
            <PageLoader label="Loading alerts…" />
          ) : alerts.error ? (
            <ErrorNote error={alerts.error} />
          ) : alerts.data.alerts.length === 0 ? (
            <Text c="dimmed">No alerts from check-ins.</Text>
          ) : (
            <Stack gap={4}>
              {alerts.data.alerts.map((a) => (
                <Group key={a.id} gap="xs" wrap="nowrap" align="flex-start">
                  <Badge color={a.severity === "urgent" ? "red.9" : "yellow.8"} style={{ flexShrink: 0 }}>
                    {a.severity}
                  </Badge>
                  <Text>
                    {formatInstant(a.raisedAt, zone)}, day {a.checkInDay}: {a.summary}
                    {a.acknowledgedAt === null
                      ? " (open)"
                      : ` (acknowledged by ${a.acknowledgedByName ?? "staff"})`}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Card>
      )}
      <Card withBorder component="section" aria-labelledby="messages-title">
        <Title order={2} size="h3" mb="sm" id="messages-title">
          Messages
        </Title>
        <ErrorNote error={resend.error} title="Not sent again" />
        {messages.isPending ? (
          <PageLoader label="Loading messages…" />
        ) : messages.error ? (
          <ErrorNote error={messages.error} />
        ) : messages.data.messages.length === 0 ? (
          <Text c="dimmed">No messages yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Message</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Action</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {messages.data.messages.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      {m.kind.replaceAll("_", " ")} ({m.channel})
                    </Table.Td>
                    <Table.Td>{m.recipient}</Table.Td>
                    <Table.Td>{formatInstant(m.sentAt ?? m.sendAt, zone)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[m.status] ?? "gray.7"}>{m.status}</Badge>
                      {m.lastError !== null && (
                        <Text size="xs" c="dimmed">
                          {m.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.status === "failed" && (
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => resend.mutate(m.id)}
                          loading={resend.isPending && resend.variables === m.id}
                        >
                          Resend
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
