import { ActionIcon, Button, Card, Checkbox, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import { RoutineView } from "../components/routine-view";
import {
  emptyRoutineRow,
  type Routine,
  type RoutineValues,
  routineErrorsToForm,
  routineToValues,
  valuesToRoutine,
} from "../lib/routine-form";
import { formatInstant } from "../lib/time";
import { useSession } from "../session";

/** The kinds a routine may name without a catalog product, as the API lists them. */
const GENERIC_KINDS = [
  "cleanser",
  "moisturizer",
  "sunscreen",
  "vitamin_c",
  "hyaluronic_acid",
  "retinoid",
  "exfoliating_acid",
  "topical_antibiotic",
  "antiviral",
  "other",
] as const;

/** Roles that assign routines; the server refuses the rest. */
const ROUTINE_ROLES = ["provider", "admin"];

/**
 * The provider sets a patient's skincare routine: products of the clinic's catalog (or a kind of
 * product the clinic does not stock) for the morning, the evening or both. The server marks
 * which ones pause around sessions, and the patient's timeline dates those pauses.
 */
export default function RoutineEditPage() {
  const { patientId = "" } = useParams();
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const allowed = session.role !== null && ROUTINE_ROLES.includes(session.role);
  const routine = useQuery({
    queryKey: ["routine", patientId],
    enabled: allowed,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/routine", { params: { path: { id: patientId } } })),
  });
  const products = useQuery({
    queryKey: ["products", slug],
    enabled: allowed && slug !== "",
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/products", { params: { path: { slug } } })),
  });
  const patient = useQuery({
    queryKey: ["patient", patientId],
    enabled: allowed,
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}", { params: { path: { id: patientId } } })),
  });

  if (session.loading) return <PageLoader />;
  if (session.role === null)
    return <Navigate to={`/signin?next=/desk/patients/${patientId}/routine`} replace />;
  if (!allowed)
    return <ErrorNote title="Not for this account" error={new Error("Routines are set by providers.")} />;
  if (routine.isPending || products.isPending) return <PageLoader label="Loading the routine…" />;
  if (routine.error || products.error) return <ErrorNote error={routine.error ?? products.error} />;

  // Retired products stay selectable only where a routine already names them.
  const named = new Set(routine.data.items.map((i) => i.productId));
  const options = [
    {
      group: "Clinic products",
      items: products.data.products
        .filter((p) => p.active || named.has(p.id))
        .map((p) => ({ value: `product:${p.id}`, label: `${p.name} (${p.kind.replaceAll("_", " ")})` })),
    },
    {
      group: "Any product of a kind",
      items: GENERIC_KINDS.map((k) => ({ value: `kind:${k}`, label: k.replaceAll("_", " ") })),
    },
  ];
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Skincare routine{patient.data ? ` for ${patient.data.name}` : ""}</Title>
        <Button component={Link} to={`/desk/patients/${patientId}`} variant="subtle">
          Back to the patient
        </Button>
      </Group>
      <RoutineForm routine={routine.data} options={options} />
      <Title order={2} size="h3">
        As the patient sees it
      </Title>
      {routine.data.assignedAt !== null && (
        <Text size="sm" c="dimmed">
          Assigned {formatInstant(routine.data.assignedAt, session.timeZone)}.
        </Text>
      )}
      <RoutineView items={routine.data.items} />
    </Stack>
  );
}

type Options = { group: string; items: { value: string; label: string }[] }[];

function RoutineForm({ routine, options }: { routine: Routine; options: Options }) {
  const queryClient = useQueryClient();
  const form = useForm<RoutineValues>({ mode: "controlled", initialValues: routineToValues(routine.items) });
  const save = useMutation({
    mutationFn: async (values: RoutineValues) => {
      const result = valuesToRoutine(values);
      if (!result.ok) {
        form.setErrors(result.errors);
        return null;
      }
      return unwrap(
        api.PUT("/api/v1/patients/{id}/routine", {
          params: { path: { id: routine.patientId } },
          body: result.body,
        }),
      );
    },
    onSuccess: (answer) => {
      if (answer !== null) queryClient.setQueryData(["routine", routine.patientId], answer);
    },
    onError: (error) => form.setErrors(routineErrorsToForm(fieldErrorsOf(error))),
  });
  const { items } = form.getValues();
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Card withBorder component="fieldset">
        <Text component="legend" fw={600}>
          Steps, in the order they are applied
        </Text>
        <Stack gap="sm">
          {items.length === 0 && <Text c="dimmed">No steps yet.</Text>}
          {items.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} align="flex-end" wrap="wrap">
              <Select
                label={`Step ${i + 1}`}
                placeholder="Choose a product"
                data={options}
                searchable
                required
                w={280}
                {...form.getInputProps(`items.${i}.product`)}
              />
              <Stack gap={4}>
                <Group gap="md">
                  <Checkbox label="AM" {...form.getInputProps(`items.${i}.morning`, { type: "checkbox" })} />
                  <Checkbox label="PM" {...form.getInputProps(`items.${i}.evening`, { type: "checkbox" })} />
                </Group>
                {form.errors[`items.${i}.times`] && (
                  <Text c="red.8" size="sm" role="alert">
                    {form.errors[`items.${i}.times`]}
                  </Text>
                )}
              </Stack>
              <ActionIcon
                variant="subtle"
                color="red.8"
                aria-label={`Remove step ${i + 1}`}
                onClick={() => form.removeListItem("items", i)}
                mb={4}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            w="fit-content"
            onClick={() => form.insertListItem("items", { ...emptyRoutineRow })}
          >
            Add a step
          </Button>
          <ErrorNote error={save.error} title="Not saved" />
          {save.data !== undefined && save.data !== null && <Text role="status">Routine saved.</Text>}
          <Button type="submit" w="fit-content" loading={save.isPending}>
            Save the routine
          </Button>
        </Stack>
      </Card>
    </form>
  );
}
