import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { useApiForm } from "../components/api-form";
import { ErrorNote } from "../components/page-state";
import { safeNext } from "../lib/next";
import { useSession } from "../session";

export default function SignInPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { email: "", password: "" },
    submit: (values) =>
      unwrap(
        api.POST("/api/v1/auth/login", {
          body: { ...values, ...(session.clinicSlug !== null && { clinic: session.clinicSlug }) },
        }),
      ),
    onSuccess: async (me) => {
      queryClient.setQueryData(keys.me, me);
      await queryClient.invalidateQueries();
      const staff = me.account.role !== "patient";
      navigate(next ?? (staff ? "/desk" : "/timeline"));
    },
  });
  return (
    <Paper maw={440} mx="auto" p="lg" withBorder>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1}>Sign in</Title>
          <ErrorNote error={mutation.error} title="You are not signed in" />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="email"
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="current-password"
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={mutation.isPending}>
            Sign in
          </Button>
          <Text size="sm">
            New here?{" "}
            <Anchor component={Link} to={`/signup${next ? `?next=${encodeURIComponent(next)}` : ""}`}>
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
