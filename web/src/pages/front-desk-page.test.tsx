import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import FrontDeskPage from "./front-desk-page";

/**
 * A server stand-in: a front-desk account in a Los Angeles clinic, and a log of every request.
 * Everything but the session answers "not found": only which day the page asks for matters here.
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
    if (url.pathname === "/api/v1/me")
      return json({
        account: { id: "a1", name: "Frank Desk", role: "front_desk" },
        clinic: { slug: "demo", name: "Demo Clinic", timeZone: "America/Los_Angeles" },
        patientId: null,
      });
    if (url.pathname === "/api/v1/setup")
      return json({ open: false, clinic: { slug: "demo", name: "Demo Clinic" } });
    return json({ status: 404, title: "Not found" }, 404);
  };
  return { requests };
});

// The browser's zone (UTC) is already on 1 December while the clinic's is still on 30 November.
vi.mock("../lib/time", async (original) => ({
  ...(await original<typeof import("../lib/time")>()),
  browserTimeZone: () => "UTC",
}));

describe("the front desk's opening day", () => {
  beforeEach(() => {
    server.requests.length = 0;
    // jsdom lays nothing out; the segmented control only needs the observer to exist.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T02:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("is today in the clinic's zone, though the page mounted before the session was known", async () => {
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <MemoryRouter initialEntries={["/desk"]}>
            <Routes>
              <Route path="/desk" element={<FrontDeskPage />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>,
    );
    await vi.waitFor(() =>
      expect(server.requests).toContain("GET /api/v1/clinics/demo/calendar?from=2026-11-30&to=2026-11-30"),
    );
    expect(server.requests.filter((r) => r.includes("2026-12-01"))).toEqual([]);
  });
});
