import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, idempotencyKey, keys, unwrap } from "../api/client";
import { useCurrentPlan } from "../api/patient-queries";
import { MonthCalendar } from "../components/month-calendar";
import { ErrorNote, PageLoader } from "../components/page-state";
import { ProviderSelect, providersQuery } from "../components/provider-select";
import { WaitlistJoin } from "../components/waitlist-join";
import { monthOf } from "../lib/month-grid";
import { rememberNext } from "../lib/next";
import { dayOf, formatDay, formatInstant, formatTime, monthBounds, todayIn } from "../lib/time";
import { waitlistWindow } from "../lib/waitlist-window";
import { isStaff, type Session, useSession } from "../session";

interface Slot {
  startsAt: string;
  endsAt: string;
  providerId: string;
}

/** What the page's address and the session decide: what to book, with whom, for whom. */
function bookingTarget(session: Session, params: URLSearchParams) {
  // Staff book on a patient's behalf (from the front desk's patient search): the same page, with
  // that patient's own gating and plan.
  const forPatient = isStaff(session.role) ? params.get("patientId") : null;
  return {
    slug: session.clinicSlug ?? "",
    service: params.get("service") ?? "microneedling",
    // Empty: any provider, the server's choice (more times show).
    providerId: params.get("provider") ?? "",
    wanted: params.get("start"),
    forPatient,
    bookingPatientId: session.role === "patient" ? session.patientId : forPatient,
  };
}

type BookingTarget = ReturnType<typeof bookingTarget>;

/** The month the page opens on: the one of the time asked for, else the current one. */
function openingMonth({ wanted }: BookingTarget, zone: string, today: string): string {
  return monthOf(wanted ? dayOf(wanted, zone) : today);
}

/**
 * How long an answer counts as current. Long enough that what `prefetch` fetched just before the
 * page mounted is shown as it is, not asked for again; short enough that coming back to a month
 * asks again. A booking invalidates everything at once anyway, and the server re-checks each time.
 */
const FRESH_MS = 10_000;

const servicesQuery = (slug: string) =>
  queryOptions({
    queryKey: keys.services(slug),
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/services", { params: { path: { slug } } })),
    staleTime: FRESH_MS,
  });

/** The free times of `month` (in `zone`) for the target. */
function slotsQuery(target: BookingTarget, month: string, zone: string) {
  const { slug, service, providerId, forPatient, bookingPatientId } = target;
  const { from, to } = monthBounds(month, zone);
  return queryOptions({
    queryKey: keys.slots(slug, service, from, to, bookingPatientId ?? undefined, providerId || undefined),
    staleTime: FRESH_MS,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/slots", {
          params: {
            path: { slug },
            query: {
              service,
              from,
              to,
              ...(forPatient && { patientId: forPatient }),
              ...(providerId && { providerId }),
            },
          },
        }),
      ),
  });
}

/**
 * Asks for the opening month's free times, the services and the providers before the page first
 * renders (the app calls this once it knows the session), so the server searches while the
 * browser draws. The page's own queries then take these answers.
 */
export function prefetch(queryClient: QueryClient, session: Session, params: URLSearchParams): void {
  const target = bookingTarget(session, params);
  if (session.loading || target.slug === "") return;
  const zone = session.timeZone;
  const month = openingMonth(target, zone, todayIn(zone, Temporal.Now.instant()));
  void queryClient.prefetchQuery(slotsQuery(target, month, zone));
  void queryClient.prefetchQuery(servicesQuery(target.slug));
  void queryClient.prefetchQuery(providersQuery(target.slug, target.service));
}

/**
 * Pick a service, a day and a time. Anyone can look; booking needs a patient account, so a
 * visitor's chosen time is kept through sign-up and offered again afterwards (the server checks
 * it again then, against the patient's own health answers).
 */
