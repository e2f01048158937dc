import { Card, List, Stack, Text, Title } from "@mantine/core";
import { Temporal } from "temporal-polyfill";
import { type Doc, sampleSeries, valueAt } from "../lib/protocol-draft";
import { formatDay } from "../lib/time";

const numberAt = (doc: Doc, path: string, fallback: number) => {
  const value = valueAt(doc, path);
  return typeof value === "number" ? value : fallback;
};

/**
 * What a new plan would say under the draft, for a sample patient: a moderate concern, a
 * retinoid cream used until today. Worked out here from the draft so it follows every keystroke;
 * the server's plan engine has the last word once the version is saved.
 */
export function ProtocolPreview({ draft, today }: { draft: Doc; today: string }) {
  const retinoid = numberAt(draft, "medications.topical_retinoid.days", 0);
  const firstDay = Temporal.PlainDate.from(today).add({ days: retinoid }).toString();
  const series = sampleSeries(
    firstDay,
    numberAt(draft, "series.sessionsBySeverity.moderate", 3),
    numberAt(draft, "interval.targetMinDays", 28),
    numberAt(draft, "maintenance.everyMonths", 6),
  );
  const exfoliate = valueAt(draft, "prep.exfoliateDaysBefore");
  const aftercare = valueAt(draft, "aftercare");
  const signs = valueAt(draft, "redFlags.signs");
  return (
    <Card withBorder aria-labelledby="protocol-preview">
      <Title order={2} size="h3" mb="xs" id="protocol-preview">
        Preview
      </Title>
      <Stack gap="sm">
        <Text>
          A new patient still using a retinoid cream today would be told: pause it at least{" "}
          <strong>{retinoid} days</strong> before a session; first session on or after{" "}
          <strong>{formatDay(firstDay)}</strong>.
        </Text>
        <div>
          <Text fw={500}>A moderate concern's series from then</Text>
          <List size="sm">
            {series.sessions.map((day, index) => (
              <List.Item key={day}>
                Session {index + 1}: {formatDay(day)}
              </List.Item>
            ))}
            <List.Item>Maintenance: {formatDay(series.maintenance)}</List.Item>
          </List>
        </div>
        <Text size="sm">
          Before each session: exfoliate{" "}
          {Array.isArray(exfoliate) && exfoliate.length > 0 ? `${exfoliate.join(", ")} days before` : "never"}
          ; none from {numberAt(draft, "prep.noExfoliationDaysBefore", 1)} days before; avoid the sun from{" "}
          {numberAt(draft, "prep.avoidSunDaysBefore", 0)} days before.
        </Text>
        {Array.isArray(aftercare) && aftercare.length > 0 && (
          <div>
            <Text fw={500}>Aftercare</Text>
            <List size="sm">
              {(
                aftercare as { code?: string; text?: string; fromHours?: number; toHours?: number | null }[]
              ).map((rule, i) => (
                <List.Item key={rule.code ?? i}>
                  {rule.text} (
                  {rule.toHours == null
                    ? `from hour ${rule.fromHours ?? 0}`
                    : `hours ${rule.fromHours ?? 0}–${rule.toHours}`}
                  )
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {Array.isArray(signs) && signs.length > 0 && (
          <div>
            <Text fw={500}>Call the clinic if</Text>
            <List size="sm">
              {(signs as { code?: string; text?: string }[]).map((sign, i) => (
                <List.Item key={sign.code ?? i}>{sign.text}</List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Card>
  );
}
