import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useApiForm } from "../components/api-form";
import { ErrorNote, PageLoader } from "../components/page-state";
import { rememberNext, safeNext } from "../lib/next";
import { browserTimeZone } from "../lib/time";
import { useSession } from "../session";

/** Step one of two: the form. The server emails a link; the account exists once it is opened. */
export default function SignUpPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const next = safeNext(params.get("next"));
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { name: "", email: "", password: "", phone: "" },
    submit: ({ phone, ...values }) => {
      if (next !== null) rememberNext(next);
      return unwrap(
        api.POST("/api/v1/clinics/{slug}/patients/register", {
          params: { path: { slug: session.clinicSlug ?? "" } },
          body: { ...values, timeZone: browserTimeZone(), ...(phone.trim() !== "" && { phone }) },
        }),
      );
    },
  });
  if (session.loading) return <PageLoader />;
  if (mutation.isSuccess)
    return (
      <Paper maw={480} mx="auto" p="lg" withBorder>
        <Stack>
          <Title order={1}>Check your email</Title>
          <Alert color="brand" title="One more step">
            We sent a link to {form.values.email}. Open it to finish creating your account; it works for a
            limited time.
          </Alert>
        </Stack>
      </Paper>
    );
  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1}>Create your account</Title>
          <Text c="dimmed">Times will be shown in your time zone ({browserTimeZone()}).</Text>
          <ErrorNote error={mutation.error} title="Your account was not created" />
          <TextInput label="Full name" required autoComplete="name" {...form.getInputProps("name")} />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps("email")}
          />
          <TextInput
            label="Mobile phone (optional)"
            type="tel"
            autoComplete="tel"
            {...form.getInputProps("phone")}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters; a phrase of a few words is easy to remember"
            required
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={mutation.isPending}>
            Create account
          </Button>
          <Text size="sm">
            Already have an account?{" "}
            <Anchor component={Link} to="/signin">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
