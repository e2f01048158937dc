import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Service } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { ConflictsOrError } from "../components/conflicts-alert";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";

/** Services (admin): what patients can book; a retired one stays on past bookings but is no longer offered. */
export default function AdminServicesPage() {
  return (
    <AdminFrame title="Services" path="/admin/services">
      {(context) => <Services {...context} />}
    </AdminFrame>
  );
}

const blank = {
  code: "",
  name: "",
  durationMinutes: 60 as number | string,
  bufferBeforeMinutes: 0 as number | string,
  bufferAfterMinutes: 0 as number | string,
  needsRoom: true,
  roomKinds: ["treatment"] as string[],
  deviceKinds: [] as string[],
  addOn: null as string | null,
  isTreatment: true,
};
type Values = typeof blank;

function valuesOf(service: Service): Values {
  return { ...service, addOn: service.addOn };
}

function Services({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const queryKey = ["services", slug, "all"];
  const services = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/services", {
          params: { path: { slug }, query: { includeInactive: "true" } },
        }),
      ),
  });
  const [editing, setEditing] = useState<Service | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["services", slug] });

  const { form, mutation, onSubmit } = useApiForm({
    initialValues: blank,
    submit: (values: Values) => {
      const body = {
        name: values.name,
        durationMinutes: Number(values.durationMinutes),
        bufferBeforeMinutes: Number(values.bufferBeforeMinutes),
        bufferAfterMinutes: Number(values.bufferAfterMinutes),
        needsRoom: values.needsRoom,
        roomKinds: values.roomKinds as Service["roomKinds"],
        deviceKinds: values.deviceKinds,
        addOn: values.addOn as Service["addOn"],
        isTreatment: values.isTreatment,
      };
      return editing
        ? unwrap(
            api.PATCH("/api/v1/clinics/{slug}/services/{serviceId}", {
              params: { path: { slug, serviceId: editing.id } },
              body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/clinics/{slug}/services", {
              params: { path: { slug } },
              body: { ...body, code: values.code },
            }),
          );
    },
    onSuccess: async () => {
      await refresh();
      setEditing(null);
      form.setValues(blank);
    },
  });
  const setActive = useMutation({
    mutationFn: (service: Service) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}/services/{serviceId}", {
          params: { path: { slug, serviceId: service.id } },
          body: { active: !service.active },
        }),
      ),
    onSuccess: refresh,
  });

  if (services.isPending) return <PageLoader label="Loading the services…" />;
  if (services.error) return <ErrorNote error={services.error} />;

  const startEditing = (service: Service) => {
    setEditing(service);
    form.setValues(valuesOf(service));
    mutation.reset();
  };
  return (
    <Stack gap="lg">
      <DataTable
        label="Services"
        headers={["Service", "Minutes", "Needs", "Status", ""]}
        empty="No services yet."
        rows={services.data.services.map((service) => ({
          key: service.id,
          cells: [
            `${service.name} (${service.code})`,
            `${service.durationMinutes} + ${service.bufferBeforeMinutes}/${service.bufferAfterMinutes} buffer`,
            [
              service.needsRoom ? `room: ${service.roomKinds.join(", ")}` : "no room",
              ...service.deviceKinds,
            ].join("; "),
            service.active ? "Offered" : "Retired",
            <Group key="actions" gap="xs" wrap="nowrap">
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => startEditing(service)}
                aria-label={`Edit ${service.name}`}
              >
                Edit
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                color={service.active ? "red" : "brand"}
                loading={setActive.isPending && setActive.variables?.id === service.id}
                onClick={() => setActive.mutate(service)}
                aria-label={`${service.active ? "Retire" : "Offer again"} ${service.name}`}
              >
                {service.active ? "Retire" : "Offer again"}
              </Button>
            </Group>,
          ],
        }))}
      />
      <ConflictsOrError error={setActive.error} timeZone={timeZone} />
      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Title order={2} size="h3" mb="sm">
          {editing ? `Edit ${editing.name}` : "Add a service"}
        </Title>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Code"
              description="Short snake_case name used in links, never changed"
              required
              disabled={editing !== null}
              {...form.getInputProps("code")}
            />
            <TextInput label="Name" required {...form.getInputProps("name")} />
            <NumberInput
              label="Length (minutes)"
              min={5}
              required
              {...form.getInputProps("durationMinutes")}
            />
            <NumberInput
              label="Buffer before (minutes)"
              min={0}
              {...form.getInputProps("bufferBeforeMinutes")}
            />
            <NumberInput
              label="Buffer after (minutes)"
              min={0}
              {...form.getInputProps("bufferAfterMinutes")}
            />
            <Select
              label="Add-on"
              data={[
                { value: "prp", label: "PRP" },
                { value: "rf", label: "RF" },
              ]}
              clearable
              placeholder="None"
              {...form.getInputProps("addOn")}
            />
            <TagsInput
              label="Devices it needs (kinds)"
              description="Press Enter after each, e.g. microneedling_pen"
              {...form.getInputProps("deviceKinds")}
            />
            <Checkbox.Group label="Room kinds it can use" {...form.getInputProps("roomKinds")}>
              <Group mt={6}>
                <Checkbox value="treatment" label="Treatment room" />
                <Checkbox value="consult" label="Consultation room" />
              </Group>
            </Checkbox.Group>
          </SimpleGrid>
          <Switch label="Needs a room" {...form.getInputProps("needsRoom", { type: "checkbox" })} />
          <Switch
            label="A treatment session (counts toward the series and its spacing)"
            {...form.getInputProps("isTreatment", { type: "checkbox" })}
          />
          <ConflictsOrError error={mutation.error} timeZone={timeZone} />
          {mutation.isSuccess && <Alert color="brand">Saved {mutation.data.name}.</Alert>}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {editing ? "Save changes" : "Add service"}
            </Button>
            {editing && (
              <Button
                variant="default"
                onClick={() => {
                  setEditing(null);
                  form.setValues(blank);
                }}
              >
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
