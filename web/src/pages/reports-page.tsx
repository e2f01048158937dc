import {
  Anchor,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { ScrollRegion } from "../components/scroll-region";
import { BarChart, LineChart } from "../components/svg-chart";
import { REPORTS, type Report, type ReportName, reportCharts } from "../lib/report-charts";
import { isStaff, useSession } from "../session";

/**
 * The clinic's reports over a range of days, by week or month: each as a chart of its counts,
 * a chart of its rates, and the full table (also the charts' text for screen readers).
 */
export default function ReportsPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const staff = isStaff(session.role);
  const today = Temporal.Now.plainDateISO(session.timeZone);
  const [name, setName] = useState<ReportName>("attendance");
  // The default range follows the clinic's zone, which is known only once the session loads.
  const [pickedFrom, setFrom] = useState<string | null>(null);
  const [pickedTo, setTo] = useState<string | null>(null);
  const from = pickedFrom ?? today.subtract({ months: 6 }).with({ day: 1 }).toString();
  const to = pickedTo ?? today.add({ days: 1 }).toString();
  const [groupBy, setGroupBy] = useState<"week" | "month">("month");
  const valid = isDay(from) && isDay(to) && from < to;
  const report = useQuery({
    queryKey: ["report", slug, name, from, to, groupBy],
    enabled: staff && slug !== "" && valid,
    queryFn: async (): Promise<Report> => {
      const answer = await unwrap(
        api.GET("/api/v1/clinics/{slug}/reports/{name}", {
          params: { path: { slug, name }, query: { from, to, groupBy } },
        }),
      );
      // The same route answers CSV when asked for it; this page always asks for JSON.
      if (typeof answer === "string") throw new Error("The report came back as CSV instead of JSON.");
      return answer;
    },
  });

  if (session.loading) return <PageLoader />;
  if (!staff) return <Navigate to="/signin?next=/desk/reports" replace />;
  const charts = report.data ? reportCharts(report.data) : null;
  return (
    <Stack gap="lg">
      <Title order={1}>Reports</Title>
      <Card withBorder component="form" aria-label="Which report" onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Report"
            data={REPORTS.map((r) => ({ value: r.name, label: r.label }))}
            value={name}
            allowDeselect={false}
            onChange={(value) => value !== null && setName(value as ReportName)}
            w={220}
          />
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={isDay(from) ? undefined : "Choose a day"}
            w={170}
          />
          <TextInput
            type="date"
            label="Until (not included)"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={!isDay(to) ? "Choose a day" : from >= to ? "Must be after the first day" : undefined}
            w={170}
          />
          <SegmentedControl
            aria-label="Group by"
            value={groupBy}
            onChange={(value) => setGroupBy(value as "week" | "month")}
            data={[
              { value: "month", label: "By month" },
              { value: "week", label: "By week" },
            ]}
          />
        </Group>
        <Text size="sm" c="dimmed" mt="xs">
          {REPORTS.find((r) => r.name === name)?.description}
        </Text>
      </Card>
      {!valid ? null : report.isPending ? (
        <PageLoader label="Loading the report…" />
      ) : report.error ? (
        <ErrorNote error={report.error} />
      ) : report.data.rows.length === 0 ? (
        <Text c="dimmed">Nothing in this range.</Text>
      ) : (
        <>
          {charts?.counts && (
            <Card withBorder>
              <BarChart title={charts.counts.title} labels={charts.labels} series={[charts.counts.series]} />
            </Card>
          )}
          {charts?.rates && (
            <Card withBorder>
              <LineChart
                title={charts.rates.title}
                labels={charts.labels}
                series={charts.rates.series}
                max={100}
                unit="%"
              />
            </Card>
          )}
          <Card withBorder component="section" aria-labelledby="report-table-title">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h3" id="report-table-title">
                All figures ({report.data.timeZone})
              </Title>
              <Anchor
                href={`/api/v1/clinics/${encodeURIComponent(slug)}/reports/${name}.csv?from=${from}&to=${to}&groupBy=${groupBy}`}
                download
              >
                Download CSV
              </Anchor>
            </Group>
            <ScrollRegion label="All figures, as a table">
              <Table striped miw={560}>
                <Table.Thead>
                  <Table.Tr>
                    {report.data.columns.map((c) => (
                      <Table.Th key={c} scope="col">
                        {c.replaceAll("_", " ")}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.rows.map((row, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows come in the report's own order
                    <Table.Tr key={i}>
                      {row.map((cell, j) => (
                        <Table.Td key={report.data.columns[j] ?? j}>{cell ?? "—"}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Card>
        </>
      )}
    </Stack>
  );
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
