import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import PlanReviewPage from "./plan-review-page";

/**
 * A server stand-in: a signed-in provider and one draft plan whose active acne needs review and
 * whose retinoid makes it wait. The accept call answers what the test puts in `state.answer`.
 * Installed before the API client captures `fetch`.
 */
const server = vi.hoisted(() => {
  const state = { sent: [] as unknown[], answer: null as null | { status: number; body: unknown } };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status < 400 ? "application/json" : "application/problem+json" },
    });
  const plan = {
    id: "plan1",
    patientId: "p1",
    status: "draft",
    intakeVersion: 1,
    createdAt: "2027-03-01T15:00:00Z",
    acceptedBy: null,
    acceptedAt: null,
    protocolVersion: "v1",
    asOf: "2027-03-01",
    timeZone: "America/New_York",
    desiredStartOn: "2027-03-01",
    addOnsChosen: [],
    addOnsRefused: [],
    eligibility: {
      status: "needs_review",
      reasons: [
        {
          code: "active_acne",
          kind: "contraindication",
          effect: "review",
          until: null,
          detail: "Active acne",
          override: null,
        },
        {
          code: "retinoid",
          kind: "washout",
          effect: "wait",
          until: "2027-03-08",
          detail: "Retinoid pause",
          override: null,
        },
      ],
    },
    earliestStartOn: "2027-03-08",
    kind: "series",
    completedSessions: 0,
    seriesLength: 3,
    sessions: [
      { number: 1, earliestOn: "2027-03-08", targetOn: "2027-03-08", latestOn: null },
      { number: 2, earliestOn: "2027-04-05", targetOn: "2027-04-05", latestOn: "2027-04-19" },
    ],
    reassessOn: null,
    maintenance: { everyMonths: 6, firstOn: null, required: false },
    addOns: [{ code: "prp", reason: "For acne scars", rule: "addOns.prp" }],
    prep: [],
    aftercare: [],
    expectations: [],
    redFlags: [],
    overrides: [],
    explanation: [],
  };
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/me")
      return json({
        account: { id: "a1", name: "Dr. Maya Ames", role: "provider" },
        clinic: { slug: "demo", name: "Demo Clinic", timeZone: "America/New_York" },
        patientId: null,
      });
    if (path === "/api/v1/setup") return json({ open: false, clinic: { slug: "demo", name: "Demo Clinic" } });
    if (path === "/api/v1/patients/p1")
      return json({ id: "p1", name: "Rowan Review", timeZone: "America/New_York" });
    if (path === "/api/v1/patients/p1/plans/plan1") return json(plan);
    if (path === "/api/v1/patients/p1/plans/plan1/accept" && request.method === "POST") {
      state.sent.push(await request.json());
      const answer = state.answer ?? { status: 200, body: { ...plan, status: "accepted" } };
      return json(answer.body, answer.status);
    }
    return json({ status: 404, title: "Not found" }, 404);
  };
  return state;
});

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={["/desk/patients/p1/plans/plan1"]}>
          <Routes>
            <Route path="/desk/patients/:patientId/plans/:planId" element={<PlanReviewPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the plan review page", () => {
  beforeEach(() => {
    server.sent.length = 0;
    server.answer = null;
  });

  it("asks for a reason beside each accepted override and sends nothing without one", async () => {
    show();
    const acne = await screen.findByRole("checkbox", { name: /Accept: Active acne/ });
    expect((acne as HTMLInputElement).checked).toBe(true);
    const retinoid = screen.getByRole("checkbox", { name: /Accept: Retinoid pause/ });
    expect((retinoid as HTMLInputElement).checked).toBe(false);
    fireEvent.click(retinoid);
    fireEvent.click(screen.getByRole("button", { name: "Accept the plan" }));
    expect(await screen.findAllByText("Write why you accept this")).toHaveLength(2);
    expect(server.sent).toEqual([]);
  });

  it("sends only the ticked overrides, and puts the server's refusal beside the right reason", async () => {
    show();
    fireEvent.click(await screen.findByRole("checkbox", { name: /Accept: Retinoid pause/ }));
    fireEvent.click(screen.getByRole("checkbox", { name: /Accept: Active acne/ }));
    fireEvent.change(screen.getByRole("textbox", { name: /Reason for accepting retinoid/ }), {
      target: { value: "Stopped a month ago" },
    });
    server.answer = {
      status: 400,
      body: {
        type: "about:blank",
        title: "Invalid input",
        status: 400,
        detail: "The overrides are not valid.",
        code: "invalid_input",
        errors: [{ path: "overrides[0].reason", message: "is too vague", in: "body" }],
      },
    };
    fireEvent.click(screen.getByRole("button", { name: "Accept the plan" }));
    expect(await screen.findByText("is too vague")).toBeTruthy();
    expect(server.sent).toEqual([{ overrides: [{ code: "retinoid", reason: "Stopped a month ago" }] }]);
    const reason = screen.getByRole("textbox", { name: /Reason for accepting retinoid/ });
    expect(reason.getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the plan as accepted once the server agrees", async () => {
    show();
    fireEvent.change(await screen.findByRole("textbox", { name: /Reason for accepting active acne/ }), {
      target: { value: "Mild, away from the treated area" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Accept the plan" }));
    expect((await screen.findByRole("status")).textContent).toMatch(/^Accepted/);
    expect(server.sent).toEqual([
      { overrides: [{ code: "active_acne", reason: "Mild, away from the treated area" }] },
    ]);
  });
});
