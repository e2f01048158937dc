import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { Link, Navigate } from "react-router";
import { useCurrentPlan } from "../api/patient-queries";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatDay } from "../lib/time";
import { useSession } from "../session";

const STATUS_WORDS = {
  eligible: { color: "brand", text: "Ready to book" },
  wait: { color: "yellow", text: "Ready after a pause" },
  needs_review: { color: "blue", text: "A provider will review first" },
  blocked: { color: "red", text: "Not possible for now" },
} as const;

/** The patient's plan: why, when, how to prepare, and what comes after the series. */
export default function PlanPage() {
  const session = useSession();
  const plan = useCurrentPlan(session.patientId);
  if (session.loading) return <PageLoader />;
  if (session.patientId === null) return <Navigate to="/signin?next=/plan" replace />;
  if (plan.isPending) return <PageLoader label="Loading your plan…" />;
  if (plan.error) return <ErrorNote error={plan.error} />;
  if (plan.data === null)
    return (
      <Stack>
        <Title order={1}>Your plan</Title>
        <Text>Your plan appears once you have answered the health questions.</Text>
        <Button component={Link} to="/intake" w="fit-content">
          Answer the health questions
        </Button>
      </Stack>
    );
  const p = plan.data;
  const status = STATUS_WORDS[p.eligibility.status];
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Your plan</Title>
        <Badge color={status.color} size="lg">
          {status.text}
        </Badge>
      </Group>
      {p.earliestStartOn && (
        <Alert color="brand" title="Your first session">
          Can be on or after <strong>{formatDay(p.earliestStartOn)}</strong>.
        </Alert>
      )}
      {p.eligibility.reasons.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Why the dates are what they are
          </Title>
          <List spacing="xs">
            {p.eligibility.reasons.map((reason) => (
              <List.Item key={`${reason.code}-${reason.until ?? ""}`}>
                {reason.detail}
                {reason.until && <> — until {formatDay(reason.until)}</>}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          Sessions ({p.seriesLength})
        </Title>
        <Table.ScrollContainer minWidth={360}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Session</Table.Th>
                <Table.Th>Earliest</Table.Th>
                <Table.Th>Best day</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.sessions.map((session) => (
                <Table.Tr key={session.number}>
                  <Table.Td>{session.number}</Table.Td>
                  <Table.Td>{formatDay(session.earliestOn)}</Table.Td>
                  <Table.Td>{formatDay(session.targetOn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Button component={Link} to="/book?service=microneedling" mt="md" w="fit-content">
          Book my sessions
        </Button>
      </Card>
      {p.addOns.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Suggested add-ons
          </Title>
          <List>
            {p.addOns.map((addOn) => (
              <List.Item key={addOn.code}>
                <strong>{addOn.code.toUpperCase()}</strong>: {addOn.reason}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {p.prep.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            How to prepare
          </Title>
          <List spacing="xs">
            {p.prep.map((item) => (
              <List.Item key={`${item.session}-${item.code}`}>
                <strong>{formatDay(item.on)}</strong> (before session {item.session}): {item.text}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          After the series
        </Title>
        <Text>
          {p.maintenance.required ? "A maintenance session is needed" : "A maintenance session is suggested"}{" "}
          every {p.maintenance.everyMonths} months
          {p.maintenance.firstOn && <>, first around {formatDay(p.maintenance.firstOn)}</>}.
        </Text>
      </Card>
      <Text size="sm" c="dimmed">
        Plan made under protocol {p.protocolVersion}.{" "}
        <Anchor component={Link} to="/learn/how-to-prepare">
          How to prepare
        </Anchor>
      </Text>
    </Stack>
  );
}
