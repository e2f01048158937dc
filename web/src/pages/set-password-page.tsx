import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useApiForm } from "../components/api-form";
import { ErrorNote } from "../components/page-state";

/** The emailed link of a staff invitation or a password reset: choose a password, then sign in. */
export default function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { password: "" },
    submit: ({ password }) =>
      unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body: { token, password } })),
  });
  return (
    <Paper maw={440} mx="auto" p="lg" withBorder>
      {mutation.isSuccess ? (
        <Stack>
          <Title order={1}>Password saved</Title>
          <Alert color="brand">You can sign in with your new password now.</Alert>
          <Anchor component={Link} to="/signin">
            Sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Title order={1}>Choose a password</Title>
            {token === "" && <Text>This link has no token. Open the link from your email again.</Text>}
            <ErrorNote error={mutation.error} title="The password was not saved" />
            <PasswordInput
              label="New password"
              description="At least 10 characters"
              required
              autoComplete="new-password"
              {...form.getInputProps("password")}
            />
            <Button type="submit" loading={mutation.isPending} disabled={token === ""}>
              Save password
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
