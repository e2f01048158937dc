import { Alert, Button, Card, Checkbox, Code, Group, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { WebhookEvent } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";
import { WebhookDeliveries } from "../components/webhook-deliveries";

const EVENTS: WebhookEvent[] = [
  "booking.created",
  "booking.rescheduled",
  "booking.cancelled",
  "booking.completed",
  "booking.no_show",
  "alert.raised",
];

/**
 * Webhooks (admin): addresses told about bookings and alerts, each signing with its own secret.
 * A secret is shown once, when made or rotated; the server never shows it again.
 */
export default function AdminWebhooksPage() {
  return (
    <AdminFrame title="Webhooks" path="/admin/webhooks">
      {(context) => <Webhooks {...context} />}
    </AdminFrame>
  );
}

function Webhooks({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const queryKey = ["webhooks", slug];
  const webhooks = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/webhooks", { params: { path: { slug } } })),
  });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [watching, setWatching] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { url: "", description: "", eventTypes: ["booking.created"] as WebhookEvent[] },
    submit: (values) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/webhooks", {
          params: { path: { slug } },
          body: { ...values, description: values.description.trim() === "" ? null : values.description },
        }),
      ),
    onSuccess: async (created) => {
      setSecret({ url: created.url, secret: created.secret });
      form.reset();
      await refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/webhooks/{webhookId}/rotate-secret", {
          params: { path: { slug, webhookId } },
        }),
      ),
    onSuccess: (rotated) => setSecret({ url: rotated.url, secret: rotated.secret }),
  });
  const update = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}/webhooks/{webhookId}", {
          params: { path: { slug, webhookId: id } },
          body: { active },
        }),
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (webhookId: string) =>
      unwrap(
        api.DELETE("/api/v1/clinics/{slug}/webhooks/{webhookId}", { params: { path: { slug, webhookId } } }),
      ),
    onSuccess: refresh,
  });

  if (webhooks.isPending) return <PageLoader label="Loading the webhooks…" />;
  if (webhooks.error) return <ErrorNote error={webhooks.error} />;
  const watched = webhooks.data.webhooks.find((w) => w.id === watching);

  return (
    <Stack gap="lg">
      {secret && (
        <Alert
          color="yellow"
          title={`Signing secret for ${secret.url}`}
          withCloseButton
          onClose={() => setSecret(null)}
          closeButtonLabel="Hide the secret"
        >
          Copy it now into the receiving system; it is not shown again. <Code>{secret.secret}</Code>
        </Alert>
      )}
      <DataTable
        label="Webhooks"
        headers={["Address", "Events", "Status", ""]}
        empty="No webhooks yet."
        minWidth={720}
        rows={webhooks.data.webhooks.map((w) => ({
          key: w.id,
          cells: [
            w.description ? `${w.url} (${w.description})` : w.url,
            w.eventTypes.join(", "),
            w.active ? "Active" : "Paused",
            <Group key="actions" gap={4} wrap="nowrap">
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => setWatching(w.id)}
                aria-label={`Deliveries of ${w.url}`}
              >
                Deliveries
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => update.mutate({ id: w.id, active: !w.active })}
                aria-label={`${w.active ? "Pause" : "Resume"} ${w.url}`}
              >
                {w.active ? "Pause" : "Resume"}
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => rotate.mutate(w.id)}
                aria-label={`Rotate the secret of ${w.url}`}
              >
                Rotate secret
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => remove.mutate(w.id)}
                aria-label={`Delete ${w.url}`}
              >
                Delete
              </Button>
            </Group>,
          ],
        }))}
      />
      <ErrorNote error={rotate.error ?? update.error ?? remove.error} />
      {watched && <WebhookDeliveries slug={slug} timeZone={timeZone} webhook={watched} />}
      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Title order={2} size="h3" mb="sm">
          Add a webhook
        </Title>
        <Stack gap="sm">
          <TextInput label="Address (https)" type="url" required {...form.getInputProps("url")} />
          <TextInput label="Description" {...form.getInputProps("description")} />
          <Checkbox.Group label="Events to send" required {...form.getInputProps("eventTypes")}>
            <Group mt={6}>
              {EVENTS.map((event) => (
                <Checkbox key={event} value={event} label={event} />
              ))}
            </Group>
          </Checkbox.Group>
          <ErrorNote error={mutation.error} title="Not added" />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              Add webhook
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
