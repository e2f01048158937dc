import { Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { valueAt, withValueAt } from "../lib/protocol-draft";
import { DayField, DayListField, type DraftProps, ProseField } from "./protocol-fields";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Spacing between sessions and the maintenance session after a series. */
export function SpacingSection(props: DraftProps) {
  return (
    <Section title="Series and spacing">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <DayField {...props} path="interval.minDays" label="Shortest gap (days)" />
        <DayField {...props} path="interval.targetMinDays" label="Aim for at least (days)" />
        <DayField {...props} path="interval.targetMaxDays" label="Aim for at most (days)" />
        <DayField
          {...props}
          path="interval.overrideMinDays"
          label="Shortest gap with a provider's override (days)"
        />
        <DayField {...props} path="maintenance.everyMonths" label="Maintenance every (months)" />
      </SimpleGrid>
      <Text fw={500} mt="md" mb={4}>
        Sessions in a series, by how marked the concern is
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DayField {...props} path="series.sessionsBySeverity.mild" label="Sessions if mild" />
        <DayField {...props} path="series.sessionsBySeverity.moderate" label="Sessions if moderate" />
        <DayField {...props} path="series.sessionsBySeverity.severe" label="Sessions if severe" />
      </SimpleGrid>
    </Section>
  );
}

/** The pauses before a session, per medicine or treatment (the labels the front desk knows). */
export function WashoutSection(props: DraftProps) {
  const rows = (kind: "medications" | "procedures") => {
    const rules = valueAt(props.draft, kind);
    if (typeof rules !== "object" || rules === null) return [];
    return Object.entries(rules as Record<string, { label?: unknown; days?: unknown }>).map(
      ([code, rule]) => {
        const label = typeof rule.label === "string" ? rule.label : code;
        const path = `${kind}.${code}.days`;
        return (
          <Table.Tr key={path}>
            <Table.Td>{label}</Table.Td>
            <Table.Td>
              <NumberInput
                aria-label={`Days of pause: ${label}`}
                min={0}
                max={3650}
                w={120}
                allowDecimal={false}
                value={typeof rule.days === "number" ? rule.days : ""}
                error={props.errors[path]}
                // Empty means no timed pause (null): the rule is then a review, not a wait.
                onChange={(value) =>
                  props.onChange(withValueAt(props.draft, path, typeof value === "number" ? value : null))
                }
              />
            </Table.Td>
          </Table.Tr>
        );
      },
    );
  };
  return (
    <Section title="Pauses before a session">
      <Table.ScrollContainer minWidth={360}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Medicine or treatment</Table.Th>
              <Table.Th>Days</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows("medications")}
            {rows("procedures")}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

/** The steps in the weeks before a session. */
export function PrepSection(props: DraftProps) {
  return (
    <Section title="Preparing for a session">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DayListField
          {...props}
          path="prep.exfoliateDaysBefore"
          label="Exfoliate on these days before"
          description="Days before the session, e.g. 21, 14, 7, 3"
        />
        <DayField {...props} path="prep.noExfoliationDaysBefore" label="No exfoliation from (days before)" />
        <DayField {...props} path="prep.avoidSunDaysBefore" label="Avoid sun from (days before)" />
        <DayField {...props} path="prep.antiviralDaysBefore" label="Start an antiviral (days before)" />
      </SimpleGrid>
    </Section>
  );
}

/** Aftercare rules: what the patient reads, and the hours after the session it applies. */
export function AftercareSection(props: DraftProps) {
  const rules = valueAt(props.draft, "aftercare");
  const list = Array.isArray(rules) ? rules : [];
  return (
    <Section title="Aftercare">
      <Stack gap="md">
        {list.map((_, index) => (
          // Rules are edited in place; their order is the order patients read them in.
          // biome-ignore lint/suspicious/noArrayIndexKey: position is the rule's identity here
          <Stack key={index} gap={6}>
            <ProseField {...props} path={`aftercare[${index}].text`} label={`Rule ${index + 1}`} />
            <Group gap="sm" align="flex-start">
              <DayField {...props} path={`aftercare[${index}].fromHours`} label="From hour" w={130} />
              <DayField
                {...props}
                path={`aftercare[${index}].toHours`}
                label="Until hour"
                description="Empty: no end"
                nullable
                w={130}
              />
            </Group>
          </Stack>
        ))}
      </Stack>
    </Section>
  );
}

/** When a patient should call the clinic after a session. */
export function RedFlagsSection(props: DraftProps) {
  const signs = valueAt(props.draft, "redFlags.signs");
  const list = Array.isArray(signs) ? signs : [];
  return (
    <Section title="Red flags">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DayField
            {...props}
            path="redFlags.rednessWorseAfterHours"
            label="Redness worsening after (hours)"
          />
          <DayField {...props} path="redFlags.rednessMaxDays" label="Redness lasting over (days)" />
          <DayField {...props} path="redFlags.rfRednessMaxDays" label="After RF, lasting over (days)" />
        </SimpleGrid>
        {list.length === 0 && <Text c="dimmed">No signs listed.</Text>}
        {list.map((_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: position is the sign's identity here
          <Group key={index} gap="sm" align="flex-start" wrap="wrap">
            <div style={{ flex: "1 1 260px" }}>
              <ProseField {...props} path={`redFlags.signs[${index}].text`} label={`Sign ${index + 1}`} />
            </div>
            <DayField
              {...props}
              path={`redFlags.signs[${index}].afterHours`}
              label="Counts from hour"
              w={150}
            />
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
