import { Alert, Button, Card, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate } from "react-router";
import { api, unwrap } from "../api/client";
import { consentKeys, useConsentsToSign } from "../api/consent-queries";
import type { operations } from "../api/schema";
import { useApiForm } from "../components/api-form";
import { ErrorNote, PageLoader } from "../components/page-state";
import { useSession } from "../session";

type ConsentTemplate =
  operations["listConsentTemplates"]["responses"][200]["content"]["application/json"]["templates"][number];

/**
 * The consent forms the patient still has to sign, each with its full text, signed by typing
 * their name. A clinic cannot record a session as done without the current signature.
 */
export default function ConsentPage() {
  const session = useSession();
  const slug = session.clinicSlug ?? "";
  const consents = useConsentsToSign(session.patientId, session.clinicSlug);
  const templates = useQuery({
    queryKey: consentKeys.templates(slug),
    enabled: slug !== "" && session.patientId !== null,
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/consent-templates", { params: { path: { slug } } })),
  });

  if (session.loading) return <PageLoader />;
  if (session.patientId === null) return <Navigate to="/signin?next=/consent" replace />;
  if (consents.isPending || templates.isPending) return <PageLoader label="Loading your consent forms…" />;
  if (consents.error || templates.error) return <ErrorNote error={consents.error ?? templates.error} />;
  const forms = consents.toSign
    .map((standing) => ({
      standing,
      template: templates.data.templates.find((t) => t.kind === standing.kind),
    }))
    .filter((f): f is { standing: (typeof f)["standing"]; template: ConsentTemplate } => !!f.template);

  return (
    <Stack gap="lg">
      <Title order={1}>Consent</Title>
      {forms.length === 0 ? (
        <Alert color="brand" title="All signed">
          <Stack gap="xs">
            <Text>You have signed every consent form your clinic asks for.</Text>
            <Button component={Link} to="/timeline" w="fit-content">
              Back to my timeline
            </Button>
          </Stack>
        </Alert>
      ) : (
        forms.map(({ standing, template }) => (
          <ConsentForm
            key={template.kind}
            patientId={session.patientId ?? ""}
            template={template}
            outdated={standing.status === "outdated"}
          />
        ))
      )}
    </Stack>
  );
}

function ConsentForm({
  patientId,
  template,
  outdated,
}: {
  patientId: string;
  template: ConsentTemplate;
  outdated: boolean;
}) {
  const queryClient = useQueryClient();
  const { form, mutation, onSubmit } = useApiForm({
    initialValues: { typedName: "" },
    submit: (values) =>
      unwrap(
        api.POST("/api/v1/patients/{id}/consents", {
          params: { path: { id: patientId } },
          body: { template: template.kind, version: template.version, typedName: values.typedName.trim() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consentKeys.consents(patientId) }),
  });
  const headingId = `consent-${template.kind}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={2} size="h3" id={headingId}>
            {template.title}
          </Title>
          {outdated && (
            <Text c="dimmed" size="sm">
              Your clinic updated this form since you signed it (now version {template.version}). Please read
              it again and sign.
            </Text>
          )}
          <Text style={{ whiteSpace: "pre-wrap" }}>{template.body}</Text>
          <ErrorNote error={mutation.error} title="Not signed" />
          <TextInput
            label="Type your full name to sign"
            description="Typing your name here is your signature; the time is recorded."
            required
            autoComplete="name"
            {...form.getInputProps("typedName")}
          />
          <Button type="submit" loading={mutation.isPending} w="fit-content">
            Sign
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
