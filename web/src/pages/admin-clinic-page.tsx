import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Clinic } from "../api/admin-types";
import { api, keys, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { useApiForm } from "../components/api-form";
import { ErrorNote, PageLoader } from "../components/page-state";

type Policy = Clinic["policy"];

/** Every IANA zone the browser knows, so a typo can never become the clinic's zone. */
const ZONES: string[] = Intl.supportedValuesOf("timeZone");

/** The booking policy's numbers, each with its unit in the label. */
const POLICY_FIELDS: { key: keyof Policy; label: string; description: string }[] = [
  {
    key: "minNoticeMinutes",
    label: "Minimum notice (minutes)",
    description: "How soon before a time it can still be booked",
  },
  {
    key: "lateCancelHours",
    label: "Late cancellation window (hours)",
    description: "Cancelling later than this counts as late",
  },
  {
    key: "slotStepMinutes",
    label: "Time step (minutes)",
    description: "Offered start times are this far apart",
  },
  {
    key: "maxAdvanceDays",
    label: "Book ahead at most (days)",
    description: "How far into the future patients can book",
  },
  {
    key: "maxFutureTreatmentBookings",
    label: "Future sessions per patient",
    description: "Booked treatment sessions at once",
  },
  { key: "maxConsultationsPerDay", label: "Consultations per day", description: "Across the clinic" },
  { key: "maxWaitlistEntries", label: "Waitlist entries per patient", description: "Open requests at once" },
];

/** The clinic's profile (admin): name, zone, contact and booking policy. */
export default function AdminClinicPage() {
  return (
    <AdminFrame title="Clinic profile" path="/admin/clinic">
      {(context) => <ClinicProfile {...context} />}
    </AdminFrame>
  );
}

function ClinicProfile({ slug }: AdminContext) {
  const clinic = useQuery({
    queryKey: keys.clinic(slug),
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}", { params: { path: { slug } } })),
  });
  if (clinic.isPending) return <PageLoader label="Loading the clinic…" />;
  if (clinic.error) return <ErrorNote error={clinic.error} />;
  return <ClinicForm slug={slug} clinic={clinic.data} />;
}

function ClinicForm({ slug, clinic }: { slug: string; clinic: Clinic }) {
  const queryClient = useQueryClient();
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: {
      name: clinic.name,
      timeZone: clinic.timeZone,
      address: clinic.address ?? "",
      phone: clinic.phone ?? "",
      policy: { ...clinic.policy },
    },
    submit: (values) =>
      unwrap(
        api.PATCH("/api/v1/clinics/{slug}", {
          params: { path: { slug } },
          body: {
            ...values,
            // An emptied contact line is removed, not stored as blank text.
            address: values.address.trim() === "" ? null : values.address,
            phone: values.phone.trim() === "" ? null : values.phone,
          },
        }),
      ),
    // The zone and name show in every page's frame: reload the session too.
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Clinic
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Clinic name" required {...form.getInputProps("name")} />
            <Select
              label="Time zone"
              description="Opening hours and every staff page read the clock here"
              data={ZONES}
              searchable
              allowDeselect={false}
              {...form.getInputProps("timeZone")}
            />
            <TextInput label="Address" {...form.getInputProps("address")} />
            <TextInput label="Phone" type="tel" {...form.getInputProps("phone")} />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h3" mb="sm">
            Booking policy
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {POLICY_FIELDS.map((field) => (
              <NumberInput
                key={field.key}
                label={field.label}
                description={field.description}
                min={0}
                allowDecimal={false}
                {...form.getInputProps(`policy.${field.key}`)}
              />
            ))}
          </SimpleGrid>
        </Card>
        <ErrorNote error={mutation.error} title="Not saved" />
        {mutation.isSuccess && <Alert color="brand">Saved.</Alert>}
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            Save the profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
