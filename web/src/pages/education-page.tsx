import { Anchor, Card, List, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import { ErrorNote, PageLoader } from "../components/page-state";
import { useSession } from "../session";
import NotFoundPage from "./not-found-page";

type Education =
  paths["/api/v1/clinics/{slug}/education"]["get"]["responses"][200]["content"]["application/json"];

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** Hours as people say them: "48 hours", "3 days" from 72 h on. */
const span = (hours: number) =>
  hours >= 72 && hours % 24 === 0 ? plural(hours / 24, "day") : plural(hours, "hour");

/**
 * The clinic's patient education, written around the numbers of its current protocol, so a page
 * never promises what the booking engine would not do.
 */
const TOPICS: Record<string, { title: string; body: (e: Education) => ReactNode }> = {
  "is-microneedling-permanent": {
    title: "Is microneedling permanent?",
    body: (e) => (
      <>
        <Text>
          Microneedling makes thousands of tiny, controlled injuries; the skin answers by making new collagen.
          For some concerns, such as acne scars, a series can reduce them for good. For the skin's overall
          tone, texture and pigmentation, results last longer with upkeep.
        </Text>
        <Title order={2} size="h3">
          How many sessions?
        </Title>
        <Text>
          Most people start with a series: {e.sessionsBySeverity.mild ?? "?"} session(s) for mild concerns,{" "}
          {e.sessionsBySeverity.moderate ?? "?"} for moderate and {e.sessionsBySeverity.severe ?? "?"} for
          severe ones, spaced at least {plural(e.interval.minDays, "day")} apart (ideally{" "}
          {e.interval.targetMinDays}–{e.interval.targetMaxDays} days).
        </Text>
        <Title order={2} size="h3">
          Keeping the results
        </Title>
        <Text>
          We suggest a maintenance session every {plural(e.maintenanceEveryMonths, "month")}, a daily skincare
          routine between treatments, and sun protection.
        </Text>
      </>
    ),
  },
  "how-to-prepare": {
    title: "How to prepare",
    body: (e) => (
      <>
        <Text>
          Some medicines and treatments need a pause before a session. Your plan gives you the exact dates;
          these are the pauses this clinic uses today.
        </Text>
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>If you use or had</Table.Th>
                <Table.Th>Pause before a session</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.washouts
                .filter((w) => w.days !== null || w.needsReview)
                .map((w) => (
                  <Table.Tr key={`${w.kind}-${w.code}`}>
                    <Table.Td>{w.label}</Table.Td>
                    <Table.Td>
                      {w.days !== null ? `at least ${plural(w.days, "day")}` : ""}
                      {w.needsReview
                        ? `${w.days !== null ? "; " : ""}a provider reviews first — do not stop it yourself`
                        : ""}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <List spacing="xs">
          <List.Item>
            Exfoliate {e.prep.exfoliateDaysBefore.map((d) => plural(d, "day")).join(" and ")} before, then no
            more exfoliating in the last {plural(e.prep.noExfoliationDaysBefore, "day")}.
          </List.Item>
          <List.Item>
            Avoid sun tanning and self-tanner for {plural(e.prep.avoidSunDaysBefore, "day")} before.
          </List.Item>
          {e.prep.antiviralDaysBefore > 0 && (
            <List.Item>
              If you get cold sores, the antiviral starts {plural(e.prep.antiviralDaysBefore, "day")} before.
            </List.Item>
          )}
        </List>
      </>
    ),
  },
  aftercare: {
    title: "Aftercare",
    body: (e) => (
      <List spacing="xs">
        {e.aftercare.map((rule) => (
          <List.Item key={rule.code}>
            {rule.text}{" "}
            <Text span c="dimmed">
              {rule.toHours === null
                ? `(from ${span(rule.fromHours)} after)`
                : rule.fromHours === 0
                  ? `(for ${span(rule.toHours)})`
                  : `(from ${span(rule.fromHours)} to ${span(rule.toHours)} after)`}
            </Text>
          </List.Item>
        ))}
      </List>
    ),
  },
  "what-to-expect": {
    title: "What to expect",
    body: (e) => (
      <List spacing="xs">
        {e.expectations.map((rule) => (
          <List.Item key={rule.code}>
            <strong>
              Day {rule.fromDays}
              {rule.toDays !== rule.fromDays ? `–${rule.toDays}` : ""}:
            </strong>{" "}
            {rule.text}
          </List.Item>
        ))}
      </List>
    ),
  },
};

export default function EducationPage() {
  const { topic = "" } = useParams();
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const education = useQuery({
    queryKey: ["education", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/education", { params: { path: { slug } } })),
    enabled: slug !== "",
  });
  const page = TOPICS[topic];
  if (page === undefined) return <NotFoundPage />;
  return (
    <Stack>
      <Title order={1}>{page.title}</Title>
      {(session.loading || education.isPending) && <PageLoader />}
      <ErrorNote error={education.error} />
      {education.data && page.body(education.data)}
      <Card withBorder>
        <Text fw={600}>More</Text>
        <List>
          {Object.entries(TOPICS)
            .filter(([key]) => key !== topic)
            .map(([key, other]) => (
              <List.Item key={key}>
                <Anchor component={Link} to={`/learn/${key}`}>
                  {other.title}
                </Anchor>
              </List.Item>
            ))}
        </List>
      </Card>
      {education.data && (
        <Text size="sm" c="dimmed">
          From the clinic's protocol {education.data.protocolVersion}.
        </Text>
      )}
    </Stack>
  );
}
