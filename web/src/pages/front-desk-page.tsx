import {
  Anchor,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatDay, formatTime, todayIn } from "../lib/time";
import { isStaff, useSession } from "../session";

/** The day at the front desk: each provider's (or room's) appointments and time off, in the clinic's zone. */
export default function FrontDeskPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const [date, setDate] = useState(() => todayIn(session.timeZone, Temporal.Now.instant()));
  const [by, setBy] = useState<"providers" | "rooms">("providers");
  const calendar = useQuery({
    queryKey: ["calendar", slug, date],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/calendar", { params: { path: { slug }, query: { date } } })),
    enabled: slug !== "" && isStaff(session.role),
  });
  const attention = useQuery({
    queryKey: ["needs-attention", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/bookings/needs-attention", { params: { path: { slug } } })),
    enabled: slug !== "" && isStaff(session.role),
  });
  if (session.loading) return <PageLoader />;
  if (!isStaff(session.role)) return <Navigate to="/signin?next=/desk" replace />;
  const columns = by === "providers" ? (calendar.data?.providers ?? []) : (calendar.data?.rooms ?? []);
  const zone = calendar.data?.timeZone ?? session.timeZone;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Front desk</Title>
        <Group align="flex-end">
          <TextInput
            type="date"
            label="Day"
            value={date}
            onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
          />
          <SegmentedControl
            aria-label="Show the day by"
            value={by}
            onChange={(value) => setBy(value as "providers" | "rooms")}
            data={[
              { value: "providers", label: "By provider" },
              { value: "rooms", label: "By room" },
            ]}
          />
        </Group>
      </Group>
      <Text c="dimmed">
        {formatDay(date)} · times in {zone}
      </Text>
      {calendar.isPending && <PageLoader label="Loading the day…" />}
      <ErrorNote error={calendar.error} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {columns.map((column) => (
          <Card key={column.id} withBorder>
            <Title order={2} size="h4" mb="xs">
              {column.name}
            </Title>
            {column.appointments.length === 0 && <Text c="dimmed">Nothing booked.</Text>}
            <Stack gap={6}>
              {column.appointments.map((appointment) => (
                <Anchor
                  key={appointment.bookingId}
                  component={Link}
                  to={`/bookings/${appointment.bookingId}`}
                >
                  {formatTime(appointment.startsAt, zone)}–{formatTime(appointment.endsAt, zone)}{" "}
                  {appointment.patientName} · {appointment.service}
                </Anchor>
              ))}
              {(by === "providers"
                ? (calendar.data?.providers.find((p) => p.id === column.id)?.timeOff ?? [])
                : []
              ).map((off) => (
                <Text key={off.id} c="orange.9" size="sm">
                  Time off {formatTime(off.startsAt, zone)}–{formatTime(off.endsAt, zone)}
                  {off.note ? `: ${off.note}` : ""}
                </Text>
              ))}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h3" mb="sm">
          Needs attention
        </Title>
        <ErrorNote error={attention.error} />
        {attention.data && "bookings" in attention.data && attention.data.bookings.length === 0 && (
          <Text c="dimmed">Nothing needs attention.</Text>
        )}
        <Stack gap={6}>
          {attention.data &&
            "bookings" in attention.data &&
            attention.data.bookings.map((booking) => (
              <Anchor key={booking.id} component={Link} to={`/bookings/${booking.id}`}>
                {formatDay(booking.startsAt.slice(0, 10))}:{" "}
                {booking.needsAttention?.detail ?? booking.service}
              </Anchor>
            ))}
        </Stack>
      </Card>
    </Stack>
  );
}
