import { Button, Card, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Device, Room } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { ConflictsOrError } from "../components/conflicts-alert";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";

const ROOM_KINDS = [
  { value: "treatment", label: "Treatment room" },
  { value: "consult", label: "Consultation room" },
];

/** Rooms (with their kind) and devices (admin): what a session needs besides a provider. */
export default function AdminRoomsPage() {
  return (
    <AdminFrame title="Rooms and devices" path="/admin/rooms">
      {(context) => (
        <>
          <Rooms {...context} />
          <Devices {...context} />
        </>
      )}
    </AdminFrame>
  );
}

function Rooms({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const queryKey = ["rooms", slug];
  const rooms = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/rooms", { params: { path: { slug } } })),
  });
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { name: "", kind: "treatment" as Room["kind"] },
    submit: (body) => unwrap(api.POST("/api/v1/clinics/{slug}/rooms", { params: { path: { slug } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      form.reset();
    },
  });
  const update = useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      kind?: Room["kind"];
      active?: boolean;
      acceptConflicts?: boolean;
    }) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}/rooms/{roomId}", { params: { path: { slug, roomId: id } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h3" mb="sm">
        Rooms
      </Title>
      {rooms.isPending ? (
        <PageLoader label="Loading the rooms…" />
      ) : rooms.error ? (
        <ErrorNote error={rooms.error} />
      ) : (
        <DataTable
          label="Rooms"
          headers={["Room", "Kind", "Status", ""]}
          empty="No rooms yet."
          rows={rooms.data.rooms.map((room) => ({
            key: room.id,
            cells: [
              room.name,
              <Select
                key="kind"
                aria-label={`Kind of ${room.name}`}
                data={ROOM_KINDS}
                value={room.kind}
                allowDeselect={false}
                onChange={(kind) => kind && update.mutate({ id: room.id, kind: kind as Room["kind"] })}
                w={200}
              />,
              room.active ? "In use" : "Out of use",
              <ActiveToggle
                key="active"
                name={room.name}
                active={room.active}
                onToggle={() => update.mutate({ id: room.id, active: !room.active })}
              />,
            ],
          }))}
        />
      )}
      <ConflictsOrError
        error={update.error}
        timeZone={timeZone}
        pending={update.isPending}
        onAccept={() => update.variables && update.mutate({ ...update.variables, acceptConflicts: true })}
      />
      <form onSubmit={onSubmit} noValidate>
        <Group align="flex-end" mt="md">
          <TextInput label="Room name" required {...form.getInputProps("name")} />
          <Select label="Room kind" data={ROOM_KINDS} allowDeselect={false} {...form.getInputProps("kind")} />
          <Button type="submit" loading={mutation.isPending}>
            Add room
          </Button>
        </Group>
        <ErrorNote error={mutation.error} title="Not added" />
      </form>
    </Card>
  );
}

function Devices({ slug, timeZone }: AdminContext) {
  const queryClient = useQueryClient();
  const queryKey = ["devices", slug];
  const devices = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/devices", { params: { path: { slug } } })),
  });
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { name: "", kind: "" },
    submit: (body) =>
      unwrap(api.POST("/api/v1/clinics/{slug}/devices", { params: { path: { slug } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      form.reset();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: Pick<Device, "id" | "active"> & { acceptConflicts?: boolean }) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}/devices/{deviceId}", {
          params: { path: { slug, deviceId: id } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h3" mb="sm">
        Devices
      </Title>
      {devices.isPending ? (
        <PageLoader label="Loading the devices…" />
      ) : devices.error ? (
        <ErrorNote error={devices.error} />
      ) : (
        <DataTable
          label="Devices"
          headers={["Device", "Kind", "Status", ""]}
          empty="No devices yet."
          rows={devices.data.devices.map((device) => ({
            key: device.id,
            cells: [
              device.name,
              device.kind,
              device.active ? "In use" : "Out of use",
              <ActiveToggle
                key="active"
                name={device.name}
                active={device.active}
                onToggle={() => update.mutate({ id: device.id, active: !device.active })}
              />,
            ],
          }))}
        />
      )}
      <ConflictsOrError
        error={update.error}
        timeZone={timeZone}
        pending={update.isPending}
        onAccept={() => update.variables && update.mutate({ ...update.variables, acceptConflicts: true })}
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="xs" mt="md">
          <Group align="flex-start">
            <TextInput label="Device name" required {...form.getInputProps("name")} />
            <TextInput
              label="Device kind"
              description="What services ask for, e.g. rf_device"
              required
              {...form.getInputProps("kind")}
            />
          </Group>
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              Add device
            </Button>
          </Group>
          <ErrorNote error={mutation.error} title="Not added" />
        </Stack>
      </form>
    </Card>
  );
}

function ActiveToggle(props: { name: string; active: boolean; onToggle: () => void }) {
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      color={props.active ? "red" : "brand"}
      onClick={props.onToggle}
    >
      {props.active ? `Take ${props.name} out of use` : `Put ${props.name} back in use`}
    </Button>
  );
}
