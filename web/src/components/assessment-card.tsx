import { Button, Card, Group, NumberInput, Select, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api, unwrap } from "../api/client";
import { ApiProblem, fieldErrorsOf } from "../api/problem";
import {
  type AssessmentValues,
  assessmentErrorsToForm,
  IMPROVEMENTS,
  valuesToAssessment,
} from "../lib/assessment-form";
import { CONCERNS } from "../lib/intake-labels";
import { formatInstant } from "../lib/time";
import { ErrorNote, PageLoader } from "./page-state";

const IMPROVEMENT_OPTIONS = [
  { value: "", label: "Not judged" },
  ...IMPROVEMENTS.map((i) => ({ value: i, label: i })),
];

/**
 * The provider's assessment of one session: for each concern the patient named in their health
 * questions, a severity from 0 (none) to 10 and how it changed. Saving replaces an earlier one;
 * the patient's page draws the scores over time.
 */
export function AssessmentCard({
  bookingId,
  patientId,
  zone,
}: {
  bookingId: string;
  patientId: string;
  zone: string;
}) {
  const assessment = useQuery({
    queryKey: ["assessment", bookingId],
    queryFn: () => fetchAssessment(bookingId),
  });
  const intake = useQuery({
    queryKey: ["intake", patientId],
    // A patient without health answers yet has no concerns to list: a 404 here is an answer.
    queryFn: async () => {
      try {
        return await unwrap(api.GET("/api/v1/patients/{id}/intake", { params: { path: { id: patientId } } }));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="assessment-title">
      <Title order={2} size="h3" mb="sm" id="assessment-title">
        Assessment
      </Title>
      {assessment.isPending || intake.isPending ? (
        <PageLoader label="Loading the assessment…" />
      ) : assessment.error || intake.error ? (
        <ErrorNote error={assessment.error ?? intake.error} />
      ) : (
        <AssessmentForm
          bookingId={bookingId}
          concerns={[
            ...new Set([
              ...(intake.data?.intake.concerns.map((c) => c.code) ?? []),
              ...(assessment.data.assessment?.concerns.map((c) => c.concern) ?? []),
            ]),
          ]}
          current={assessment.data.assessment}
          zone={zone}
        />
      )}
    </Card>
  );
}

type Current = NonNullable<Awaited<ReturnType<typeof fetchAssessment>>["assessment"]>;

function fetchAssessment(bookingId: string) {
  return unwrap(api.GET("/api/v1/bookings/{bookingId}/assessment", { params: { path: { bookingId } } }));
}

function AssessmentForm({
  bookingId,
  concerns,
  current,
  zone,
}: {
  bookingId: string;
  concerns: string[];
  current: Current | null;
  zone: string;
}) {
  const queryClient = useQueryClient();
  const form = useForm<AssessmentValues>({
    mode: "controlled",
    initialValues: {
      concerns: concerns.map((concern) => {
        const found = current?.concerns.find((c) => c.concern === concern);
        return { concern, score: found?.score ?? "", improvement: found?.improvement ?? "" };
      }),
    },
  });
  const sentRows = useRef<number[]>([]);
  const save = useMutation({
    mutationFn: async (values: AssessmentValues) => {
      const result = valuesToAssessment(values);
      if (!result.ok) {
        form.setErrors(result.errors);
        return null;
      }
      sentRows.current = result.rowOfBody;
      return unwrap(
        api.PUT("/api/v1/bookings/{bookingId}/assessment", {
          params: { path: { bookingId } },
          body: result.body,
        }),
      );
    },
    onSuccess: (answer) => {
      if (answer !== null) queryClient.setQueryData(["assessment", bookingId], { assessment: answer });
    },
    onError: (error) => form.setErrors(assessmentErrorsToForm(fieldErrorsOf(error), sentRows.current)),
  });
  if (concerns.length === 0) return <Text c="dimmed">The patient named no concerns to assess.</Text>;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        {current !== null && (
          <Text size="sm" c="dimmed">
            Last assessed {formatInstant(current.assessedAt, zone)}.
          </Text>
        )}
        {form.getValues().concerns.map((row, i) => {
          const label = CONCERNS[row.concern as keyof typeof CONCERNS] ?? row.concern.replaceAll("_", " ");
          return (
            <Group key={row.concern} align="flex-start" wrap="wrap">
              <NumberInput
                label={`${label}: severity (0–10)`}
                min={0}
                max={10}
                allowDecimal={false}
                w={220}
                {...form.getInputProps(`concerns.${i}.score`)}
              />
              <Select
                label={`${label}: change`}
                data={IMPROVEMENT_OPTIONS}
                allowDeselect={false}
                w={200}
                {...form.getInputProps(`concerns.${i}.improvement`)}
              />
            </Group>
          );
        })}
        <ErrorNote error={save.error} title="Not saved" />
        {save.data !== undefined && save.data !== null && <Text role="status">Assessment saved.</Text>}
        <Button type="submit" w="fit-content" loading={save.isPending}>
          Save the assessment
        </Button>
      </Stack>
    </form>
  );
}
