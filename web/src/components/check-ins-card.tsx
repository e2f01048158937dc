import { Anchor, Card, List, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { usePatientBookings } from "../api/patient-queries";
import { formatDay } from "../lib/time";

/** Completed sessions whose check-ins are looked up: later ones have no open check-in left. */
const RECENT_SESSIONS = 3;

/** The check-ins open now (day 3, 14, 60 after a completed session), each linking to its form. */
export function CheckInsCard({ patientId }: { patientId: string }) {
  const bookings = usePatientBookings(patientId);
  const completed = (bookings.data?.bookings ?? [])
    .filter((b) => b.status === "completed")
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
    .slice(0, RECENT_SESSIONS);
  const checkIns = useQueries({
    queries: completed.map((b) => ({
      queryKey: ["check-ins", b.id],
      queryFn: () =>
        unwrap(api.GET("/api/v1/bookings/{bookingId}/check-ins", { params: { path: { bookingId: b.id } } })),
    })),
  });
  const open = checkIns.flatMap((q) =>
    (q.data?.checkIns ?? [])
      .filter((c) => c.status === "open")
      .map((c) => ({ bookingId: q.data?.bookingId ?? "", day: c.day, opensOn: c.opensOn })),
  );
  if (open.length === 0) return null;
  return (
    <Card withBorder component="section" aria-labelledby="check-ins-title">
      <Title order={2} size="h3" mb="sm" id="check-ins-title">
        How is your skin?
      </Title>
      <List spacing="xs">
        {open.map((c) => (
          <List.Item key={`${c.bookingId}:${c.day}`}>
            <Anchor component={Link} to={`/check-ins/${c.bookingId}/${c.day}`}>
              Answer the day-{c.day} check-in
            </Anchor>{" "}
            (open since {formatDay(c.opensOn)})
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
