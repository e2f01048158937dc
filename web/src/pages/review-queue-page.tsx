import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, Navigate } from "react-router";
import { api, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatInstant } from "../lib/time";
import { useSession } from "../session";

/** Who reviews plans: the server answers the queue to providers and admins only. */
const REVIEW_ROLES = ["provider", "admin"];

/**
 * Draft plans that wait for a provider before the patient can book: each with the patient, how
 * long it has waited and why (a medication, a condition, the skin type). Oldest first, so the
 * patient who has waited longest is seen first.
 */
export default function ReviewQueuePage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const allowed = session.role !== null && REVIEW_ROLES.includes(session.role);
  const queue = useQuery({
    queryKey: ["review-queue", slug],
    enabled: slug !== "" && allowed,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/review-queue", {
          params: { path: { slug }, query: { limit: 200 } },
        }),
      ),
  });

  if (session.loading) return <PageLoader />;
  if (session.role === null) return <Navigate to="/signin?next=/desk/review" replace />;
  if (!allowed)
    return (
      <ErrorNote title="Not for this account" error={new Error("Plan review is for providers and admins.")} />
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1}>Plans to review</Title>
        {queue.data !== undefined && <Badge size="lg">{queue.data.total} waiting</Badge>}
      </Group>
      {queue.isPending ? (
        <PageLoader label="Loading the review queue…" />
      ) : queue.error ? (
        <ErrorNote error={queue.error} />
      ) : queue.data.items.length === 0 ? (
        <Text c="dimmed">No plans wait for a review.</Text>
      ) : (
        queue.data.items.map((item) => (
          <Card key={item.planId} withBorder component="article" aria-label={`Plan of ${item.patientName}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Anchor
                  component={Link}
                  to={`/desk/patients/${item.patientId}/plans/${item.planId}`}
                  fw={600}
                  aria-label={`Review the plan of ${item.patientName}`}
                >
                  {item.patientName || "Unnamed patient"}
                </Anchor>
                <Text size="sm" c="dimmed">
                  Waiting since {formatInstant(item.createdAt, session.timeZone)}
                </Text>
              </Group>
              <List spacing={4} size="sm">
                {item.reasons.map((reason) => (
                  <List.Item key={reason.code}>
                    <Badge size="sm" variant="light" mr={6}>
                      {reason.kind}
                    </Badge>
                    {reason.detail}
                  </List.Item>
                ))}
              </List>
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}
