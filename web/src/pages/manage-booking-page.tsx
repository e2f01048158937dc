import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Navigate, useNavigate, useParams } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, keys, unwrap } from "../api/client";
import { MonthCalendar } from "../components/month-calendar";
import { ErrorNote, PageLoader } from "../components/page-state";
import { monthOf } from "../lib/month-grid";
import { dayOf, formatInstant, formatTime, monthBounds, todayIn } from "../lib/time";
import { useSession } from "../session";

/** One booking: when it is, moving it to another free time, or cancelling with the policy in view. */
export default function ManageBookingPage() {
  const { bookingId = "" } = useParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const zone = session.timeZone;
  const slug = session.clinicSlug ?? "";
  const today = todayIn(zone, Temporal.Now.instant());
  const [moving, setMoving] = useState(false);
  const [month, setMonth] = useState(monthOf(today));
  const [day, setDay] = useState<string | null>(null);
  const [reason, setReason] = useState("");

  // Free times are searched as the booking's patient with this very booking out of the way: its own
  // holds and spacing would otherwise hide the times next to it. The move itself is checked in full
  // by the server, and a refusal says why next to the times.
  const booking = useQuery({
    queryKey: keys.booking(bookingId),
    queryFn: () => unwrap(api.GET("/api/v1/bookings/{bookingId}", { params: { path: { bookingId } } })),
  });
  const clinic = useQuery({
    queryKey: keys.clinic(slug),
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}", { params: { path: { slug } } })),
    enabled: slug !== "",
  });
  const { from, to } = monthBounds(month, zone);
  const service = booking.data?.service ?? "";
  const slots = useQuery({
    queryKey: keys.slots(slug, service, from, to, booking.data?.patientId, undefined, bookingId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/slots", {
          params: {
            path: { slug },
            query: { service, from, to, rescheduling: bookingId },
          },
        }),
      ),
    enabled: moving && service !== "" && slug !== "",
  });
  const slotDays = useMemo(
    () => (slots.data?.slots ?? []).map((s) => dayOf(s.startsAt, zone)),
    [slots.data, zone],
  );
  const times = useMemo(
    () => [
      ...new Set(
        (slots.data?.slots ?? []).filter((s) => dayOf(s.startsAt, zone) === day).map((s) => s.startsAt),
      ),
    ],
    [slots.data, day, zone],
  );

  const done = async () => {
    await queryClient.invalidateQueries();
    navigate(session.role === "patient" ? "/timeline" : "/desk");
  };
  const move = useMutation({
    mutationFn: (startsAt: string) =>
      unwrap(
        api.PATCH("/api/v1/bookings/{bookingId}", { params: { path: { bookingId } }, body: { startsAt } }),
      ),
    onSuccess: done,
  });
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/bookings/{bookingId}/cancel", {
          params: { path: { bookingId } },
          body: reason.trim() === "" ? {} : { reason: reason.trim() },
        }),
      ),
    onSuccess: done,
  });

  if (session.loading) return <PageLoader />;
  if (session.account === null) return <Navigate to={`/signin?next=/bookings/${bookingId}`} replace />;
  if (booking.isPending) return <PageLoader label="Loading the booking…" />;
  if (booking.error) return <ErrorNote error={booking.error} />;
  const b = booking.data;
  const lateHours = clinic.data?.policy.lateCancelHours;
  const hoursLeft = Temporal.Now.instant().until(Temporal.Instant.from(b.startsAt)).total({ unit: "hours" });
  const late = lateHours !== undefined && hoursLeft < lateHours;

  return (
    <Stack gap="lg">
      <Title order={1}>Your booking</Title>
      <Card withBorder>
        <Text size="lg" fw={600}>
          {formatInstant(b.startsAt, zone)} – {formatTime(b.endsAt, zone)}
        </Text>
        <Text c="dimmed">
          {b.service}
          {b.seriesNumber !== null && `, session ${b.seriesNumber}`} · {b.status}
        </Text>
      </Card>
      {b.status === "booked" && (
        <>
          <Card withBorder>
            <Title order={2} size="h3" mb="sm">
              Move it
            </Title>
            {!moving ? (
              <Button variant="outline" onClick={() => setMoving(true)} w="fit-content">
                Choose another time
              </Button>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <MonthCalendar
                  month={month}
                  firstMonth={monthOf(today)}
                  slotDays={slotDays}
                  today={today}
                  selected={day}
                  loading={slots.isPending}
                  onSelect={setDay}
                  onMonthChange={(next) => {
                    setMonth(next);
                    setDay(null);
                  }}
                />
                <Stack>
                  {day === null && <Text>Choose a day.</Text>}
                  {slots.data?.refusal && <Text c="red.8">{slots.data.refusal.detail}</Text>}
                  <Group gap="xs">
                    {times.map((startsAt) => (
                      <Button
                        key={startsAt}
                        variant="outline"
                        onClick={() => move.mutate(startsAt)}
                        loading={move.isPending}
                      >
                        Move to {formatTime(startsAt, zone)}
                      </Button>
                    ))}
                  </Group>
                  <ErrorNote error={move.error} title="Not moved" />
                </Stack>
              </SimpleGrid>
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h3" mb="sm">
              Cancel it
            </Title>
            {lateHours !== undefined && (
              <Alert color={late ? "orange" : "gray"} mb="sm" title="Cancellation policy">
                Cancelling less than {lateHours} hours before the appointment counts as a late cancellation.
                {late ? " This one would be late." : " You are within the free cancellation window."}
              </Alert>
            )}
            <Textarea
              label="Reason (optional)"
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <ErrorNote error={cancel.error} title="Not cancelled" />
            <Button
              color="red"
              mt="sm"
              onClick={() => cancel.mutate()}
              loading={cancel.isPending}
              w="fit-content"
            >
              Cancel this booking
            </Button>
          </Card>
        </>
      )}
    </Stack>
  );
}
