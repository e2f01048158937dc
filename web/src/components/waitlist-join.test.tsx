import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { WaitlistJoin } from "./waitlist-join";

/** The waitlist endpoint's stand-in: records each join, answers 201 or the cap's refusal. */
const server = vi.hoisted(() => {
  const state = { joins: [] as unknown[], answer: 201 };
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    state.joins.push(await request.json());
    const body =
      state.answer === 201
        ? { id: "w1" }
        : {
            type: "about:blank",
            title: "Limit reached",
            status: 409,
            detail: "A patient may wait for at most 3 slots at once.",
            code: "limit_reached",
          };
    return new Response(JSON.stringify(body), {
      status: state.answer,
      headers: { "content-type": state.answer === 201 ? "application/json" : "application/problem+json" },
    });
  };
  return state;
});

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <WaitlistJoin
          patientId="p1"
          service="microneedling"
          providerId="dr1"
          from="2030-01-15T17:00:00Z"
          to="2030-02-01T05:00:00Z"
          firstDay="2030-01-15"
          lastDay="2030-01-31"
        />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("joining the waitlist from an empty month", () => {
  beforeEach(() => {
    server.joins.length = 0;
    server.answer = 201;
  });

  it("waits for the rest of the month with the chosen provider, and says so", async () => {
    show();
    fireEvent.click(screen.getByRole("button", { name: "Join the waitlist for these dates" }));
    expect(await screen.findByText("You are on the waitlist")).toBeTruthy();
    expect(server.joins).toEqual([
      {
        patientId: "p1",
        service: "microneedling",
        from: "2030-01-15T17:00:00Z",
        to: "2030-02-01T05:00:00Z",
        providerId: "dr1",
      },
    ]);
  });

  it("shows the server's refusal, such as the cap on entries", async () => {
    server.answer = 409;
    show();
    fireEvent.click(screen.getByRole("button", { name: "Join the waitlist for these dates" }));
    expect((await screen.findByRole("alert")).textContent).toContain("at most 3 slots");
  });
});
