import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { ErrorNote } from "./page-state";

/**
 * The patient's calendar feed link. The server keeps only a hash of it, so the address is shown
 * once, right after it is made; making a new one stops the old one, and revoking stops all.
 */
export function CalendarLinkCard({ patientId }: { patientId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const path = { params: { path: { id: patientId } } };
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/patients/{id}/calendar-token", path)),
    onSuccess: (link) => {
      setUrl(link.url);
      setRevoked(false);
    },
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/patients/{id}/calendar-token", path)),
    onSuccess: () => {
      setUrl(null);
      setRevoked(true);
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="calendar-link-title">
      <Title order={2} size="h3" mb="sm" id="calendar-link-title">
        Add to my calendar
      </Title>
      <Stack gap="sm">
        <Text size="sm">
          A private link your phone or computer calendar subscribes to: your appointments appear there and
          follow any change.
        </Text>
        <ErrorNote error={create.error ?? revoke.error} />
        {url !== null && (
          <Stack gap="xs">
            <TextInput label="Your calendar link (shown only now)" value={url} readOnly />
            <Group>
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? "Copied" : "Copy the link"}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" c="dimmed">
              Keep it private: anyone with the link sees your appointment times.
            </Text>
          </Stack>
        )}
        {revoked && (
          <Alert color="gray" role="status">
            The link is revoked: calendars using it stop updating.
          </Alert>
        )}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending}>
            {url === null ? "Make a calendar link" : "Make a new link (the old one stops)"}
          </Button>
          <Button variant="subtle" color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
            Revoke my link
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
