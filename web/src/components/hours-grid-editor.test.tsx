import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { HoursGridEditor } from "./hours-grid-editor";

/** A server stand-in that records the week the editor sends and answers with it. */
const server = vi.hoisted(() => {
  // jsdom measures nothing; the scrolling table only asks to be told of size changes.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  const state = { sent: [] as unknown[] };
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = (await request.json()) as { weeklyHours: unknown };
    state.sent.push(body);
    return new Response(JSON.stringify({ id: "p1", name: "Dr. Ames", skills: [], active: true, ...body }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  return state;
});

const provider = {
  id: "p1",
  name: "Dr. Ames",
  skills: [],
  active: true,
  weeklyHours: [{ weekday: 1, startTime: "09:00:00", endTime: "17:00:00" }],
};

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <HoursGridEditor slug="demo" timeZone="America/New_York" provider={provider} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the weekly hours editor", () => {
  it("shows the week from the API, refuses overlapping shifts, and sends the week back", async () => {
    show();
    expect((screen.getByLabelText("Monday shift 1 starts") as HTMLInputElement).value).toBe("09:00");
    expect(screen.getAllByText("Not working")).toHaveLength(6);

    fireEvent.click(screen.getByRole("button", { name: "Add a shift on Monday" }));
    expect(await screen.findByText("Two shifts overlap.")).toBeTruthy();
    const save = screen.getByRole("button", { name: "Save weekly hours" });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText("Monday shift 2 starts"), { target: { value: "17:00" } });
    fireEvent.change(screen.getByLabelText("Monday shift 2 ends"), { target: { value: "19:00" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a shift on Saturday" }));
    fireEvent.click(screen.getByRole("button", { name: "Save weekly hours" }));

    expect(await screen.findByText("Weekly hours saved.")).toBeTruthy();
    expect(server.sent).toEqual([
      {
        weeklyHours: [
          { weekday: 1, startTime: "09:00", endTime: "17:00" },
          { weekday: 1, startTime: "17:00", endTime: "19:00" },
          { weekday: 6, startTime: "09:00", endTime: "17:00" },
        ],
      },
    ]);
  });

  it("removes a shift", () => {
    show();
    fireEvent.click(screen.getByRole("button", { name: "Remove Monday shift 1" }));
    expect(screen.getAllByText("Not working")).toHaveLength(7);
  });
});
