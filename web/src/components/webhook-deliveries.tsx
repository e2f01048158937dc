import { Button, Card, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Webhook } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { formatInstant } from "../lib/time";
import { DataTable } from "./data-table";
import { ErrorNote, PageLoader } from "./page-state";

/** A webhook's latest deliveries, each with its last attempt, and a way to send one again. */
export function WebhookDeliveries(props: { slug: string; timeZone: string; webhook: Webhook }) {
  const { slug, timeZone, webhook } = props;
  const queryClient = useQueryClient();
  const queryKey = ["webhook-deliveries", slug, webhook.id];
  const deliveries = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/webhooks/{webhookId}/deliveries", {
          params: { path: { slug, webhookId: webhook.id }, query: { limit: 50 } },
        }),
      ),
  });
  const redeliver = useMutation({
    mutationFn: (eventId: string) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/webhooks/{webhookId}/deliveries/{eventId}/redeliver", {
          params: { path: { slug, webhookId: webhook.id, eventId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h3" mb="sm">
        Deliveries to {webhook.url}
      </Title>
      {deliveries.isPending ? (
        <PageLoader label="Loading the deliveries…" />
      ) : deliveries.error ? (
        <ErrorNote error={deliveries.error} />
      ) : (
        <DataTable
          label="Deliveries"
          headers={["Event", "Created", "Status", "Last answer", ""]}
          empty="Nothing sent yet."
          minWidth={640}
          rows={deliveries.data.deliveries.map((d) => {
            const last = d.attemptLog.at(-1);
            return {
              key: d.eventId,
              cells: [
                d.eventType,
                formatInstant(d.createdAt, timeZone),
                `${d.status} (${d.attempts} ${d.attempts === 1 ? "attempt" : "attempts"})`,
                last ? (last.error ?? `HTTP ${last.statusCode ?? "?"}`) : "—",
                <Button
                  key="redeliver"
                  size="compact-sm"
                  variant="subtle"
                  loading={redeliver.isPending && redeliver.variables === d.eventId}
                  onClick={() => redeliver.mutate(d.eventId)}
                  aria-label={`Send ${d.eventType} of ${formatInstant(d.createdAt, timeZone)} again`}
                >
                  Send again
                </Button>,
              ],
            };
          })}
        />
      )}
      <ErrorNote error={redeliver.error} title="Not sent again" />
    </Card>
  );
}
