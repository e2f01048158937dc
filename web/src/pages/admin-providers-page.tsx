import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Switch,
  TagsInput,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { ConflictsOrError } from "../components/conflicts-alert";
import { HoursGridEditor } from "../components/hours-grid-editor";
import { ErrorNote, PageLoader } from "../components/page-state";
import { TimeOffCard } from "../components/time-off-card";

/** Providers (admin): who treats, the services they may give, their usual week and their time off. */
export default function AdminProvidersPage() {
  return (
    <AdminFrame title="Providers" path="/admin/providers">
      {(context) => <Providers {...context} />}
    </AdminFrame>
  );
}

function Providers({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const providers = useQuery({
    queryKey: ["providers", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/providers", { params: { path: { slug } } })),
  });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { name: "", skills: [] as string[] },
    submit: (body) =>
      unwrap(api.POST("/api/v1/clinics/{slug}/providers", { params: { path: { slug } }, body })),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ["providers", slug] });
      form.reset();
      setChosenId(created.id);
    },
  });
  const update = useMutation({
    mutationFn: (change: {
      id: string;
      name?: string;
      skills?: string[];
      active?: boolean;
      acceptConflicts?: boolean;
    }) => {
      const { id, ...body } = change;
      return unwrap(
        api.PATCH("/api/v1/clinics/{slug}/providers/{providerId}", {
          params: { path: { slug, providerId: id } },
          body,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers", slug] }),
  });

  if (providers.isPending) return <PageLoader label="Loading the providers…" />;
  if (providers.error) return <ErrorNote error={providers.error} />;
  const list = providers.data.providers;
  const chosen = list.find((p) => p.id === chosenId) ?? list[0];

  return (
    <Stack gap="lg">
      <Select
        label="Provider"
        data={list.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (inactive)` }))}
        value={chosen?.id ?? null}
        onChange={setChosenId}
        allowDeselect={false}
        maw={360}
      />
      {chosen && (
        <>
          <Card withBorder>
            <Title order={2} size="h3" mb="sm">
              {chosen.name}
            </Title>
            <Stack gap="sm">
              <TagsInput
                label="Services this provider gives (codes)"
                defaultValue={chosen.skills}
                key={`skills-${chosen.id}`}
                onChange={(skills) => update.mutate({ id: chosen.id, skills })}
              />
              <Switch
                label="Takes bookings"
                checked={chosen.active}
                onChange={(e) => update.mutate({ id: chosen.id, active: e.currentTarget.checked })}
              />
              <ConflictsOrError
                error={update.error}
                timeZone={timeZone}
                pending={update.isPending}
                onAccept={() =>
                  update.variables && update.mutate({ ...update.variables, acceptConflicts: true })
                }
              />
            </Stack>
          </Card>
          <HoursGridEditor key={`hours-${chosen.id}`} slug={slug} timeZone={timeZone} provider={chosen} />
          <TimeOffCard key={`off-${chosen.id}`} slug={slug} timeZone={timeZone} provider={chosen} />
        </>
      )}
      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Title order={2} size="h3" mb="sm">
          Add a provider
        </Title>
        <Stack gap="sm">
          <TextInput label="Provider name" required {...form.getInputProps("name")} />
          <TagsInput label="Services they give (codes)" {...form.getInputProps("skills")} />
          <ErrorNote error={mutation.error} title="Not added" />
          {mutation.isSuccess && (
            <Alert color="brand">Added {mutation.data.name}: set their weekly hours above.</Alert>
          )}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              Add provider
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
