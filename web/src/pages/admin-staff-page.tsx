import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StaffAccount } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { DataTable } from "../components/data-table";
import { ErrorNote, PageLoader } from "../components/page-state";

type StaffRole = Exclude<StaffAccount["role"], "patient">;
const ROLES: { value: StaffRole; label: string }[] = [
  { value: "front_desk", label: "Front desk" },
  { value: "provider", label: "Provider" },
  { value: "admin", label: "Admin" },
];

/**
 * Staff accounts (admin): invite by email (the invitee sets a password from the emailed link),
 * change a role, deactivate, or sign someone out of every device (a lost phone).
 */
export default function AdminStaffPage() {
  return (
    <AdminFrame title="Staff accounts" path="/admin/staff">
      {(context) => <Staff {...context} />}
    </AdminFrame>
  );
}

function Staff({ slug }: AdminContext) {
  const queryClient = useQueryClient();
  const queryKey = ["staff", slug];
  const staff = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/staff", { params: { path: { slug } } })),
  });
  const providers = useQuery({
    queryKey: ["providers", slug],
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/providers", { params: { path: { slug } } })),
  });
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: {
      email: "",
      name: "",
      role: "front_desk" as StaffRole,
      providerId: null as string | null,
    },
    submit: (values) =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/staff", {
          params: { path: { slug } },
          // Only a provider's account is tied to a provider's calendar.
          body: { ...values, providerId: values.role === "provider" ? values.providerId : null },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      form.reset();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: StaffRole; disabled?: boolean }) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}/staff/{accountId}", {
          params: { path: { slug, accountId: id } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  const signOut = useMutation({
    mutationFn: (accountId: string) =>
      unwrap(
        api.DELETE("/api/v1/clinics/{slug}/staff/{accountId}/sessions", {
          params: { path: { slug, accountId } },
        }),
      ),
  });

  if (staff.isPending) return <PageLoader label="Loading the staff…" />;
  if (staff.error) return <ErrorNote error={staff.error} />;
  const providerName = (id: string | null) => providers.data?.providers.find((p) => p.id === id)?.name;

  return (
    <Stack gap="lg">
      <DataTable
        label="Staff accounts"
        headers={["Name", "Email", "Role", "Status", ""]}
        empty="No staff accounts."
        minWidth={720}
        rows={staff.data.staff.map((person) => ({
          key: person.id,
          cells: [
            providerName(person.providerId)
              ? `${person.name} (calendar: ${providerName(person.providerId)})`
              : person.name,
            person.email,
            <Select
              key="role"
              aria-label={`Role of ${person.name}`}
              data={ROLES}
              value={person.role}
              allowDeselect={false}
              onChange={(role) => role && change.mutate({ id: person.id, role: role as StaffRole })}
              w={150}
            />,
            person.disabled ? "Deactivated" : "Active",
            <Group key="actions" gap="xs" wrap="nowrap">
              <Button
                size="compact-sm"
                variant="subtle"
                color={person.disabled ? "brand" : "red"}
                onClick={() => change.mutate({ id: person.id, disabled: !person.disabled })}
                aria-label={`${person.disabled ? "Reactivate" : "Deactivate"} ${person.name}`}
              >
                {person.disabled ? "Reactivate" : "Deactivate"}
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                loading={signOut.isPending && signOut.variables === person.id}
                onClick={() => signOut.mutate(person.id)}
                aria-label={`Sign ${person.name} out everywhere`}
              >
                Sign out everywhere
              </Button>
            </Group>,
          ],
        }))}
      />
      <ErrorNote error={change.error} title="Not changed" />
      <ErrorNote error={signOut.error} title="Not signed out" />
      {signOut.isSuccess && <Alert color="brand">Signed out of every device.</Alert>}
      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Title order={2} size="h3" mb="sm">
          Invite a colleague
        </Title>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps("name")} />
            <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
            <Select label="Role" data={ROLES} allowDeselect={false} {...form.getInputProps("role")} />
            {form.values.role === "provider" && (
              <Select
                label="Their provider calendar"
                data={(providers.data?.providers ?? []).map((p) => ({ value: p.id, label: p.name }))}
                clearable
                {...form.getInputProps("providerId")}
              />
            )}
          </SimpleGrid>
          <ErrorNote error={mutation.error} title="Not invited" />
          {mutation.isSuccess && <Alert color="brand">Invitation sent to {mutation.data.email}.</Alert>}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
