import { Select, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { type AdminContext, AdminFrame } from "../components/admin-frame";
import { ErrorNote, PageLoader } from "../components/page-state";
import { TemplateEditor } from "../components/template-editor";

/** "booking_confirmation" → "Booking confirmation". */
function kindName(kind: string): string {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Message templates (admin): pick one, edit it with a live preview, or go back to the default. */
export default function AdminTemplatesPage() {
  return (
    <AdminFrame
      title="Message templates"
      path="/admin/templates"
      intro="What patients and staff receive. Changes apply to messages sent from now on."
    >
      {(context) => <Templates {...context} />}
    </AdminFrame>
  );
}

function Templates({ slug }: AdminContext) {
  const templates = useQuery({
    queryKey: ["message-templates", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clinics/{slug}/message-templates", { params: { path: { slug } } })),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  if (templates.isPending) return <PageLoader label="Loading the templates…" />;
  if (templates.error) return <ErrorNote error={templates.error} />;
  const list = templates.data.templates;
  const id = (t: (typeof list)[number]) => `${t.kind}/${t.channel}`;
  const template = list.find((t) => id(t) === chosen) ?? list[0];
  return (
    <Stack gap="md">
      <Select
        label="Message"
        searchable
        allowDeselect={false}
        maw={420}
        value={template ? id(template) : null}
        onChange={setChosen}
        data={list.map((t) => ({
          value: id(t),
          label: `${kindName(t.kind)} (${t.channel === "sms" ? "SMS" : "email"})${t.custom ? " · edited" : ""}`,
        }))}
      />
      {template && <TemplateEditor key={id(template)} slug={slug} template={template} />}
    </Stack>
  );
}
