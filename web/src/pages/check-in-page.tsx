import { Alert, Button, Card, Group, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import {
  type CheckInDraft,
  checkInAnswers,
  emptyCheckIn,
  isCheckInDay,
  NOTE_MAX,
  YES_NO_QUESTIONS,
} from "../lib/check-in";
import { formatDay } from "../lib/time";
import { useSession } from "../session";

const REDNESS = [
  ["0", "0 — none"],
  ["1", "1 — faint pink"],
  ["2", "2 — clearly red"],
  ["3", "3 — deep red"],
] as const;
const SWELLING = [
  ["none", "None"],
  ["mild", "Mild"],
  ["marked", "Marked"],
] as const;
const SATISFACTION = Array.from({ length: 11 }, (_, i) => String(i));

/** Words a patient reads when the answers worry the clinic: who knows, and when not to wait. */
function AlertedNote({ phone }: { phone: string | null }) {
  return (
    <Alert color="red" title="The clinic has been told" role="alert">
      <Stack gap="xs">
        <Text>
          Some of your answers are not what we expect at this point of healing. Your clinic has been alerted
          and will contact you.
        </Text>
        <Text>
          Call the clinic{phone ? ` on ${phone}` : ""} now if the redness spreads, the skin gets hotter or
          oozes pus, you have a fever, or the pain gets worse. If you feel very unwell or have trouble
          breathing, call emergency services.
        </Text>
      </Stack>
    </Alert>
  );
}

/** The day-3, day-14 or day-60 check-in after a session, as the message links to it. */
export default function CheckInPage() {
  const { bookingId = "", day } = useParams();
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const queryClient = useQueryClient();
  const checkIns = useQuery({
    queryKey: ["check-ins", bookingId],
    enabled: session.patientId !== null && isCheckInDay(day),
    queryFn: () =>
      unwrap(api.GET("/api/v1/bookings/{bookingId}/check-ins", { params: { path: { bookingId } } })),
  });
  const clinic = useQuery({
    queryKey: keys.clinic(slug),
    enabled: slug !== "",
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}", { params: { path: { slug } } })),
  });
  const form = useForm<CheckInDraft>({ mode: "controlled", initialValues: emptyCheckIn });
  const answer = useMutation({
    mutationFn: (body: ReturnType<typeof checkInAnswers> & { ok: true }) =>
      unwrap(
        api.PUT("/api/v1/bookings/{bookingId}/check-ins/{day}", {
          params: { path: { bookingId, day: (day ?? "3") as "3" | "14" | "60" } },
          body: body.answers,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["check-ins", bookingId] }),
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const onSubmit = form.onSubmit((values) => {
    const result = checkInAnswers(values);
    if (result.ok) answer.mutate(result);
    else form.setErrors(result.errors);
  });

  if (session.loading) return <PageLoader />;
  if (session.patientId === null)
    return <Navigate to={`/signin?next=${encodeURIComponent(`/check-ins/${bookingId}/${day}`)}`} replace />;
  if (!isCheckInDay(day))
    return (
      <ErrorNote title="No such check-in" error={new Error("This link does not name a check-in day.")} />
    );
  if (checkIns.isPending) return <PageLoader label="Loading your check-in…" />;
  if (checkIns.error) return <ErrorNote error={checkIns.error} />;
  const phone = clinic.data?.phone ?? null;
  const checkIn = checkIns.data.checkIns.find((c) => String(c.day) === day);
  const title = <Title order={1}>How is your skin? Day {day} check-in</Title>;

  if (answer.data) {
    return (
      <Stack gap="lg">
        {title}
        {answer.data.clinicAlerted ? (
          <AlertedNote phone={phone} />
        ) : (
          <Alert color="brand" title="Thank you" role="status">
            Your answers look like normal healing. Keep following your aftercare; we will check in again
            later.
          </Alert>
        )}
        <Button component={Link} to="/timeline" w="fit-content">
          Back to my timeline
        </Button>
      </Stack>
    );
  }
  if (checkIn?.status === "answered")
    return (
      <Stack gap="lg">
        {title}
        <Alert color="gray" title="Already answered">
          You answered this check-in; thank you. If something changed, call the clinic
          {phone ? ` on ${phone}` : ""}.
        </Alert>
      </Stack>
    );
  if (checkIn?.status === "not_yet_open")
    return (
      <Stack gap="lg">
        {title}
        <Alert color="gray" title="Not open yet">
          This check-in opens on {formatDay(checkIn.opensOn)}. If you are worried before then, call the clinic
          {phone ? ` on ${phone}` : ""}.
        </Alert>
      </Stack>
    );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="lg">
        {title}
        <Text>A few questions about your skin since your session. Every question needs an answer.</Text>
        <ErrorNote error={answer.error} title="Not sent" />
        <Card withBorder>
          <Stack>
            <Radio.Group label="How red is the treated skin?" required {...form.getInputProps("redness")}>
              <Group mt="xs">
                {REDNESS.map(([value, label]) => (
                  <Radio key={value} value={value} label={label} />
                ))}
              </Group>
            </Radio.Group>
            <Radio.Group label="How swollen is it?" required {...form.getInputProps("swelling")}>
              <Group mt="xs">
                {SWELLING.map(([value, label]) => (
                  <Radio key={value} value={value} label={label} />
                ))}
              </Group>
            </Radio.Group>
            {YES_NO_QUESTIONS.map(([name, question]) => (
              <Radio.Group key={name} label={question} required {...form.getInputProps(name)}>
                <Group mt="xs">
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No" />
                </Group>
              </Radio.Group>
            ))}
            <Radio.Group
              label="How happy are you with the result so far? (0 not at all, 10 very)"
              required
              {...form.getInputProps("satisfaction")}
            >
              <Group mt="xs" gap="sm">
                {SATISFACTION.map((value) => (
                  <Radio key={value} value={value} label={value} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label="Anything else to tell your clinic? (optional)"
              rows={3}
              maxLength={NOTE_MAX}
              {...form.getInputProps("note")}
            />
          </Stack>
        </Card>
        <Button type="submit" loading={answer.isPending} w="fit-content">
          Send my answers
        </Button>
      </Stack>
    </form>
  );
}