export default function BookPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const target = bookingTarget(session, params);
  const { slug, service, providerId, wanted, forPatient, bookingPatientId } = target;
  const zone = session.timeZone;
  const today = todayIn(zone, Temporal.Now.instant());
  // Only what the user picked is state. Until then the month and day follow the session's zone,
  // which is the browser's while the session loads and may fall on another date than the patient's.
  const [pickedMonth, setMonth] = useState<string | null>(null);
  const month = pickedMonth ?? openingMonth(target, zone, today);
  const [pickedDay, setDay] = useState<string | null | undefined>(undefined);
  const day = pickedDay === undefined ? (wanted ? dayOf(wanted, zone) : null) : pickedDay;
  const [slot, setSlot] = useState<Slot | null>(null);
  const [wholeSeries, setWholeSeries] = useState(true);
  const plan = useCurrentPlan(bookingPatientId);

  const services = useQuery({ ...servicesQuery(slug), enabled: slug !== "" });
  const slots = useQuery({ ...slotsQuery(target, month, zone), enabled: slug !== "" && !session.loading });
  const slotDays = useMemo(
    () => (slots.data?.slots ?? []).map((s) => dayOf(s.startsAt, zone)),
    [slots.data, zone],
  );
  const daySlots = useMemo(() => {
    // One button per start time: which provider takes it is the server's choice unless asked.
    const seen = new Map<string, Slot>();
    for (const s of slots.data?.slots ?? [])
      if (dayOf(s.startsAt, zone) === day && !seen.has(s.startsAt)) seen.set(s.startsAt, s);
    return [...seen.values()];
  }, [slots.data, day, zone]);
  const chosenService = services.data?.services.find((s) => s.code === service);
  const seriesPossible =
    chosenService?.isTreatment === true &&
    plan.data?.kind === "series" &&
    (plan.data?.sessions.length ?? 0) > 1;

  const book = useMutation({
    mutationFn: async (picked: Slot) => {
      const patientId = bookingPatientId ?? "";
      const headers = { "idempotency-key": idempotencyKey() };
      if (seriesPossible && wholeSeries && plan.data) {
        const series = await unwrap(
          api.POST("/api/v1/bookings/series", {
            params: { header: headers },
            body: {
              patientId,
              planId: plan.data.id,
              firstStartsAt: picked.startsAt,
              service,
              ...(providerId && { providerId }),
            },
          }),
        );
        return series;
      }
      return unwrap(
        api.POST("/api/v1/bookings", {
          params: { header: headers },
          body: { patientId, service, startsAt: picked.startsAt, ...(providerId && { providerId }) },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(session.role === "patient" ? "/timeline" : "/desk");
    },
  });

  const choose = (picked: Slot) => {
    setSlot(picked);
    if (session.role === null) {
      const back = `/book?${new URLSearchParams({
        service,
        start: picked.startsAt,
        ...(providerId && { provider: providerId }),
      })}`;
      rememberNext(back);
      navigate(`/signup?next=${encodeURIComponent(back)}`);
    }
  };

  if (session.loading) return <PageLoader />;
  const pendingStart = slot?.startsAt ?? (session.role === "patient" ? wanted : null);
  const pending = pendingStart
    ? (daySlots.find((s) => s.startsAt === pendingStart) ??
      slots.data?.slots.find((s) => s.startsAt === pendingStart))
    : undefined;
  const waitWindow = waitlistWindow(month, zone, Temporal.Now.instant());
  const waits = plan.data?.eligibility.reasons.filter((r) => r.until !== null && r.effect !== "review") ?? [];

  return (
    <Stack gap="md">
      <Title order={1}>Book</Title>
      <Group align="flex-end">
        {/* The native picker: light to ship, and the phone's own wheel on small screens. */}
        <NativeSelect
          label="Service"
          data={(services.data?.services ?? []).map((s) => ({
            value: s.code,
            label: `${s.name} (${s.durationMinutes} min)`,
          }))}
          value={service}
          onChange={(event) => {
            setParams({ service: event.currentTarget.value, ...(forPatient && { patientId: forPatient }) });
            setDay(null);
            setSlot(null);
          }}
          w={320}
          maw="100%"
        />
        <ProviderSelect
          slug={slug}
          service={service}
          value={providerId}
          onChange={(next) => {
            setParams({
              service,
              ...(next && { provider: next }),
              ...(forPatient && { patientId: forPatient }),
            });
            setDay(null);
            setSlot(null);
          }}
        />
      </Group>
      <Text size="sm" c="dimmed">
        Times are shown in {zone}.
      </Text>
      {bookingPatientId !== null && plan.data?.earliestStartOn && waits.length > 0 && (
        <Alert color="yellow" title={`First possible day: ${formatDay(plan.data.earliestStartOn)}`}>
          {waits.map((w) => (
            <Text key={w.code} size="sm">
              {w.detail}
              {w.until && ` (until ${formatDay(w.until)})`}
            </Text>
          ))}
        </Alert>
      )}
      {slots.data?.refusal && (
        <Alert color="red" title="No times can be offered">
          {slots.data.refusal.detail}
        </Alert>
      )}
      <ErrorNote error={slots.error} title="Free times could not be loaded" />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="sm">
          <MonthCalendar
            month={month}
            firstMonth={monthOf(today)}
            slotDays={slotDays}
            today={today}
            selected={day}
            loading={slots.isPending}
            onSelect={(picked) => {
              setDay(picked);
              setSlot(null);
            }}
            onMonthChange={(next) => {
              setMonth(next);
              setDay(null);
            }}
          />
          {!slots.isPending && !slots.error && slotDays.length === 0 && !slots.data?.refusal && (
            <Text mt="sm">No free times this month: try the next one.</Text>
          )}
        </Paper>
        <Stack>
          {day === null ? (
            <Text>{slots.isPending ? "Loading free times…" : "Choose a day to see its times."}</Text>
          ) : (
            <>
              <Title order={2} size="h3">
                {formatDay(day)}
              </Title>
              <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="xs" role="list" aria-label="Free times">
                {daySlots.map((s) => (
                  <Button
                    key={s.startsAt}
                    role="listitem"
                    variant={pending?.startsAt === s.startsAt ? "filled" : "outline"}
                    onClick={() => choose(s)}
                  >
                    {formatTime(s.startsAt, zone)}
                  </Button>
                ))}
              </SimpleGrid>
            </>
          )}
          {bookingPatientId !== null && pending && (
            <Paper withBorder p="md">
              <Stack>
                <Text fw={600}>
                  {chosenService?.name ?? service} on {formatInstant(pending.startsAt, zone)}
                </Text>
                {seriesPossible && (
                  <Checkbox
                    checked={wholeSeries}
                    onChange={(event) => setWholeSeries(event.currentTarget.checked)}
                    label={`Book all ${plan.data?.sessions.length} sessions of my plan, spaced as the protocol needs`}
                  />
                )}
                <ErrorNote error={book.error} title="Not booked" />
                <Button onClick={() => book.mutate(pending)} loading={book.isPending}>
                  Confirm booking
                </Button>
              </Stack>
            </Paper>
          )}
          {bookingPatientId !== null &&
            waitWindow !== null &&
            !slots.isPending &&
            !slots.error &&
            slotDays.length === 0 &&
            !slots.data?.refusal && (
              <WaitlistJoin
                key={`${service}-${providerId}-${month}`}
                patientId={bookingPatientId}
                service={service}
                providerId={providerId || undefined}
                {...waitWindow}
              />
            )}
          {isStaff(session.role) && forPatient === null && (
            <Text size="sm">To book for a patient, find them at the front desk first.</Text>
          )}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
