import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, Navigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { useTimeline } from "../api/patient-queries";
import { CalendarLinkCard } from "../components/calendar-link-card";
import { CheckInsCard } from "../components/check-ins-card";
import { ConsentCard } from "../components/consent-card";
import { ErrorNote, PageLoader } from "../components/page-state";
import { countdown, formatDay, formatInstant, hasPassed } from "../lib/time";
import { num, ofKind, optionalText, text } from "../lib/timeline";
import { useSession } from "../session";

const TICKS_KEY = "regimen.prepTicks";

function loadTicks(): Record<string, boolean> {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(TICKS_KEY) ?? "{}") as Record<string, boolean>;
  } catch {
    return {};
  }
}

/** A clock for countdowns: ticks each minute, so "makeup OK in 31 h" stays true while the page is open. */
function useNow(): Temporal.Instant {
  const [now, setNow] = useState(() => Temporal.Now.instant());
  useEffect(() => {
    const timer = setInterval(() => setNow(Temporal.Now.instant()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Everything dated in the patient's course: sessions, what to do before, after, and later. */
export default function TimelinePage() {
  const session = useSession();
  const timeline = useTimeline(session.patientId);
  const now = useNow();
  const [ticks, setTicks] = useState(loadTicks);
  const tick = (key: string, done: boolean) =>
    setTicks((current) => {
      const next = { ...current, [key]: done };
      try {
        globalThis.localStorage?.setItem(TICKS_KEY, JSON.stringify(next));
      } catch {
        // Ticks are a convenience on this device only.
      }
      return next;
    });

  if (session.loading) return <PageLoader />;
  if (session.patientId === null) return <Navigate to="/signin?next=/timeline" replace />;
  if (timeline.isPending) return <PageLoader label="Loading your timeline…" />;
  if (timeline.error) return <ErrorNote error={timeline.error} />;
  const { entries, timeZone } = timeline.data;
  const sessions = ofKind(entries, "session").filter((e) => text(e, "status") === "booked");
  const prep = ofKind(entries, "prep");
  // Aftercare of the next (or the current) session only: later sessions' lists would repeat it.
  const openAftercare = ofKind(entries, "aftercare").filter((e) => {
    const to = optionalText(e, "toAt");
    return to === null || !hasPassed(to, now);
  });
  const aftercareFor = openAftercare[0] ? text(openAftercare[0], "forBookingId") : null;
  const aftercare = openAftercare.filter((e) => text(e, "forBookingId") === aftercareFor);
  const maintenance = ofKind(entries, "maintenance");

  return (
    <Stack gap="lg">
      <Title order={1}>My timeline</Title>
      <Text size="sm" c="dimmed">
        Times in {timeZone}.
      </Text>
      <ConsentCard patientId={session.patientId} clinicSlug={session.clinicSlug} />
      <CheckInsCard patientId={session.patientId} />
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          My appointments
        </Title>
        {sessions.length === 0 ? (
          <Stack>
            <Text>No appointment booked.</Text>
            <Button component={Link} to="/book" w="fit-content">
              Book a session
            </Button>
          </Stack>
        ) : (
          <Stack gap="xs">
            {sessions.map((entry) => (
              <Group key={text(entry, "bookingId")} justify="space-between">
                <Text>
                  <strong>{formatInstant(text(entry, "startsAt"), timeZone)}</strong>
                  {num(entry, "seriesNumber") !== null && ` — session ${num(entry, "seriesNumber")}`}
                </Text>
                <Anchor component={Link} to={`/bookings/${text(entry, "bookingId")}`}>
                  Change or cancel
                </Anchor>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {prep.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Before your session
          </Title>
          <Stack gap="xs">
            {prep.map((entry) => {
              const key = `${text(entry, "forBookingId")}:${text(entry, "code")}`;
              return (
                <Checkbox
                  key={key}
                  checked={ticks[key] === true}
                  onChange={(event) => tick(key, event.currentTarget.checked)}
                  label={
                    <>
                      <strong>{formatDay(text(entry, "on"))}</strong>: {text(entry, "text")}
                    </>
                  }
                />
              );
            })}
          </Stack>
        </Card>
      )}
      {aftercare.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Aftercare
          </Title>
          <Stack gap="xs">
            {aftercare.map((entry) => {
              const to = optionalText(entry, "toAt");
              const from = text(entry, "fromAt");
              return (
                <Group
                  key={`${text(entry, "forBookingId")}:${text(entry, "code")}`}
                  justify="space-between"
                  wrap="nowrap"
                >
                  <Text>{text(entry, "text")}</Text>
                  <Badge color={hasPassed(from, now) ? "brand" : "gray.7"} style={{ flexShrink: 0 }}>
                    {!hasPassed(from, now)
                      ? `starts ${countdown(from, now)}`
                      : to === null
                        ? "ongoing"
                        : `OK ${countdown(to, now)}`}
                  </Badge>
                </Group>
              );
            })}
          </Stack>
        </Card>
      )}
      {maintenance.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Later
          </Title>
          {maintenance.map((entry) => (
            <Text key={text(entry, "on")}>
              Maintenance session due around <strong>{formatDay(text(entry, "on"))}</strong>
              {num(entry, "everyMonths") !== null && ` (every ${num(entry, "everyMonths")} months)`}.
            </Text>
          ))}
        </Card>
      )}
      <CalendarLinkCard patientId={session.patientId} />
    </Stack>
  );
}
