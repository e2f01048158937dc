import { Card, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Navigate } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { CalendarLinkCard } from "../components/calendar-link-card";
import { ErrorNote, PageLoader } from "../components/page-state";
import { useSession } from "../session";

type Channel = "email" | "sms";
const CHANNELS: { channel: Channel; label: string }[] = [
  { channel: "email", label: "By email" },
  { channel: "sms", label: "By text message" },
];

/** The patient's own settings: which optional messages they get, and their calendar link. */
export default function SettingsPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const patientId = session.patientId ?? "";
  const path = { params: { path: { id: patientId } } };
  const preferences = useQuery({
    queryKey: keys.messagePreferences(patientId),
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/message-preferences", path)),
    enabled: patientId !== "",
  });
  const save = useMutation({
    mutationFn: (change: { channel: Channel; receive: boolean }) =>
      unwrap(
        api.PUT("/api/v1/patients/{id}/message-preferences", {
          ...path,
          body: { recall: { [change.channel]: change.receive } },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(keys.messagePreferences(patientId), saved),
  });

  if (session.loading) return <PageLoader />;
  if (session.account === null) return <Navigate to="/signin?next=/settings" replace />;
  if (session.role !== "patient") return <Navigate to="/" replace />;

  return (
    <Stack gap="lg">
      <Title order={1}>Settings</Title>
      <Card withBorder component="section" aria-labelledby="messages-title">
        <Title order={2} size="h3" mb="xs" id="messages-title">
          Messages
        </Title>
        <Text size="sm" mb="sm">
          Maintenance reminders (when your next touch-up session is due) are optional. Messages about your
          safety (aftercare, check-ins after a session, changes to your appointments) always reach you.
        </Text>
        {preferences.isPending ? (
          <PageLoader label="Loading your choices…" />
        ) : (
          <Stack gap="sm" role="group" aria-labelledby="recall-label">
            <Text fw={500} id="recall-label">
              Maintenance reminders
            </Text>
            {CHANNELS.map(({ channel, label }) => (
              <Switch
                key={channel}
                label={label}
                checked={preferences.data?.recall[channel] ?? true}
                disabled={preferences.error !== null || save.isPending}
                onChange={(event) => save.mutate({ channel, receive: event.currentTarget.checked })}
              />
            ))}
          </Stack>
        )}
        <ErrorNote error={preferences.error} title="Your choices could not be loaded" />
        <ErrorNote error={save.error} title="Not saved" />
        {save.isSuccess && (
          <Text size="sm" c="dimmed" role="status" mt="xs">
            Saved.
          </Text>
        )}
      </Card>
      <CalendarLinkCard patientId={patientId} />
    </Stack>
  );
}
