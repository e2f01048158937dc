import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { MessageTemplate } from "../api/admin-types";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { insertVariable, variableWarning } from "../lib/template-variables";
import { ErrorNote } from "./page-state";

type Draft = Pick<MessageTemplate, "subject" | "text" | "html">;

/**
 * One message template: subject, text and (for email) HTML, the variables it may use, and the
 * server's rendering with sample values as the admin types. An unknown variable is flagged beside
 * its field at once, and again by the server (422) if sent anyway.
 */
export function TemplateEditor({ slug, template }: { slug: string; template: MessageTemplate }) {
  const queryClient = useQueryClient();
  const { kind, channel, variables } = template;
  const path = { slug, kind, channel };
  const [draft, setDraft] = useState<Draft>({
    subject: template.subject,
    text: template.text,
    html: template.html,
  });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [debounced] = useDebouncedValue(draft, 400);
  const preview = useQuery({
    queryKey: ["template-preview", slug, kind, channel, debounced],
    queryFn: () =>
      unwrap(
        api.POST("/api/v1/clinics/{slug}/message-templates/{kind}/{channel}/preview", {
          params: { path },
          body: { template: debounced },
        }),
      ),
    retry: false,
    placeholderData: (previous) => previous,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ["message-templates", slug] });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/clinics/{slug}/message-templates/{kind}/{channel}", {
          params: { path },
          body: draft,
        }),
      ),
    onSuccess: invalidate,
  });
  const reset = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/v1/clinics/{slug}/message-templates/{kind}/{channel}", { params: { path } })),
    onSuccess: async (fresh) => {
      setDraft({ subject: fresh.subject, text: fresh.text, html: fresh.html });
      save.reset();
      await invalidate();
    },
  });

  // The server's word wins; until it answers, the same check made here.
  const server = { ...fieldErrorsOf(preview.error), ...fieldErrorsOf(save.error) };
  const errorOf = (field: keyof Draft) =>
    server[field] ?? server[`template.${field}`] ?? variableWarning(draft[field] ?? "", variables);
  const edit = (field: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = e.currentTarget.value;
    setDraft((now) => ({ ...now, [field]: value }));
  };
  const addVariable = (name: string) => {
    const at = textRef.current?.selectionStart ?? draft.text.length;
    setDraft((now) => ({ ...now, text: insertVariable(now.text, name, at) }));
  };

  return (
    <Stack gap="md">
      <Card withBorder>
        <Stack gap="sm">
          <Group gap="xs">
            <Text size="sm" fw={500} id="variables-label">
              Variables (click to add to the text):
            </Text>
            {variables.map((name) => (
              <Badge
                key={name}
                component="button"
                type="button"
                variant="light"
                style={{ cursor: "pointer", textTransform: "none" }}
                onClick={() => addVariable(name)}
                aria-label={`Add {{${name}}} to the text`}
              >
                {`{{${name}}}`}
              </Badge>
            ))}
          </Group>
          {channel === "email" && (
            <TextInput
              label="Subject"
              value={draft.subject}
              onChange={edit("subject")}
              error={errorOf("subject")}
            />
          )}
          <Textarea
            ref={textRef}
            label="Text"
            autosize
            minRows={6}
            value={draft.text}
            onChange={edit("text")}
            error={errorOf("text")}
          />
          {channel === "email" && (
            <Textarea
              label="HTML"
              description="Leave empty to send the text only"
              autosize
              minRows={4}
              value={draft.html ?? ""}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDraft((now) => ({ ...now, html: value === "" ? null : value }));
              }}
              error={errorOf("html")}
            />
          )}
          <ErrorNote error={save.error} title="Not saved" />
          <ErrorNote error={reset.error} title="Not reset" />
          {save.isSuccess && <Alert color="brand">Saved: new messages use this text.</Alert>}
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              Save template
            </Button>
            <Button
              variant="default"
              onClick={() => reset.mutate()}
              loading={reset.isPending}
              disabled={!template.custom && !save.isSuccess}
            >
              Reset to default
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder aria-busy={preview.isFetching} aria-labelledby="preview-title">
        <Title order={2} size="h3" mb="xs" id="preview-title">
          Preview with sample values
        </Title>
        {preview.isPending ? (
          <Text c="dimmed">Rendering…</Text>
        ) : preview.error && !preview.data ? (
          <Text c="dimmed">Fix the fields marked above to see the preview.</Text>
        ) : preview.data ? (
          <Stack gap="xs">
            {channel === "email" && (
              <Text>
                <strong>Subject:</strong> {preview.data.subject}
              </Text>
            )}
            <Text
              component="pre"
              style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}
              data-testid="preview-text"
            >
              {preview.data.text}
            </Text>
            {preview.data.html !== null && <HtmlPreview html={preview.data.html} />}
          </Stack>
        ) : null}
      </Card>
    </Stack>
  );
}

/**
 * The email's HTML as a mail program would draw it, on demand. It sits in a frame where no script
 * runs; the same origin only lets the server's frame-ancestors rule (its CSP) accept the frame,
 * which an opaque origin would fail. Shown on request, as most edits are to the text.
 */
function HtmlPreview({ html }: { html: string }) {
  const [shown, setShown] = useState(false);
  return (
    <Stack gap="xs">
      <Button variant="default" w="fit-content" onClick={() => setShown((now) => !now)} aria-expanded={shown}>
        {shown ? "Hide the HTML version" : "Show the HTML version"}
      </Button>
      {shown && (
        <iframe
          title="HTML preview"
          sandbox="allow-same-origin"
          srcDoc={html}
          style={{ width: "100%", minHeight: 240, border: "1px solid var(--mantine-color-gray-3)" }}
        />
      )}
    </Stack>
  );
}
