import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { Link, Navigate, useParams } from "react-router";
import { api, keys, type StoredPlan, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import { ScrollRegion } from "../components/scroll-region";
import {
  MAX_REASON_LENGTH,
  type OverrideValues,
  overrideErrorsToForm,
  overrideRowsOf,
  overridesToBody,
} from "../lib/override-form";
import { formatDay, formatInstant } from "../lib/time";
import { isStaff, useSession } from "../session";

const STATUS_WORDS = {
  eligible: { color: "brand", text: "Eligible" },
  wait: { color: "yellow.8", text: "Waits for a pause" },
  needs_review: { color: "blue.9", text: "Needs a provider's review" },
  blocked: { color: "red.9", text: "Blocked" },
} as const;

const EFFECT_WORDS = { block: "blocks", wait: "waits", review: "needs review" } as const;

/**
 * A plan as the provider reviews it: what the engine proposes (sessions and their spacing,
 * add-ons and why, prep, washouts, maintenance) and, while it is a draft, the reasons the
 * provider may accept, each with their own words, before accepting the plan for the patient.
 */
export default function PlanReviewPage() {
  const { patientId = "", planId = "" } = useParams();
  const session = useSession();
  const staff = isStaff(session.role);
  const path = { params: { path: { id: patientId, planId } } };
  const plan = useQuery({
    queryKey: [...keys.plans(patientId), planId],
    enabled: staff,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/plans/{planId}", path)),
  });
  const patient = useQuery({
    queryKey: ["patient", patientId],
    enabled: staff,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}", { params: { path: { id: patientId } } })),
  });

  if (session.loading) return <PageLoader />;
  if (!staff) return <Navigate to={`/signin?next=/desk/patients/${patientId}/plans/${planId}`} replace />;
  if (plan.isPending) return <PageLoader label="Loading the plan…" />;
  if (plan.error) return <ErrorNote error={plan.error} />;
  const p = plan.data;
  const status = STATUS_WORDS[p.eligibility.status];
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Plan for {patient.data?.name ?? "the patient"}</Title>
        <Button component={Link} to={`/desk/patients/${patientId}`} variant="subtle">
          Back to the patient
        </Button>
      </Group>
      <Group gap="xs">
        <Badge color={status.color} size="lg">
          {status.text}
        </Badge>
        <Badge variant="outline" color="gray.8" size="lg">
          {p.status}
        </Badge>
        <Text size="sm" c="dimmed">
          Computed {formatInstant(p.createdAt, session.timeZone)} under protocol {p.protocolVersion}
        </Text>
      </Group>
      <PlanProposal plan={p} />
      {p.status === "draft" ? (
        <ReviewForm plan={p} canOverride={session.role === "provider"} />
      ) : (
        <AcceptedOverrides plan={p} zone={session.timeZone} />
      )}
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h3" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** The engine's proposal, section by section, in the order a provider reads a plan. */
function PlanProposal({ plan: p }: { plan: StoredPlan }) {
  const washouts = p.eligibility.reasons.filter((r) => r.until !== null);
  return (
    <>
      {p.skinType?.warning && (
        <Alert color="yellow" title={`Skin type ${p.skinType.skinType}`}>
          {p.skinType.warning}
        </Alert>
      )}
      <Section id="sessions-title" title={`Sessions (${p.seriesLength}, ${p.kind})`}>
        <Text size="sm" mb="xs">
          First possible day:{" "}
          {p.earliestStartOn === null ? "none while a block stands" : formatDay(p.earliestStartOn)}. Wanted
          from {formatDay(p.desiredStartOn)}.
        </Text>
        <ScrollRegion label="Sessions, as a table">
          <Table miw={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Session</Table.Th>
                <Table.Th>Earliest</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Latest</Table.Th>
                <Table.Th>Days after the previous</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.sessions.map((s, i) => (
                <Table.Tr key={s.number}>
                  <Table.Td>{s.number}</Table.Td>
                  <Table.Td>{formatDay(s.earliestOn)}</Table.Td>
                  <Table.Td>{formatDay(s.targetOn)}</Table.Td>
                  <Table.Td>{s.latestOn === null ? "—" : formatDay(s.latestOn)}</Table.Td>
                  <Table.Td>
                    {i === 0 ? "—" : daysBetween(p.sessions[i - 1]?.targetOn ?? s.targetOn, s.targetOn)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Section>
      <Section id="reasons-title" title="Eligibility and washouts">
        {p.eligibility.reasons.length === 0 ? (
          <Text c="dimmed">Nothing in the intake restricts the sessions.</Text>
        ) : (
          <List spacing="xs">
            {p.eligibility.reasons.map((r) => (
              <List.Item key={r.code}>
                <Badge size="sm" variant="light" mr={6}>
                  {EFFECT_WORDS[r.effect]}
                </Badge>
                {r.detail}
                {r.until && <> — until {formatDay(r.until)}</>}
                {r.override && (
                  <Text span size="sm" c="dimmed">
                    {" "}
                    (accepted by {r.override.by}: {r.override.reason})
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
        {washouts.length > 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            {washouts.length} washout{washouts.length === 1 ? "" : "s"} set the first day.
          </Text>
        )}
      </Section>
      <Section id="addons-title" title="Add-ons">
        {p.addOns.length === 0 && p.addOnsRefused.length === 0 ? (
          <Text c="dimmed">No add-ons suggested.</Text>
        ) : (
          <List spacing="xs">
            {p.addOns.map((a) => (
              <List.Item key={a.code}>
                <strong>{a.code.toUpperCase()}</strong>: {a.reason}{" "}
                <Text span size="xs" c="dimmed">
                  ({a.rule})
                </Text>
              </List.Item>
            ))}
            {p.addOnsRefused.map((a) => (
              <List.Item key={`refused-${a.code}`}>
                <strong>{a.code.toUpperCase()}</strong> not offered: {a.reason}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      <Section id="prep-title" title="Prep checklist">
        {p.prep.length === 0 ? (
          <Text c="dimmed">No preparation steps.</Text>
        ) : (
          <List spacing="xs">
            {p.prep.map((item) => (
              <List.Item key={`${item.session}-${item.code}`}>
                <strong>{formatDay(item.on)}</strong> (session {item.session}): {item.text}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      <Section id="maintenance-title" title="Maintenance">
        <Text>
          {p.maintenance.required ? "Required" : "Suggested"} every {p.maintenance.everyMonths} months
          {p.maintenance.firstOn && <>, first around {formatDay(p.maintenance.firstOn)}</>}.
          {p.reassessOn && <> Reassess on {formatDay(p.reassessOn)}.</>}
        </Text>
      </Section>
    </>
  );
}

function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/**
 * The provider ticks each reason they accept and writes why; the reasons are signed with their
 * name. Front desk and admins may accept a plan that needs no override, but not override.
 */
function ReviewForm({ plan, canOverride }: { plan: StoredPlan; canOverride: boolean }) {
  const queryClient = useQueryClient();
  const rows = overrideRowsOf(plan);
  const form = useForm<OverrideValues>({
    mode: "controlled",
    initialValues: { overrides: canOverride ? rows : [] },
  });
  // Which form row each sent override came from, so the server's messages find their row.
  const sentRows = useRef<number[]>([]);
  const accept = useMutation({
    mutationFn: async (values: OverrideValues) => {
      const result = overridesToBody(values);
      if (!result.ok) {
        form.setErrors(result.errors);
        return null;
      }
      sentRows.current = result.rowOfBody;
      return unwrap(
        api.POST("/api/v1/patients/{id}/plans/{planId}/accept", {
          params: { path: { id: plan.patientId, planId: plan.id } },
          body: result.body,
        }),
      );
    },
    onSuccess: (answer) => {
      if (answer === null) return;
      queryClient.setQueryData([...keys.plans(plan.patientId), plan.id], answer);
      void queryClient.invalidateQueries({ queryKey: ["review-queue"] });
    },
    onError: (error) => form.setErrors(overrideErrorsToForm(fieldErrorsOf(error), sentRows.current)),
  });
  const { overrides } = form.getValues();
  return (
    <form onSubmit={form.onSubmit((values) => accept.mutate(values))} noValidate>
      <Section id="overrides-title" title="Review and accept">
        <Stack>
          {!canOverride && rows.length > 0 && (
            <Text c="dimmed">Only a provider may accept the reasons above as overrides.</Text>
          )}
          {canOverride && overrides.length === 0 && <Text c="dimmed">Nothing to override.</Text>}
          {overrides.map((row, i) => (
            <Card key={row.code} withBorder component="fieldset" aria-label={`Override ${row.code}`}>
              <Stack gap="xs">
                <Checkbox
                  label={`Accept: ${row.detail}`}
                  description={
                    row.effect === "review" ? "Needed before the plan can be accepted" : "Lifts the wait"
                  }
                  {...form.getInputProps(`overrides.${i}.accept`, { type: "checkbox" })}
                />
                {row.accept && (
                  <Textarea
                    label={`Reason for accepting ${row.code.replaceAll("_", " ")}`}
                    required
                    rows={3}
                    maxLength={MAX_REASON_LENGTH}
                    {...form.getInputProps(`overrides.${i}.reason`)}
                  />
                )}
              </Stack>
            </Card>
          ))}
          <ErrorNote error={accept.error} title="Not accepted" />
          <Button type="submit" w="fit-content" loading={accept.isPending}>
            Accept the plan
          </Button>
        </Stack>
      </Section>
    </form>
  );
}

function AcceptedOverrides({ plan, zone }: { plan: StoredPlan; zone: string }) {
  return (
    <Section id="accepted-title" title="Accepted">
      <Stack gap="xs">
        <Text role="status">
          {plan.status === "accepted" ? "Accepted" : "Superseded"}
          {plan.acceptedAt !== null && <> {formatInstant(plan.acceptedAt, zone)}</>}.
        </Text>
        {plan.overrides.length === 0 ? (
          <Text c="dimmed">No overrides.</Text>
        ) : (
          <List spacing="xs">
            {plan.overrides.map((o) => (
              <List.Item key={o.code}>
                <strong>{o.code.replaceAll("_", " ")}</strong> by {o.by}: {o.reason}
                {!o.applied && " (no longer applies)"}
              </List.Item>
            ))}
          </List>
        )}
        <Anchor component={Link} to={`/desk/patients/${plan.patientId}/routine`}>
          Set the skincare routine
        </Anchor>
      </Stack>
    </Section>
  );
}
