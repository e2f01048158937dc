import { Alert, Button, Card, Group, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { ConflictsOrError } from "../components/conflicts-alert";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatDay } from "../lib/time";

/**
 * Closures (admin): whole days the clinic is shut, on its own calendar. Closing over booked
 * sessions lists them first; going ahead flags them for the front desk to move.
 */
export default function AdminClosuresPage() {
  return (
    <AdminFrame
      title="Closures"
      path="/admin/closures"
      intro="Days the whole clinic is closed, on the clinic's calendar."
    >
      {(context) => <Closures {...context} />}
    </AdminFrame>
  );
}

function Closures({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const today = Temporal.Now.plainDateISO(timeZone).toString();
  const queryKey = ["closures", slug];
  const closures = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/closures", { params: { path: { slug }, query: { from: today } } }),
      ),
  });
  const [draft, setDraft] = useState({ firstDay: today, lastDay: today, note: "" });
  const add = useMutation({
    mutationFn: (acceptConflicts: boolean) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/closures", {
          params: { path: { slug } },
          body: {
            firstDay: draft.firstDay,
            lastDay: draft.lastDay,
            note: draft.note.trim() === "" ? null : draft.note,
            ...(acceptConflicts && { acceptConflicts: true }),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      setDraft({ firstDay: today, lastDay: today, note: "" });
    },
  });
  const remove = useMutation({
    mutationFn: (closureId: string) =>
      unwrap(
        api.DELETE("/api/v1/clinics/{slug}/closures/{closureId}", { params: { path: { slug, closureId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  const errors = fieldErrorsOf(add.error);
  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setDraft((now) => ({ ...now, [field]: value }));
  };

  return (
    <Stack gap="lg">
      {closures.isPending ? (
        <PageLoader label="Loading the closures…" />
      ) : closures.error ? (
        <ErrorNote error={closures.error} />
      ) : (
        <DataTable
          label="Closures"
          headers={["First day", "Last day", "Reason", ""]}
          empty="No closures from today on."
          rows={closures.data.closures.map((c) => ({
            key: c.id,
            cells: [
              formatDay(c.firstDay),
              formatDay(c.lastDay),
              c.note ?? "",
              <Button
                key="remove"
                size="compact-sm"
                variant="subtle"
                color="red"
                loading={remove.isPending && remove.variables === c.id}
                onClick={() => remove.mutate(c.id)}
                aria-label={`Reopen ${formatDay(c.firstDay)}${c.lastDay === c.firstDay ? "" : ` to ${formatDay(c.lastDay)}`}`}
              >
                Reopen
              </Button>,
            ],
          }))}
        />
      )}
      <ErrorNote error={remove.error} title="Not reopened" />
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          Close the clinic
        </Title>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              type="date"
              label="First day"
              required
              value={draft.firstDay}
              onChange={set("firstDay")}
              error={errors.firstDay}
            />
            <TextInput
              type="date"
              label="Last day"
              required
              value={draft.lastDay}
              onChange={set("lastDay")}
              error={errors.lastDay}
            />
            <TextInput label="Reason" value={draft.note} onChange={set("note")} error={errors.note} />
          </SimpleGrid>
          <ConflictsOrError
            error={add.error}
            timeZone={timeZone}
            pending={add.isPending}
            onAccept={() => add.mutate(true)}
          />
          {add.isSuccess && <Alert color="brand">Closed {formatDay(add.data.firstDay)}.</Alert>}
          <Group>
            <Button onClick={() => add.mutate(false)} loading={add.isPending}>
              Add closure
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
