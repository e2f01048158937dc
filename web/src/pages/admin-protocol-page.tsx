import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { ConflictsOrError } from "../components/conflicts-alert";
import { ErrorNote, PageLoader } from "../components/page-state";
import { ProtocolPreview } from "../components/protocol-preview";
import {
  AftercareSection,
  PrepSection,
  RedFlagsSection,
  SpacingSection,
  WashoutSection,
} from "../components/protocol-sections";
import type { Doc } from "../lib/protocol-draft";
import { formatInstant, todayIn } from "../lib/time";

/**
 * The protocol editor (admin): the clinic's clinical numbers and texts as a form over the
 * protocol document (spacing, pauses, prep, aftercare, red flags), a live preview of what a new
 * plan would say, and the server's checks beside each field. Saving makes a new protocol
 * version; live bookings it would make wrong are listed first.
 */
export default function AdminProtocolPage() {
  return (
    <AdminFrame title="Protocol" path="/admin/protocol">
      {(context) => <ProtocolEditor {...context} />}
    </AdminFrame>
  );
}

function ProtocolEditor({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const protocol = useQuery({
    queryKey: ["protocol", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/protocol", { params: { path: { slug } } })),
  });
  const [version, setVersion] = useState("");
  const [draft, setDraft] = useState<Doc | null>(null);
  useEffect(() => {
    if (protocol.data?.document) setDraft(protocol.data.document);
  }, [protocol.data]);

  const save = useMutation({
    mutationFn: (acceptConflicts: boolean) => {
      if (!draft) throw new Error("The protocol has not loaded yet.");
      // The whole document goes back: a save replaces the version, merged over the built-in
      // default, not over the current version.
      return unwrap(
        api.PUT("/api/v1/clinics/{slug}/protocol", {
          params: { path: { slug } },
          body: { ...draft, version, ...(acceptConflicts && { acceptConflicts: true }) },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setVersion("");
    },
  });

  if (protocol.isPending || (protocol.data && !draft)) return <PageLoader label="Loading the protocol…" />;
  if (protocol.error) return <ErrorNote error={protocol.error} />;
  if (!draft) return null;
  const errors = fieldErrorsOf(save.error);
  const fields = { draft, onChange: setDraft, errors };
  const today = todayIn(timeZone, Temporal.Now.instant());

  return (
    <Stack gap="lg">
      <Text>
        Current version <strong>{protocol.data.version}</strong>
        {protocol.data.isDefault ? " (the built-in default)" : ""}
        {protocol.data.savedAt ? `, saved ${formatInstant(protocol.data.savedAt, timeZone)}` : ""}.
      </Text>
      {protocol.data.warnings.length > 0 && (
        <Alert color="yellow" title="Worth a second look">
          {protocol.data.warnings.join(" ")}
        </Alert>
      )}
      <SpacingSection {...fields} />
      <WashoutSection {...fields} />
      <ProtocolPreview draft={draft} today={today} />
      <PrepSection {...fields} />
      <AftercareSection {...fields} />
      <RedFlagsSection {...fields} />
      <Group align="flex-end">
        <TextInput
          label="New version name"
          description="Every saved change is a new version, e.g. 2027-01-retinoid-10"
          required
          value={version}
          error={errors.version}
          onChange={(event) => setVersion(event.currentTarget.value)}
        />
        <Button onClick={() => save.mutate(false)} loading={save.isPending} disabled={version.trim() === ""}>
          Save new version
        </Button>
      </Group>
      <ConflictsOrError
        error={save.error}
        timeZone={timeZone}
        pending={save.isPending}
        onAccept={() => save.mutate(true)}
      />
      {save.isSuccess && <Alert color="brand">Saved: version {save.data.version} is now current.</Alert>}
    </Stack>
  );
}
