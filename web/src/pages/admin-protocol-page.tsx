import {
  Alert,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Navigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { ApiProblem, fieldErrorsOf } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatDay, formatInstant, todayIn } from "../lib/time";
import { useSession } from "../session";

type Kind = "medications" | "procedures";
type Days = Record<string, number | null>;

interface WashoutRule {
  label: string;
  days: number | null;
}

/**
 * The washout rules of a protocol document. The API describes the document loosely (it is the
 * clinic's JSON, validated on save), so its shape is checked here as it is read.
 */
function washoutRules(document: unknown, kind: Kind): Record<string, WashoutRule> {
  const rules = (document as Record<string, unknown> | undefined)?.[kind];
  if (typeof rules !== "object" || rules === null) return {};
  const out: Record<string, WashoutRule> = {};
  for (const [code, rule] of Object.entries(rules)) {
    const r = rule as { label?: unknown; days?: unknown };
    out[code] = {
      label: typeof r.label === "string" ? r.label : code,
      days: typeof r.days === "number" ? r.days : null,
    };
  }
  return out;
}

interface Conflict {
  id: string;
  startsAt: string;
  reason: string;
}

/** The bookings a 409 names: the change would leave them wrong (see README, "Setup changes keep bookings true"). */
function conflictsOf(error: unknown): Conflict[] {
  if (!(error instanceof ApiProblem) || error.status !== 409) return [];
  const bookings = (error.problem as { bookings?: unknown } | undefined)?.bookings;
  return Array.isArray(bookings) ? (bookings as Conflict[]) : [];
}

/**
 * The protocol editor (admin): the pauses before a session, as a form over the protocol document,
 * with a live preview of what a new plan would say, and the server's checks beside each field.
 * Saving makes a new protocol version; live bookings it would make wrong are listed first.
 */
export default function AdminProtocolPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const queryClient = useQueryClient();
  const protocol = useQuery({
    queryKey: ["protocol", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/protocol", { params: { path: { slug } } })),
    enabled: slug !== "" && session.role === "admin",
  });
  const [version, setVersion] = useState("");
  const [days, setDays] = useState<Record<Kind, Days>>({ medications: {}, procedures: {} });
  useEffect(() => {
    const document = protocol.data?.document;
    if (!document) return;
    const read = (kind: Kind) =>
      Object.fromEntries(
        Object.entries(washoutRules(document, kind)).map(([code, rule]) => [code, rule.days]),
      );
    setDays({ medications: read("medications"), procedures: read("procedures") });
  }, [protocol.data]);

  const save = useMutation({
    mutationFn: (acceptConflicts: boolean) => {
      const document = protocol.data?.document;
      if (!document) throw new Error("The protocol has not loaded yet.");
      // The whole document goes back (a save merges over the built-in default, not over the
      // current version), with only the edited days changed.
      const withDays = (kind: Kind): Record<string, object> => {
        const rules = (document as Record<string, Record<string, object>>)[kind] ?? {};
        return Object.fromEntries(
          Object.entries(rules).map(([code, rule]) => [code, { ...rule, days: days[kind][code] ?? null }]),
        );
      };
      return unwrap(
        api.PUT("/api/v1/clinics/{slug}/protocol", {
          params: { path: { slug } },
          body: {
            ...document,
            version,
            medications: withDays("medications"),
            procedures: withDays("procedures"),
            ...(acceptConflicts && { acceptConflicts: true }),
          } as never,
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setVersion("");
    },
  });

  if (session.loading) return <PageLoader />;
  if (session.role !== "admin") return <Navigate to="/signin?next=/admin/protocol" replace />;
  if (protocol.isPending) return <PageLoader label="Loading the protocol…" />;
  if (protocol.error) return <ErrorNote error={protocol.error} />;
  const errors = fieldErrorsOf(save.error);
  const conflicts = conflictsOf(save.error);
  const today = todayIn(session.timeZone, Temporal.Now.instant());
  const retinoid = days.medications.topical_retinoid;

  const rows = (kind: Kind) =>
    Object.entries(washoutRules(protocol.data.document, kind)).map(([code, rule]) => (
      <Table.Tr key={code}>
        <Table.Td>{rule.label}</Table.Td>
        <Table.Td>
          <NumberInput
            aria-label={`Days of pause: ${rule.label}`}
            min={0}
            max={3650}
            w={120}
            value={days[kind][code] ?? ""}
            error={errors[`${kind}.${code}.days`]}
            onChange={(value) =>
              setDays((now) => ({
                ...now,
                [kind]: { ...now[kind], [code]: typeof value === "number" ? value : null },
              }))
            }
          />
        </Table.Td>
      </Table.Tr>
    ));

  return (
    <Stack gap="lg">
      <Title order={1}>Protocol</Title>
      <Text>
        Current version <strong>{protocol.data.version}</strong>
        {protocol.data.isDefault ? " (the built-in default)" : ""}
        {protocol.data.savedAt ? `, saved ${formatInstant(protocol.data.savedAt, session.timeZone)}` : ""}.
      </Text>
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          Pauses before a session
        </Title>
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
      </Card>
      <Card withBorder>
        <Title order={2} size="h3" mb="xs">
          Preview
        </Title>
        <Text>
          A new patient still using a retinoid cream today would be told: pause it at least{" "}
          <strong>{retinoid ?? 0} days</strong> before a session; first session on or after{" "}
          <strong>
            {formatDay(
              Temporal.PlainDate.from(today)
                .add({ days: retinoid ?? 0 })
                .toString(),
            )}
          </strong>
          .
        </Text>
      </Card>
      <Group align="flex-end">
        <TextInput
          label="New version name"
          description="Every saved change is a new version, e.g. 2027-01-retinoid-10"
          required
          value={version}
          error={errors.version}
          onChange={(event) => setVersion(event.currentTarget.value)}
        />
        <Button onClick={() => save.mutate(false)} loading={save.isPending} disabled={version.trim() === ""}>
          Save new version
        </Button>
      </Group>
      {conflicts.length > 0 ? (
        <Alert color="orange" title="This change would make booked sessions wrong">
          <List size="sm">
            {conflicts.map((c) => (
              <List.Item key={c.id}>
                {formatInstant(c.startsAt, session.timeZone)}: {c.reason}
              </List.Item>
            ))}
          </List>
          <Button mt="sm" color="orange.9" onClick={() => save.mutate(true)} loading={save.isPending}>
            Save anyway and flag these bookings for the front desk
          </Button>
        </Alert>
      ) : (
        <ErrorNote error={save.error} title="Not saved" />
      )}
      {save.isSuccess && <Alert color="brand">Saved: version {save.data.version} is now current.</Alert>}
    </Stack>
  );
}
