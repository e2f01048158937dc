import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { TemplateEditor } from "./template-editor";

/**
 * A server stand-in: the preview fills `{{patientName}}` with a sample; a save naming any other
 * variable is refused with 422 naming the field, as the real server does.
 */
vi.hoisted(() => {
  // jsdom has no font loading; the growing text areas listen for fonts to re-measure.
  if (!("fonts" in document))
    Object.defineProperty(document, "fonts", { value: { addEventListener() {}, removeEventListener() {} } });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = (await request.json()) as { template?: { text: string }; text?: string };
    const text = body.template?.text ?? body.text ?? "";
    if (/\{\{(?!patientName\}\})/.test(text))
      return json(
        {
          type: "about:blank",
          title: "Unprocessable",
          status: 422,
          detail: "The template uses variables this message does not have.",
          errors: [{ path: "text", message: "unknown variable from the server" }],
        },
        422,
      );
    if (path.endsWith("/preview"))
      return json({ subject: "", text: text.replace("{{patientName}}", "Sam"), html: null });
    return json({
      kind: "check_in",
      channel: "sms",
      subject: "",
      text,
      html: null,
      custom: true,
      variables: ["patientName"],
    });
  };
});

const template = {
  kind: "check_in" as const,
  channel: "sms" as const,
  subject: "",
  text: "Hi {{patientName}}",
  html: null,
  custom: false,
  variables: ["patientName"],
};

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <TemplateEditor slug="demo" template={template} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the message template editor", () => {
  it("previews with the server's sample values as the text changes", async () => {
    show();
    expect(await screen.findByText("Hi Sam")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Text"), { target: { value: "Bye {{patientName}}" } });
    expect(await screen.findByText("Bye Sam", {}, { timeout: 3000 })).toBeTruthy();
  });

  it("flags an unknown variable beside the text at once, then shows the server's refusal there", async () => {
    show();
    fireEvent.change(screen.getByLabelText("Text"), { target: { value: "Hi {{name}}" } });
    expect(screen.getByText("Unknown variable {{name}}; this message has {{patientName}}")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save template" }));
    expect(await screen.findByText("unknown variable from the server")).toBeTruthy();
  });

  it("adds a variable to the text from its button", () => {
    show();
    fireEvent.change(screen.getByLabelText("Text"), { target: { value: "Hello " } });
    fireEvent.click(screen.getByRole("button", { name: "Add {{patientName}} to the text" }));
    expect((screen.getByLabelText("Text") as HTMLTextAreaElement).value).toContain("{{patientName}}");
  });
});
