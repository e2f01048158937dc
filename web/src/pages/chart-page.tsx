import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { AssessmentCard } from "../components/assessment-card";
import { ErrorNote, PageLoader } from "../components/page-state";
import {
  type ChartValues,
  chartChanges,
  chartErrorsToForm,
  chartToValues,
  emptyChartValues,
  TREATMENT_AREAS,
  valuesToChart,
} from "../lib/chart-form";
import { formatInstant } from "../lib/time";
import { isStaff, useSession } from "../session";

const AREA_OPTIONS = TREATMENT_AREAS.map((area) => ({ value: area, label: area }));

type ChartAnswer = Awaited<ReturnType<typeof fetchChart>>;

function fetchChart(bookingId: string) {
  return unwrap(api.GET("/api/v1/bookings/{bookingId}/chart", { params: { path: { bookingId } } }));
}

/**
 * The provider's record of one session: treated areas with depth and passes, device, products
 * with lot numbers, the optional PRP, RF and numbing, notes. A new chart starts from the
 * patient's previous session. Once signed it is read-only and changed by amendment, with a reason.
 */
export default function ChartPage() {
  const { bookingId = "" } = useParams();
  const session = useSession();
  const staff = isStaff(session.role);
  const chart = useQuery({
    queryKey: ["chart", bookingId],
    enabled: staff,
    queryFn: () => fetchChart(bookingId),
  });

  if (session.loading) return <PageLoader />;
  if (!staff) return <Navigate to={`/signin?next=/bookings/${bookingId}/chart`} replace />;
  if (chart.isPending) return <PageLoader label="Loading the chart…" />;
  if (chart.error) return <ErrorNote error={chart.error} />;
  const data = chart.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Session chart</Title>
        <Button component={Link} to={`/desk/patients/${data.patientId}`} variant="subtle">
          Back to the patient
        </Button>
      </Group>
      {session.role !== "provider" ? (
        <Stack>
          <Text c="dimmed">Only providers write and sign charts.</Text>
          {data.chart === null ? (
            <Text>Not charted yet.</Text>
          ) : (
            <>
              <Text>{data.status === "signed" ? "Signed." : "Draft, not signed yet."}</Text>
              <ChartSummary values={chartToValues(data.chart)} />
            </>
          )}
          <Amendments data={data} zone={session.timeZone} />
        </Stack>
      ) : data.status === "signed" ? (
        <SignedChart data={data} bookingId={bookingId} zone={session.timeZone} />
      ) : (
        <DraftChart data={data} bookingId={bookingId} zone={session.timeZone} />
      )}
      {session.role === "provider" && (
        <AssessmentCard bookingId={bookingId} patientId={data.patientId} zone={session.timeZone} />
      )}
    </Stack>
  );
}

function DraftChart({ data, bookingId, zone }: { data: ChartAnswer; bookingId: string; zone: string }) {
  const queryClient = useQueryClient();
  const start = data.chart ?? data.previous?.chart ?? null;
  const form = useForm<ChartValues>({
    mode: "controlled",
    initialValues: start === null ? emptyChartValues : chartToValues(start),
  });
  const save = useMutation({
    mutationFn: async ({ values, sign }: { values: ChartValues; sign: boolean }) => {
      const result = valuesToChart(values);
      if (!result.ok) {
        form.setErrors(result.errors);
        return null;
      }
      const path = { params: { path: { bookingId } } };
      const saved = await unwrap(
        api.PUT("/api/v1/bookings/{bookingId}/chart", { ...path, body: result.chart }),
      );
      return sign ? unwrap(api.POST("/api/v1/bookings/{bookingId}/chart/sign", path)) : saved;
    },
    onSuccess: (answer) => {
      if (answer !== null) queryClient.setQueryData(["chart", bookingId], answer);
    },
    onError: (error) => form.setErrors(chartErrorsToForm(fieldErrorsOf(error))),
  });
  const submit = (sign: boolean) => form.onSubmit((values) => save.mutate({ values, sign }));
  return (
    <form onSubmit={submit(false)} noValidate>
      <Stack>
        {data.chart === null && data.previous !== null && (
          <Alert color="brand" title="Started from the previous session">
            Filled in from the session of {formatInstant(data.previous.startsAt, zone)}: check each value
            before saving.
          </Alert>
        )}
        {data.status === "draft" && data.updatedAt !== null && (
          <Text size="sm" c="dimmed">
            Draft saved {formatInstant(data.updatedAt, zone)}.
          </Text>
        )}
        {save.data !== undefined && save.data !== null && save.data.status === "draft" && (
          <Text role="status">Draft saved.</Text>
        )}
        <ErrorNote error={save.error} title="Not saved" />
        <ChartFields form={form} />
        <Group>
          <Button type="submit" variant="light" loading={save.isPending && !save.variables?.sign}>
            Save draft
          </Button>
          <Button
            type="button"
            onClick={() => submit(true)()}
            loading={save.isPending && save.variables?.sign}
          >
            Save and sign
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Once signed, the chart can only be changed by an amendment with a reason.
        </Text>
      </Stack>
    </form>
  );
}

