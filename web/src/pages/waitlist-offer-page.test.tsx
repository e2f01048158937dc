import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import WaitlistOfferPage from "./waitlist-offer-page";

/**
 * A server stand-in: the signed-in patient with two waitlist entries, one offered a time far in
 * the future and one closed; booking the offered time answers as the server does when another
 * patient took it first. Installed before the API client captures `fetch`.
 */
const server = vi.hoisted(() => {
  const state = { booked: [] as unknown[], left: [] as string[], bookAnswer: 201 };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status < 400 ? "application/json" : "application/problem+json" },
    });
  const entry = (id: string, status: string) => ({
    id,
    patientId: "p1",
    service: "microneedling",
    serviceId: "s1",
    providerId: null,
    from: "2099-01-01T05:00:00Z",
    to: "2099-02-01T05:00:00Z",
    status,
    createdAt: "2026-01-01T12:00:00Z",
    offer: {
      startsAt: "2099-01-09T15:00:00Z",
      endsAt: "2099-01-09T16:00:00Z",
      offeredAt: "2026-01-06T12:00:00Z",
    },
    closedAt: status === "closed" ? "2026-01-06T13:00:00Z" : null,
  });
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/me")
      return json({
        account: { id: "a1", name: "Ella Tester", role: "patient" },
        clinic: { slug: "demo", name: "Demo Clinic", timeZone: "America/New_York" },
        patientId: "p1",
      });
    if (path === "/api/v1/setup") return json({ open: false, clinic: { slug: "demo", name: "Demo Clinic" } });
    if (path === "/api/v1/patients/p1")
      return json({ id: "p1", name: "Ella Tester", timeZone: "America/New_York" });
    if (path === "/api/v1/patients/p1/waitlist")
      return json({ entries: [entry("w1", "offered"), entry("w2", "closed")] });
    if (path === "/api/v1/bookings" && request.method === "POST") {
      state.booked.push(await request.json());
      if (state.bookAnswer === 201) return json({ id: "b1" }, 201);
      return json(
        {
          type: "about:blank",
          title: "Slot taken",
          status: 409,
          detail: "That time was just taken.",
          code: "slot_taken",
        },
        409,
      );
    }
    if (path.startsWith("/api/v1/waitlist/") && request.method === "DELETE") {
      state.left.push(path.split("/").at(-1) ?? "");
      return json(entry("w1", "closed"));
    }
    return json({ status: 404, title: "Not found" }, 404);
  };
  return state;
});

function show(entryId: string) {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={[`/waitlist/${entryId}`]}>
          <Routes>
            <Route path="/waitlist/:entryId" element={<WaitlistOfferPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the waitlist offer page", () => {
  beforeEach(() => {
    server.booked.length = 0;
    server.left.length = 0;
    server.bookAnswer = 201;
  });

  it("books the offered time and leaves the waitlist", async () => {
    show("w1");
    fireEvent.click(await screen.findByRole("button", { name: "Take this time" }));
    expect(await screen.findByText("Booked")).toBeTruthy();
    expect(server.booked).toEqual([
      { patientId: "p1", service: "microneedling", startsAt: "2099-01-09T15:00:00Z" },
    ]);
    expect(server.left).toEqual(["w1"]);
  });

  it("explains a time someone else took first, and offers the free times instead", async () => {
    server.bookAnswer = 409;
    show("w1");
    fireEvent.click(await screen.findByRole("button", { name: "Take this time" }));
    expect(await screen.findByText("Someone else took this time")).toBeTruthy();
    expect(screen.getByRole("link", { name: "See the free times" })).toBeTruthy();
    expect(server.left).toEqual([]);
  });

  it("says a closed offer has nothing to accept", async () => {
    show("w2");
    expect(await screen.findByText("This offer is closed")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Take this time" })).toBeNull();
  });

  it("declines by leaving the entry", async () => {
    show("w1");
    fireEvent.click(await screen.findByRole("button", { name: "Decline" }));
    expect(await screen.findByText("Declined")).toBeTruthy();
    expect(server.left).toEqual(["w1"]);
  });
});
