import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import {
  CONCERNS,
  CONDITIONS,
  type ConcernCode,
  type ConditionCode,
  chosen,
  entries,
  type IntakeBody,
  MEDICATIONS,
  type MedicationCode,
  PROCEDURES,
  type ProcedureCode,
  SEVERITIES,
  type Severity,
} from "../lib/intake-labels";
import { useSession } from "../session";

interface MedicationAnswer {
  ongoing: boolean;
  lastTakenOn: string;
}

/** Health questions in four short steps, in plain words; saving builds the patient's plan. */
export default function IntakePage() {
  const session = useSession();
  const patientId = session.patientId;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [concerns, setConcerns] = useState<Partial<Record<ConcernCode, Severity>>>({});
  const [medications, setMedications] = useState<Partial<Record<MedicationCode, MedicationAnswer>>>({});
  const [procedures, setProcedures] = useState<Partial<Record<ProcedureCode, string>>>({});
  const [conditions, setConditions] = useState<ConditionCode[]>([]);

  const latest = useQuery({
    queryKey: keys.intake(patientId ?? ""),
    queryFn: () =>
      unwrap(api.GET("/api/v1/patients/{id}/intake", { params: { path: { id: patientId ?? "" } } })),
    enabled: patientId !== null,
    retry: false,
  });

  const body = (): IntakeBody => ({
    concerns: chosen(concerns).map(([code, severity]) => ({ code, severity })),
    medications: chosen(medications).map(([code, answer]) =>
      answer.ongoing ? { code, ongoing: true } : { code, ongoing: false, lastTakenOn: answer.lastTakenOn },
    ),
    recentProcedures: chosen(procedures).map(([code, on]) => ({ code, on })),
    conditions,
  });

  const save = useMutation({
    mutationFn: async () => {
      const id = patientId ?? "";
      await unwrap(api.PUT("/api/v1/patients/{id}/intake", { params: { path: { id } }, body: body() }));
      // A new intake means a new plan: drafted now, so the plan page shows what the answers mean.
      return unwrap(
        api.POST("/api/v1/patients/{id}/plans", { params: { path: { id } }, body: { addOns: [] } }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate("/plan");
    },
  });

  if (session.loading) return <PageLoader />;
  if (patientId === null) return <Navigate to="/signin?next=/intake" replace />;
  const errors = fieldErrorsOf(save.error);
  const concernCount = Object.keys(concerns).length;

  return (
    <Stack>
      <Title order={1}>Your health questions</Title>
      <Text c="dimmed">
        Your answers decide which days are safe for treatment. Some medicines and treatments need a pause
        first; we will tell you exactly when.
      </Text>
      {latest.data && (
        <Alert color="blue">
          You answered these questions before (version {latest.data.version}). Saving again replaces your
          answers.
        </Alert>
      )}
      <Stepper active={step} onStepClick={setStep} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="Concerns" description="What to improve">
          <Paper p="md" withBorder>
            <Stack>
              <Text>Pick what you would like to improve, and how much it bothers you.</Text>
              {errors.concerns && (
                <Text c="red.8" role="alert">
                  {errors.concerns}
                </Text>
              )}
              {entries(CONCERNS).map(([code, label]) => (
                <Stack key={code} gap={4}>
                  <Checkbox
                    label={label}
                    checked={concerns[code] !== undefined}
                    onChange={(event) => {
                      // Read now: React clears the event before the updater runs.
                      const on = event.currentTarget.checked;
                      setConcerns((now) => {
                        const next = { ...now };
                        if (on) next[code] = "moderate";
                        else delete next[code];
                        return next;
                      });
                    }}
                  />
                  {concerns[code] !== undefined && (
                    <SegmentedControl
                      ml="xl"
                      size="xs"
                      aria-label={`How much: ${label}`}
                      data={SEVERITIES}
                      value={concerns[code]}
                      onChange={(value) => setConcerns((now) => ({ ...now, [code]: value as Severity }))}
                    />
                  )}
                </Stack>
              ))}
            </Stack>
          </Paper>
        </Stepper.Step>
        <Stepper.Step label="Medicines" description="Creams and tablets">
          <Paper p="md" withBorder>
            <Stack>
              <Text>Tick any you use now or used in the last year.</Text>
              {entries(MEDICATIONS).map(([code, { label, help }], index) => {
                const answer = medications[code];
                return (
                  <Stack key={code} gap={4}>
                    <Checkbox
                      label={label}
                      description={help}
                      checked={answer !== undefined}
                      onChange={(event) => {
                        // Read now: React clears the event before the updater runs.
                        const on = event.currentTarget.checked;
                        setMedications((now) => {
                          const next = { ...now };
                          if (on) next[code] = { ongoing: true, lastTakenOn: "" };
                          else delete next[code];
                          return next;
                        });
                      }}
                    />
                    {answer !== undefined && (
                      <Group ml="xl" align="flex-end">
                        <Radio.Group
                          label="Are you still using it?"
                          value={answer.ongoing ? "yes" : "no"}
                          onChange={(value) =>
                            setMedications((now) => ({
                              ...now,
                              [code]: { ...answer, ongoing: value === "yes" },
                            }))
                          }
                        >
                          <Group>
                            <Radio value="yes" label="Yes, still using it" />
                            <Radio value="no" label="No, I stopped" />
                          </Group>
                        </Radio.Group>
                        {!answer.ongoing && (
                          <TextInput
                            type="date"
                            label="Last used on"
                            value={answer.lastTakenOn}
                            error={errors[`medications[${index}].lastTakenOn`]}
                            onChange={(event) => {
                              const lastTakenOn = event.currentTarget.value;
                              setMedications((now) => ({ ...now, [code]: { ...answer, lastTakenOn } }));
                            }}
                          />
                        )}
                      </Group>
                    )}
                  </Stack>
                );
              })}
            </Stack>
          </Paper>
        </Stepper.Step>
        <Stepper.Step label="Treatments" description="In the last months">
          <Paper p="md" withBorder>
            <Stack>
              <Text>Tick any treatment you had on your face in the last six months, with its date.</Text>
              {entries(PROCEDURES).map(([code, label]) => (
                <Group key={code} align="flex-end">
                  <Checkbox
                    label={label}
                    checked={procedures[code] !== undefined}
                    onChange={(event) => {
                      // Read now: React clears the event before the updater runs.
                      const on = event.currentTarget.checked;
                      setProcedures((now) => {
                        const next = { ...now };
                        if (on) next[code] = "";
                        else delete next[code];
                        return next;
                      });
                    }}
                  />
                  {procedures[code] !== undefined && (
                    <TextInput
                      type="date"
                      label={`Date of ${label.toLowerCase()}`}
                      value={procedures[code]}
                      onChange={(event) => {
                        const on = event.currentTarget.value;
                        setProcedures((now) => ({ ...now, [code]: on }));
                      }}
                    />
                  )}
                </Group>
              ))}
            </Stack>
          </Paper>
        </Stepper.Step>
        <Stepper.Step label="Health" description="Conditions">
          <Paper p="md" withBorder>
            <Stack>
              <Text>
                Tick anything that applies to you now. If unsure, tick it: your provider will check.
              </Text>
              <Checkbox.Group
                value={conditions}
                onChange={(value) => setConditions(value as ConditionCode[])}
              >
                <Stack gap="xs">
                  {entries(CONDITIONS).map(([code, label]) => (
                    <Checkbox key={code} value={code} label={label} />
                  ))}
                </Stack>
              </Checkbox.Group>
            </Stack>
          </Paper>
        </Stepper.Step>
      </Stepper>
      <ErrorNote error={save.error} title="Your answers were not saved" />
      <Group justify="space-between">
        <Button variant="default" onClick={() => setStep((s) => Math.max(0, s - 1))} disabled={step === 0}>
          Back
        </Button>
        {step < 3 ? (
          <Button onClick={() => setStep((s) => s + 1)} disabled={step === 0 && concernCount === 0}>
            Next
          </Button>
        ) : (
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={concernCount === 0}>
            Save and see my plan
          </Button>
        )}
      </Group>
    </Stack>
  );
}
