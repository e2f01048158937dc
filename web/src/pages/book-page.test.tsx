import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { Temporal } from "temporal-polyfill";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { monthBounds } from "../lib/time";
import { prefetchSession } from "../session";
import BookPage, { prefetch } from "./book-page";

/**
 * A server stand-in: a signed-in patient whose own zone (Paris) is not the clinic's (New York),
 * one free time on the last day of whatever month is asked for, and a log of every request.
 * Installed before the API client captures `fetch`.
 */
const server = vi.hoisted(() => {
  const requests: string[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status < 400 ? "application/json" : "application/problem+json" },
    });
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    switch (url.pathname) {
      case "/api/v1/me":
        return json({
          account: { id: "a1", name: "Ella Tester", role: "patient" },
          clinic: { slug: "demo", name: "Demo Clinic", timeZone: "America/New_York" },
          patientId: "p1",
        });
      case "/api/v1/setup":
        return json({ open: false, clinic: { slug: "demo", name: "Demo Clinic" } });
      case "/api/v1/patients/p1":
        return json({ id: "p1", name: "Ella Tester", timeZone: "Europe/Paris" });
      case "/api/v1/patients/p1/plans":
        return json({ plans: [] });
      case "/api/v1/clinics/demo/services":
        return json({
          services: [
            { code: "microneedling", name: "Microneedling", durationMinutes: 60, isTreatment: true },
          ],
        });
      case "/api/v1/clinics/demo/services/microneedling/providers":
        return json({ providers: [{ id: "pr1", name: "Dana Provider" }] });
      case "/api/v1/clinics/demo/slots": {
        // Noon on the month's last day (in any zone near Europe's): never before today.
        const to = Temporal.Instant.from(url.searchParams.get("to") ?? "");
        const startsAt = to.subtract({ hours: 12 });
        return json({
          slots: [
            {
              startsAt: startsAt.toString(),
              endsAt: startsAt.add({ hours: 1 }).toString(),
              providerId: "pr1",
            },
          ],
        });
      }
    }
    return json({ status: 404, title: "Not found" }, 404);
  };
  return { requests };
});

// A browser whose zone is still on a month's last day while the patient's own zone (Paris) is
// already on the next month's first: the page must open on the patient's month.
vi.mock("../lib/time", async (original) => ({
  ...(await original<typeof import("../lib/time")>()),
  browserTimeZone: () => "UTC",
}));
const NOW = new Date("2026-11-30T23:30:00Z");
const PATIENTS_MONTH = monthBounds("2026-12", "Europe/Paris");

function show(queryClient: QueryClient) {
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={["/book?service=microneedling"]}>
          <Routes>
            <Route path="/book" element={<BookPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the booking page's head start before its first render", () => {
  beforeEach(() => {
    server.requests.length = 0;
    // Only the date is frozen: the page's and React Query's timers still run.
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("knows the patient and their zone, and the page then asks for nothing twice", async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const session = await prefetchSession(queryClient);
    expect(session).toMatchObject({
      loading: false,
      role: "patient",
      patientId: "p1",
      clinicSlug: "demo",
      timeZone: "Europe/Paris",
    });
    prefetch(queryClient, session, new URLSearchParams("service=microneedling"));
    // The answers may land before the page mounts (a fast server): it must still not ask again.
    await vi.waitFor(() => expect(queryClient.isFetching()).toBe(0));
    show(queryClient);

    expect(await screen.findByRole("button", { name: /: 1 free time$/ })).toBeTruthy();
    // The month in the patient's own zone, asked for once: the page took the head start's answer.
    const { from, to } = PATIENTS_MONTH;
    const slotRequests = server.requests.filter((r) => r.startsWith("GET /api/v1/clinics/demo/slots"));
    expect(slotRequests).toEqual([
      `GET /api/v1/clinics/demo/slots?${new URLSearchParams({ service: "microneedling", from, to })}`,
    ]);
    for (const path of [
      "/api/v1/me",
      "/api/v1/setup",
      "/api/v1/patients/p1",
      "/api/v1/clinics/demo/services",
      "/api/v1/clinics/demo/services/microneedling/providers",
    ])
      expect(
        server.requests.filter((r) => r === `GET ${path}`),
        path,
      ).toHaveLength(1);
  });

  it("without a head start, the page asks for the same month itself", async () => {
    // The page mounts before the session is known, in the browser's zone and so in its month.
    show(new QueryClient({ defaultOptions: { queries: { retry: false } } }));
    expect(await screen.findByRole("button", { name: /: 1 free time$/ })).toBeTruthy();
    const { from, to } = PATIENTS_MONTH;
    expect(server.requests).toContain(
      `GET /api/v1/clinics/demo/slots?${new URLSearchParams({ service: "microneedling", from, to })}`,
    );
  });
});
