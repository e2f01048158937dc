import { ActionIcon, Alert, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Provider } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { gridOf, hoursOf, WEEKDAYS, type Weekday, type WeekGrid } from "../lib/weekly-hours";
import { ConflictsOrError } from "./conflicts-alert";

/**
 * A provider's usual week as a grid, one row per weekday with its shifts, in the clinic's zone
 * (the server reads the times on the clinic's clock). The whole week is saved at once.
 */
export function HoursGridEditor(props: { slug: string; timeZone: string; provider: Provider }) {
  const { slug, timeZone, provider } = props;
  const queryClient = useQueryClient();
  const [grid, setGrid] = useState<WeekGrid>(() => gridOf(provider.weeklyHours));
  const { weeklyHours, problems } = hoursOf(grid);
  const save = useMutation({
    mutationFn: (acceptConflicts: boolean) =>
      unwrap(
        api.PUT("/api/v1/clinics/{slug}/providers/{providerId}/hours", {
          params: { path: { slug, providerId: provider.id } },
          body: { weeklyHours, ...(acceptConflicts && { acceptConflicts: true }) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers", slug] }),
  });
  const change = (day: Weekday, shifts: WeekGrid[Weekday]) => setGrid((now) => ({ ...now, [day]: shifts }));

  return (
    <Card withBorder>
      <Title order={2} size="h3">
        Weekly hours
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Times are the clinic's ({timeZone}).
      </Text>
      {/* One row per day; on a phone the shifts wrap under the day's name rather than scroll. */}
      <Stack gap={0} role="group" aria-label={`Weekly hours of ${provider.name}`}>
        {WEEKDAYS.map(({ day, name }) => (
          <Group
            key={day}
            align="flex-start"
            gap="sm"
            py="xs"
            style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
          >
            <Text fw={700} w={110} pt={6}>
              {name}
            </Text>
            <div>
              <Stack gap={6}>
                {grid[day].length === 0 && <Text c="dimmed">Not working</Text>}
                {grid[day].map((shift, index) => (
                  // A shift has no id of its own; its place in the day is what the admin edits.
                  // biome-ignore lint/suspicious/noArrayIndexKey: shifts are edited in place
                  <Group key={index} gap={4} wrap="nowrap">
                    <TextInput
                      type="time"
                      w={130}
                      aria-label={`${name} shift ${index + 1} starts`}
                      value={shift.startTime}
                      onChange={(e) => {
                        const startTime = e.currentTarget.value;
                        change(
                          day,
                          grid[day].map((s, i) => (i === index ? { ...s, startTime } : s)),
                        );
                      }}
                    />
                    <Text aria-hidden="true">–</Text>
                    <TextInput
                      type="time"
                      w={130}
                      aria-label={`${name} shift ${index + 1} ends`}
                      value={shift.endTime}
                      onChange={(e) => {
                        const endTime = e.currentTarget.value;
                        change(
                          day,
                          grid[day].map((s, i) => (i === index ? { ...s, endTime } : s)),
                        );
                      }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${name} shift ${index + 1}`}
                      onClick={() =>
                        change(
                          day,
                          grid[day].filter((_, i) => i !== index),
                        )
                      }
                    >
                      ×
                    </ActionIcon>
                  </Group>
                ))}
                {problems[day] && (
                  <Text c="red.8" size="sm" role="alert">
                    {problems[day]}
                  </Text>
                )}
                <Button
                  variant="subtle"
                  size="compact-sm"
                  w="fit-content"
                  onClick={() => change(day, [...grid[day], { startTime: "09:00", endTime: "17:00" }])}
                >
                  Add a shift on {name}
                </Button>
              </Stack>
            </div>
          </Group>
        ))}
      </Stack>
      <Stack mt="sm" gap="sm">
        <ConflictsOrError
          error={save.error}
          timeZone={timeZone}
          pending={save.isPending}
          onAccept={() => save.mutate(true)}
        />
        {save.isSuccess && <Alert color="brand">Weekly hours saved.</Alert>}
        <Group>
          <Button
            onClick={() => save.mutate(false)}
            loading={save.isPending}
            disabled={Object.keys(problems).length > 0}
          >
            Save weekly hours
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
