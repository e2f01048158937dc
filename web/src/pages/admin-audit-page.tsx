import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";
import { type AuditFilters, auditCsvHref, auditQueryOf, NO_FILTERS } from "../lib/audit-filters";
import { formatInstant } from "../lib/time";

const PAGE_SIZE = 50;

/** The audit log (admin): who read or changed what, newest first, filtered, paged, and as CSV. */
export default function AdminAuditPage() {
  return (
    <AdminFrame title="Audit log" path="/admin/audit">
      {(context) => <Audit {...context} />}
    </AdminFrame>
  );
}

function Audit({ slug, timeZone }: AdminContext) {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const query = auditQueryOf(applied, timeZone);
  const staff = useQuery({
    queryKey: ["staff", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/staff", { params: { path: { slug } } })),
  });
  const entries = useInfiniteQuery({
    queryKey: ["audit", query],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit", {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const errors = fieldErrorsOf(entries.error);
  const set =
    (field: "action" | "patientId" | "fromDay" | "toDay") => (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setDraft((now) => ({ ...now, [field]: value }));
    };
  const rows = entries.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Stack gap="lg">
      <Card
        withBorder
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          setApplied(draft);
        }}
        aria-label="Filters"
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Action"
            placeholder="booking.cancel"
            value={draft.action}
            onChange={set("action")}
            error={errors["query.action"]}
          />
          <Select
            label="Who"
            clearable
            searchable
            data={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={draft.actorId}
            onChange={(actorId) => setDraft((now) => ({ ...now, actorId }))}
            error={errors["query.actorId"]}
          />
          <TextInput
            label="Patient id"
            value={draft.patientId}
            onChange={set("patientId")}
            error={errors["query.patientId"]}
          />
          <TextInput
            type="date"
            label="From day"
            value={draft.fromDay}
            onChange={set("fromDay")}
            error={errors["query.from"]}
          />
          <TextInput
            type="date"
            label="To day (included)"
            value={draft.toDay}
            onChange={set("toDay")}
            error={errors["query.to"]}
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit">Apply filters</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(NO_FILTERS);
              setApplied(NO_FILTERS);
            }}
          >
            Clear
          </Button>
          <Anchor href={auditCsvHref(query)} download>
            Download these entries as CSV
          </Anchor>
        </Group>
      </Card>
      {entries.isPending ? (
        <PageLoader label="Loading the audit log…" />
      ) : entries.error ? (
        <ErrorNote error={entries.error} title="Could not load the audit log" />
      ) : (
        <>
          <DataTable
            label="Audit entries"
            headers={["When", "Who", "Action", "On", "Reason"]}
            empty="No entries match."
            minWidth={720}
            rows={rows.map((entry) => ({
              key: entry.id,
              cells: [
                formatInstant(entry.at, timeZone),
                entry.actorName
                  ? `${entry.actorName}${entry.actorRole ? ` (${entry.actorRole})` : ""}`
                  : "System",
                entry.action,
                entry.target ? `${entry.target.type} ${entry.target.id}` : "",
                entry.reason ?? "",
              ],
            }))}
          />
          <Group>
            {entries.hasNextPage ? (
              <Button
                variant="default"
                onClick={() => entries.fetchNextPage()}
                loading={entries.isFetchingNextPage}
              >
                Show older entries
              </Button>
            ) : (
              rows.length > 0 && <Text c="dimmed">That is every matching entry.</Text>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