function SignedChart({ data, bookingId, zone }: { data: ChartAnswer; bookingId: string; zone: string }) {
  const queryClient = useQueryClient();
  const [amending, setAmending] = useState(false);
  const current = data.chart ?? {};
  const values = chartToValues(current);
  const form = useForm<ChartValues & { reason: string }>({
    mode: "controlled",
    initialValues: { ...values, reason: "" },
  });
  const amend = useMutation({
    mutationFn: async (all: ChartValues & { reason: string }) => {
      const { reason, ...edited } = all;
      const result = valuesToChart(edited);
      if (!result.ok) {
        form.setErrors(result.errors);
        return null;
      }
      const changes = chartChanges(current, result.chart);
      if (Object.keys(changes).length === 0) {
        form.setErrors({ reason: "Nothing changed: edit a field before amending" });
        return null;
      }
      return unwrap(
        api.POST("/api/v1/bookings/{bookingId}/chart/amendments", {
          params: { path: { bookingId } },
          body: { reason: reason.trim(), changes },
        }),
      );
    },
    onSuccess: (answer) => {
      if (answer === null) return;
      queryClient.setQueryData(["chart", bookingId], answer);
      setAmending(false);
    },
    onError: (error) => form.setErrors(chartErrorsToForm(fieldErrorsOf(error), "changes.")),
  });
  return (
    <Stack>
      <Text>
        Signed {data.signedAt !== null ? formatInstant(data.signedAt, zone) : ""}. The chart is read-only;
        changes are amendments.
      </Text>
      {amending ? (
        <form onSubmit={form.onSubmit((all) => amend.mutate(all))} noValidate>
          <Stack>
            <ErrorNote error={amend.error} title="Not amended" />
            <ChartFields form={form as unknown as UseFormReturnType<ChartValues>} />
            <TextInput label="Reason for the amendment" required {...form.getInputProps("reason")} />
            <Group>
              <Button type="submit" loading={amend.isPending}>
                Save the amendment
              </Button>
              <Button type="button" variant="subtle" onClick={() => setAmending(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <>
          <ChartSummary values={values} />
          <Button w="fit-content" variant="light" onClick={() => setAmending(true)}>
            Amend
          </Button>
        </>
      )}
      <Amendments data={data} zone={zone} />
    </Stack>
  );
}

function Amendments({ data, zone }: { data: ChartAnswer; zone: string }) {
  return (
    <Card withBorder component="section" aria-labelledby="amendments-title">
      <Title order={2} size="h3" mb="sm" id="amendments-title">
        Amendments
      </Title>
      {data.amendments.length === 0 ? (
        <Text c="dimmed">None.</Text>
      ) : (
        <List spacing="xs">
          {data.amendments.map((a) => (
            <List.Item key={a.id}>
              <strong>{formatInstant(a.at, zone)}</strong>, {a.authorName}: {a.reason} (changed{" "}
              {a.changes.map((c) => c.field).join(", ")})
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

function ChartSummary({ values }: { values: ChartValues }) {
  return (
    <Card withBorder>
      <Stack gap={4}>
        <Text>
          <strong>Device:</strong> {values.device}
        </Text>
        <Text>
          <strong>Areas:</strong>{" "}
          {values.areas.map((a) => `${a.area} ${a.depthMm} mm × ${a.passes}`).join("; ")}
        </Text>
        {values.products.length > 0 && (
          <Text>
            <strong>Products:</strong>{" "}
            {values.products.map((p) => `${p.name} (lot ${p.lotNumber})`).join("; ")}
          </Text>
        )}
        {values.prpMl !== "" && (
          <Text>
            <strong>PRP:</strong> {values.prpMl} ml
          </Text>
        )}
        {values.rfTip !== "" && (
          <Text>
            <strong>RF:</strong> level {values.rfEnergy}, tip {values.rfTip}
          </Text>
        )}
        {values.numbingProduct !== "" && (
          <Text>
            <strong>Numbing:</strong> {values.numbingProduct}, {values.numbingMinutes} min
          </Text>
        )}
        {values.notes !== "" && (
          <Text style={{ whiteSpace: "pre-wrap" }}>
            <strong>Notes:</strong> {values.notes}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function ChartFields({ form }: { form: UseFormReturnType<ChartValues> }) {
  const { areas, products } = form.getValues();
  return (
    <>
      <TextInput label="Device" required {...form.getInputProps("device")} />
      <Card withBorder component="fieldset">
        <Text component="legend" fw={600}>
          Treated areas
        </Text>
        <Stack gap="xs">
          {areas.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} align="flex-end" wrap="wrap">
              <Select
                label={`Area ${i + 1}`}
                data={AREA_OPTIONS}
                required
                w={160}
                {...form.getInputProps(`areas.${i}.area`)}
              />
              <NumberInput
                label="Depth (mm)"
                min={0.1}
                max={3}
                step={0.25}
                decimalScale={2}
                required
                w={120}
                {...form.getInputProps(`areas.${i}.depthMm`)}
              />
              <NumberInput
                label="Passes"
                min={1}
                max={10}
                allowDecimal={false}
                required
                w={100}
                {...form.getInputProps(`areas.${i}.passes`)}
              />
              {areas.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="red.8"
                  aria-label={`Remove area ${i + 1}`}
                  onClick={() => form.removeListItem("areas", i)}
                  mb={4}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
          {form.errors.areas && (
            <Text c="red.8" size="sm" role="alert">
              {form.errors.areas}
            </Text>
          )}
          <Button
            variant="subtle"
            w="fit-content"
            onClick={() => form.insertListItem("areas", { area: "", depthMm: "", passes: "" })}
          >
            Add an area
          </Button>
        </Stack>
      </Card>
      <Card withBorder component="fieldset">
        <Text component="legend" fw={600}>
          Products and lots
        </Text>
        <Stack gap="xs">
          {products.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} align="flex-end" wrap="wrap">
              <TextInput label={`Product ${i + 1}`} required {...form.getInputProps(`products.${i}.name`)} />
              <TextInput
                label="Lot number"
                required
                w={160}
                {...form.getInputProps(`products.${i}.lotNumber`)}
              />
              <ActionIcon
                variant="subtle"
                color="red.8"
                aria-label={`Remove product ${i + 1}`}
                onClick={() => form.removeListItem("products", i)}
                mb={4}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            w="fit-content"
            onClick={() => form.insertListItem("products", { name: "", lotNumber: "" })}
          >
            Add a product
          </Button>
        </Stack>
      </Card>
      <Group align="flex-start" wrap="wrap">
        <NumberInput
          label="PRP (ml)"
          description="Empty when no PRP"
          min={0.5}
          max={30}
          decimalScale={1}
          w={160}
          {...form.getInputProps("prpMl")}
        />
        <NumberInput
          label="RF energy level"
          description="Empty when no RF"
          min={1}
          max={100}
          w={160}
          {...form.getInputProps("rfEnergy")}
        />
        <TextInput label="RF tip" w={160} {...form.getInputProps("rfTip")} />
        <TextInput
          label="Numbing product"
          description="Empty when none"
          w={200}
          {...form.getInputProps("numbingProduct")}
        />
        <NumberInput
          label="Numbing (minutes)"
          min={0}
          max={120}
          allowDecimal={false}
          w={160}
          {...form.getInputProps("numbingMinutes")}
        />
      </Group>
      <Textarea label="Notes" autosize minRows={3} maxLength={5000} {...form.getInputProps("notes")} />
    </>
  );
}
