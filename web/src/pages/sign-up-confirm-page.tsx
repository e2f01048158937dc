import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, keys, unwrap } from "../api/client";
import { ErrorNote, PageLoader } from "../components/page-state";
import { takeRememberedNext } from "../lib/next";

/** Step two: the emailed link. Opening it creates the account and signs the patient in. */
export default function SignUpConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/signup/confirm", { body: { token } })),
    onSuccess: async (me) => {
      queryClient.setQueryData(keys.me, me);
      await queryClient.invalidateQueries();
      navigate(takeRememberedNext() ?? "/intake", { replace: true });
    },
  });
  // A link is used once: strict mode's double effect must not send it twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || token === "") return;
    sent.current = true;
    confirm.mutate();
  }, [confirm, token]);
  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <Stack>
        <Title order={1}>Confirming your account</Title>
        {token === "" && <Text>This link has no token. Open the link from your email again.</Text>}
        {confirm.isPending && <PageLoader label="Creating your account…" />}
        <ErrorNote error={confirm.error} title="This link did not work" />
        {confirm.isError && (
          <Anchor component={Link} to="/signup">
            Sign up again
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
