import { Alert, Button, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, keys, unwrap } from "../api/client";
import { formatDay } from "../lib/time";
import { ErrorNote } from "./page-state";

/**
 * Offered when a month has no free time: wait for one instead. If someone cancels inside the
 * window, the server offers the freed time to the first patient it suits, by message with a link.
 */
export function WaitlistJoin({
  patientId,
  service,
  providerId,
  from,
  to,
  firstDay,
  lastDay,
}: {
  patientId: string;
  service: string;
  providerId?: string | undefined;
  /** The window, as instants: [from, to). */
  from: string;
  to: string;
  /** The same window as clinic days, for the sentence the patient reads. */
  firstDay: string;
  lastDay: string;
}) {
  const queryClient = useQueryClient();
  const join = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/waitlist", {
          body: { patientId, service, from, to, ...(providerId ? { providerId } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.waitlist(patientId) }),
  });
  if (join.isSuccess) {
    return (
      <Alert color="green" title="You are on the waitlist" role="status">
        If a time frees up between {formatDay(firstDay)} and {formatDay(lastDay)}, we send you a message with
        a link to take it.
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text>
          Nothing free between {formatDay(firstDay)} and {formatDay(lastDay)}. Join the waitlist and we tell
          you when a time frees up.
        </Text>
        <ErrorNote error={join.error} title="Not added to the waitlist" />
        <Button variant="light" onClick={() => join.mutate()} loading={join.isPending} w="fit-content">
          Join the waitlist for these dates
        </Button>
      </Stack>
    </Paper>
  );
}
