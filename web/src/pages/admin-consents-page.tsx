import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ConsentTemplate } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatInstant } from "../lib/time";

type Kind = ConsentTemplate["kind"];
const KINDS: { value: Kind; label: string }[] = [
  { value: "microneedling", label: "Microneedling" },
  { value: "prp", label: "PRP" },
  { value: "rf", label: "RF" },
];

/**
 * Consent forms (admin): every published version stays (a signature names the version signed);
 * publishing a new one makes patients sign again before their next session.
 */
export default function AdminConsentsPage() {
  return (
    <AdminFrame title="Consent forms" path="/admin/consents">
      {(context) => <Consents {...context} />}
    </AdminFrame>
  );
}

function Consents({ slug, timeZone }: AdminContext) {
  const templates = useQuery({
    queryKey: ["consent-templates", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/consent-templates", { params: { path: { slug } } })),
  });
  const [kind, setKind] = useState<Kind>("microneedling");
  if (templates.isPending) return <PageLoader label="Loading the consent forms…" />;
  if (templates.error) return <ErrorNote error={templates.error} />;
  const versions = templates.data.templates
    .filter((t) => t.kind === kind)
    .sort((a, b) => b.version - a.version);
  return (
    <Stack gap="lg">
      <SegmentedControl
        aria-label="Consent form"
        value={kind}
        onChange={(k) => setKind(k as Kind)}
        data={KINDS}
        w="fit-content"
      />
      <DataTable
        label="Versions"
        headers={["Version", "Title", "Published"]}
        empty="No version published yet."
        rows={versions.map((t) => ({
          key: `${t.kind}-${t.version}`,
          cells: [
            String(t.version),
            t.title,
            t.publishedAt ? formatInstant(t.publishedAt, timeZone) : "Built in",
          ],
        }))}
      />
      <PublishForm key={kind} slug={slug} kind={kind} latest={versions[0]} />
    </Stack>
  );
}

function PublishForm({
  slug,
  kind,
  latest,
}: {
  slug: string;
  kind: Kind;
  latest: ConsentTemplate | undefined;
}) {
  const queryClient = useQueryClient();
  const { form, mutation, onSubmit } = useApiForm({
    // A new version usually edits the last one, so it starts from its words.
    initialValues: { title: latest?.title ?? "", body: latest?.body ?? "" },
    submit: (values) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/consent-templates", {
          params: { path: { slug } },
          body: { kind, ...values },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["consent-templates", slug] }),
  });
  return (
    <Card withBorder component="form" onSubmit={onSubmit} noValidate>
      <Title order={2} size="h3" mb="sm">
        Publish a new version
      </Title>
      <Stack gap="sm">
        <TextInput label="Title" required {...form.getInputProps("title")} />
        <Textarea
          label="Consent text"
          required
          autosize
          minRows={8}
          maxRows={24}
          {...form.getInputProps("body")}
        />
        <ErrorNote error={mutation.error} title="Not published" />
        {mutation.isSuccess && <Alert color="brand">Version {mutation.data.version} published.</Alert>}
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            Publish version {(latest?.version ?? 0) + 1}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
