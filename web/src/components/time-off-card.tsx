import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Temporal } from "temporal-polyfill";
import type { HoursException, Provider } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { formatInstant } from "../lib/time";
import { ConflictsOrError } from "./conflicts-alert";
import { DataTable } from "./data-table";
import { ErrorNote, PageLoader } from "./page-state";

/** The instant a wall-clock date and time mean in `timeZone` (`2027-03-01`, `09:30`). */
export function instantAt(date: string, time: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(`${date}T${time || "00:00"}`)
    .toZonedDateTime(timeZone)
    .toInstant()
    .toString();
}

/**
 * A provider's time off and extra hours from today for a year, entered and shown on the clinic's
 * clock; adding time off over booked sessions lists them first.
 */
export function TimeOffCard(props: { slug: string; timeZone: string; provider: Provider }) {
  const { slug, timeZone, provider } = props;
  const queryClient = useQueryClient();
  const [range] = useState(() => {
    const from = Temporal.Now.zonedDateTimeISO(timeZone).startOfDay();
    return { from: from.toInstant().toString(), to: from.add({ days: 365 }).toInstant().toString() };
  });
  const queryKey = ["hours-exceptions", slug, provider.id];
  const exceptions = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions", {
          params: { path: { slug, providerId: provider.id }, query: range },
        }),
      ),
  });
  const today = Temporal.Now.plainDateISO(timeZone).toString();
  const [draft, setDraft] = useState({
    kind: "time_off" as HoursException["kind"],
    firstDay: today,
    startTime: "00:00",
    lastDay: today,
    endTime: "23:59",
    note: "",
  });
  const add = useMutation({
    mutationFn: (acceptConflicts: boolean) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions", {
          params: { path: { slug, providerId: provider.id } },
          body: {
            kind: draft.kind,
            startsAt: instantAt(draft.firstDay, draft.startTime, timeZone),
            endsAt: instantAt(draft.lastDay, draft.endTime, timeZone),
            note: draft.note.trim() === "" ? null : draft.note,
            ...(acceptConflicts && { acceptConflicts: true }),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions/{exceptionId}", {
          params: { path: { slug, providerId: provider.id, exceptionId: id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  const errors = fieldErrorsOf(add.error);
  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setDraft((now) => ({ ...now, [field]: value }));
  };

  return (
    <Card withBorder>
      <Title order={2} size="h3" mb="sm">
        Time off and extra hours
      </Title>
      {exceptions.isPending ? (
        <PageLoader label="Loading time off…" />
      ) : exceptions.error ? (
        <ErrorNote error={exceptions.error} />
      ) : (
        <DataTable
          label={`Time off and extra hours of ${provider.name}`}
          headers={["Kind", "From", "Until", "Note", ""]}
          empty="Nothing planned in the coming year."
          rows={exceptions.data.exceptions.map((e) => ({
            key: e.id,
            cells: [
              e.kind === "time_off" ? "Time off" : "Extra hours",
              formatInstant(e.startsAt, timeZone),
              formatInstant(e.endsAt, timeZone),
              e.note ?? "",
              <Button
                key="remove"
                size="compact-sm"
                variant="subtle"
                color="red"
                loading={remove.isPending && remove.variables === e.id}
                onClick={() => remove.mutate(e.id)}
                aria-label={`Remove ${e.kind === "time_off" ? "time off" : "extra hours"} from ${formatInstant(e.startsAt, timeZone)}`}
              >
                Remove
              </Button>,
            ],
          }))}
        />
      )}
      <ErrorNote error={remove.error} title="Not removed" />
      <Stack gap="sm" mt="md">
        <SegmentedControl
          aria-label="Kind"
          value={draft.kind}
          onChange={(kind) => setDraft((now) => ({ ...now, kind: kind as HoursException["kind"] }))}
          data={[
            { value: "time_off", label: "Time off" },
            { value: "extra_hours", label: "Extra hours" },
          ]}
          w="fit-content"
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <TextInput
            type="date"
            label="First day"
            value={draft.firstDay}
            onChange={set("firstDay")}
            error={errors.startsAt}
          />
          <TextInput type="time" label="From" value={draft.startTime} onChange={set("startTime")} />
          <TextInput
            type="date"
            label="Last day"
            value={draft.lastDay}
            onChange={set("lastDay")}
            error={errors.endsAt}
          />
          <TextInput type="time" label="Until" value={draft.endTime} onChange={set("endTime")} />
        </SimpleGrid>
        <TextInput label="Note" value={draft.note} onChange={set("note")} error={errors.note} />
        <ConflictsOrError
          error={add.error}
          timeZone={timeZone}
          pending={add.isPending}
          onAccept={() => add.mutate(true)}
        />
        {add.isSuccess && <Alert color="brand">Added.</Alert>}
        <Group>
          <Button onClick={() => add.mutate(false)} loading={add.isPending}>
            Add {draft.kind === "time_off" ? "time off" : "extra hours"}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
