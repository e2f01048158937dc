import { Card, List, SimpleGrid, Text, Title } from "@mantine/core";
import { type RoutineItem, routineByTime } from "../lib/routine-form";

/** A routine as the patient follows it: what to apply in the morning and in the evening. */
export function RoutineView({ items }: { items: readonly RoutineItem[] }) {
  if (items.length === 0) return <Text c="dimmed">No skincare routine assigned yet.</Text>;
  const byTime = routineByTime(items);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {(["morning", "evening"] as const).map((time) => (
        <Card key={time} withBorder component="section" aria-labelledby={`routine-${time}`}>
          <Title order={2} size="h3" mb="sm" id={`routine-${time}`}>
            {time === "morning" ? "Morning (AM)" : "Evening (PM)"}
          </Title>
          {byTime[time].length === 0 ? (
            <Text c="dimmed">Nothing.</Text>
          ) : (
            <List type="ordered" spacing="xs">
              {byTime[time].map((item) => (
                <List.Item key={`${item.productId ?? item.kind}`}>
                  <Text fw={600} span>
                    {item.name}
                  </Text>{" "}
                  {item.label !== item.name && (
                    <Text span size="sm" c="dimmed">
                      ({item.label})
                    </Text>
                  )}
                  {item.advice !== "" && <Text size="sm">{item.advice}</Text>}
                  {item.pausedAroundSessions && (
                    <Text size="sm" fw={600}>
                      Paused around each session.
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}
