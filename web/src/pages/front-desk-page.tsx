import "react-big-calendar/lib/css/react-big-calendar.css";
import "./front-desk.css";
import {
  Anchor,
  Card,
  Group,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { View } from "react-big-calendar";
import { Link, Navigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { DeskCalendar } from "../components/desk-calendar";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatDay, formatInstant, todayIn } from "../lib/time";
import { isStaff, useSession } from "../session";

/**
 * The front desk: the day or week by provider or by room (click an empty time to book there,
 * drag an appointment to move it, open it to move or cancel), time off and closures shaded, what needs attention,
 * the next 7 days' readiness, the waitlist, and finding a patient to book for.
 */
export default function FrontDeskPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const staff = isStaff(session.role);
  // Today in the clinic's zone until someone picks a day: the session's zone is the browser's while it loads.
  const [pickedDate, setDate] = useState<string | null>(null);
  const date = pickedDate ?? todayIn(session.timeZone, Temporal.Now.instant());
  const [view, setView] = useState<View>("day");
  const [by, setBy] = useState<"providers" | "rooms">("providers");
  const [search, setSearch] = useState("");

  const range = useMemo(() => {
    const day = Temporal.PlainDate.from(date);
    const start = view === "week" ? day.subtract({ days: day.dayOfWeek % 7 }) : day;
    return { from: start.toString(), last: start.add({ days: view === "week" ? 6 : 0 }).toString() };
  }, [date, view]);
  const calendar = useQuery({
    queryKey: ["calendar", slug, range.from, range.last],
    // Clinic days, both included: the server reads them on the clinic's calendar.
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/calendar", {
          params: { path: { slug }, query: { from: range.from, to: range.last } },
        }),
      ),
    enabled: slug !== "" && staff,
  });
  const attention = useQuery({
    queryKey: ["needs-attention", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/bookings/needs-attention", { params: { path: { slug } } })),
    enabled: slug !== "" && staff,
  });
  const readiness = useQuery({
    queryKey: ["readiness", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/readiness", { params: { path: { slug } } })),
    enabled: slug !== "" && staff,
  });
  const waitlist = useQuery({
    queryKey: ["waitlist", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/waitlist", { params: { path: { slug } } })),
    enabled: slug !== "" && staff,
  });
  const patients = useQuery({
    queryKey: ["patients", slug, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/patients", {
          params: { path: { slug }, query: { q: search, limit: 10 } },
        }),
      ),
    enabled: slug !== "" && staff && search.trim().length >= 2,
  });

  if (session.loading) return <PageLoader />;
  if (!staff) return <Navigate to="/signin?next=/desk" replace />;
  const zone = calendar.data?.timeZone ?? session.timeZone;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Front desk</Title>
        <TextInput
          type="date"
          label="Day"
          value={date}
          onChange={(event) => event.currentTarget.value && setDate(event.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Columns"
          value={by}
          onChange={(value) => setBy(value as "providers" | "rooms")}
          data={[
            { value: "providers", label: "By provider" },
            { value: "rooms", label: "By room" },
          ]}
        />
      </Group>
      <Text c="dimmed">
        {formatDay(date)} · times in {zone}
        {calendar.isFetching ? " · loading…" : ""}
      </Text>
      <ErrorNote error={calendar.error} />
      <DeskCalendar
        slug={slug}
        zone={zone}
        data={calendar.data}
        loading={calendar.isPending}
        by={by}
        date={date}
        view={view}
        onDate={setDate}
        onView={setView}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Needs attention
          </Title>
          <ErrorNote error={attention.error} />
          {attention.data?.bookings.length === 0 && <Text c="dimmed">Nothing needs attention.</Text>}
          <List spacing={4}>
            {attention.data?.bookings.map((b) => (
              <List.Item key={b.id}>
                <Anchor component={Link} to={`/bookings/${b.id}`}>
                  {formatInstant(b.startsAt, zone)}
                </Anchor>
                : {b.needsAttention?.detail ?? b.service}
              </List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Readiness, next 7 days
          </Title>
          <ErrorNote error={readiness.error} />
          {readiness.data?.items.length === 0 && <Text c="dimmed">Everyone is ready.</Text>}
          <List spacing={4}>
            {readiness.data?.items.map((item) => (
              <List.Item key={item.bookingId}>
                <Anchor component={Link} to={`/bookings/${item.bookingId}`}>
                  {formatInstant(item.startsAt, zone)} {item.patientName}
                </Anchor>
                : {item.problems.map((p) => p.detail).join("; ") || "ready"}
              </List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Waitlist
          </Title>
          <ErrorNote error={waitlist.error} />
          {waitlist.data?.entries.length === 0 && <Text c="dimmed">Nobody is waiting.</Text>}
          <List spacing={4}>
            {waitlist.data?.entries.map((entry) => (
              <List.Item key={entry.id}>
                {entry.service}, {formatInstant(entry.from, zone)} – {formatInstant(entry.to, zone)} ·{" "}
                {entry.status}
              </List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Find a patient
          </Title>
          <TextInput
            label="Name, email or phone"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <ErrorNote error={patients.error} />
          <List spacing={4} mt="xs">
            {patients.data?.patients.map((p) => (
              <List.Item key={p.id}>
                <Anchor component={Link} to={`/desk/patients/${p.id}`}>
                  {p.name}
                </Anchor>{" "}
                {p.email ? `(${p.email})` : ""} ·{" "}
                <Anchor component={Link} to={`/book?service=microneedling&patientId=${p.id}`}>
                  Book for {p.name}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
