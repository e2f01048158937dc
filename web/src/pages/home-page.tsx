import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, Navigate } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { isStaff, useSession } from "../session";

const EDUCATION = [
  { to: "/learn/is-microneedling-permanent", label: "Is microneedling permanent?" },
  { to: "/learn/how-to-prepare", label: "How to prepare" },
  { to: "/learn/aftercare", label: "Aftercare" },
  { to: "/learn/what-to-expect", label: "What to expect" },
];

/** The clinic's public home: who they are, what they offer, and a Book button for each service. */
export default function HomePage() {
  const session = useSession();
  const slug = session.clinicSlug;
  const clinic = useQuery({
    queryKey: keys.clinic(slug ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}", { params: { path: { slug: slug ?? "" } } })),
    enabled: slug !== null,
  });
  const services = useQuery({
    queryKey: keys.services(slug ?? ""),
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/services", { params: { path: { slug: slug ?? "" } } })),
    enabled: slug !== null,
  });
  if (session.loading) return <PageLoader />;
  if (session.setupOpen) return <Navigate to="/setup" replace />;
  if (session.error) return <ErrorNote error={session.error} />;
  if (isStaff(session.role)) return <Navigate to="/desk" replace />;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{clinic.data?.name ?? session.clinicName}</Title>
        {clinic.data?.address && <Text c="dimmed">{clinic.data.address}</Text>}
        {clinic.data?.phone && <Text c="dimmed">{clinic.data.phone}</Text>}
      </Stack>
      <Text size="lg">
        Microneedling planned around you: we check your skin, medicines and recent treatments, build a plan,
        and book every session on a day that is safe for you.
      </Text>
      <Title order={2}>Services</Title>
      {services.isPending && <PageLoader label="Loading services…" />}
      <ErrorNote error={services.error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {services.data?.services.map((service) => (
          <Card key={service.id} withBorder padding="lg">
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={3} size="h4">
                  {service.name}
                </Title>
                {service.isTreatment && <Badge variant="outline">Treatment</Badge>}
              </Group>
              <Text size="sm">{service.durationMinutes} minutes</Text>
              <Button
                component={Link}
                to={`/book?service=${service.code}`}
                aria-label={`Book ${service.name}`}
              >
                Book
              </Button>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <Title order={2}>Before you book</Title>
      <Group>
        {EDUCATION.map((item) => (
          <Anchor key={item.to} component={Link} to={item.to}>
            {item.label}
          </Anchor>
        ))}
      </Group>
    </Stack>
  );
}
