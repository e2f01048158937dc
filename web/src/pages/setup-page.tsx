import { Alert, Button, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Navigate, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { useApiForm } from "../components/api-form";
import { ErrorNote, PageLoader } from "../components/page-state";
import { browserTimeZone } from "../lib/time";
import { useSession } from "../session";

const zones = (): string[] => {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
    "timeZone",
  );
  return supported && supported.length > 0 ? supported : [browserTimeZone()];
};

/** First run: while the server holds no clinic, this creates it and its first admin. */
export default function SetupPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: {
      name: "",
      slug: "",
      timeZone: browserTimeZone(),
      adminName: "",
      adminEmail: "",
      adminPassword: "",
    },
    submit: (values) => unwrap(api.POST("/api/v1/setup", { body: values })),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate("/desk");
    },
  });
  if (session.loading) return <PageLoader />;
  if (!session.setupOpen && !mutation.isSuccess) return <Navigate to="/" replace />;
  return (
    <Paper maw={560} mx="auto" p="lg" withBorder>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1}>Set up your clinic</Title>
          <Text c="dimmed">
            This server has no clinic yet. Name it and create the first administrator; you can add services,
            providers and rooms next.
          </Text>
          <ErrorNote error={mutation.error} title="The clinic was not created" />
          <TextInput label="Clinic name" required {...form.getInputProps("name")} />
          <TextInput
            label="Web address name"
            description="Lower-case letters, digits and dashes, e.g. glow-spa"
            required
            {...form.getInputProps("slug")}
          />
          <Select label="Time zone" searchable required data={zones()} {...form.getInputProps("timeZone")} />
          <TextInput label="Your name" required autoComplete="name" {...form.getInputProps("adminName")} />
          <TextInput
            label="Your email"
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps("adminEmail")}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            required
            autoComplete="new-password"
            {...form.getInputProps("adminPassword")}
          />
          <Button type="submit" loading={mutation.isPending}>
            Create the clinic
          </Button>
          {mutation.isSuccess && <Alert color="brand">Your clinic is ready.</Alert>}
        </Stack>
      </form>
    </Paper>
  );
}
