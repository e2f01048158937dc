import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import CheckInPage from "./check-in-page";

/**
 * A server stand-in for the page's requests: the signed-in patient, the clinic, one open day-3
 * check-in; the answer alerts the clinic. Installed before the API client captures `fetch`.
 */
const server = vi.hoisted(() => {
  const state = { answers: [] as unknown[] };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
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
    if (path === "/api/v1/clinics/demo")
      return json({ slug: "demo", name: "Demo Clinic", phone: "555-0100" });
    if (path === "/api/v1/bookings/b1/check-ins")
      return json({
        bookingId: "b1",
        timeZone: "America/New_York",
        checkIns: [{ day: 3, opensOn: "2027-03-04", status: "open", answers: null, answeredAt: null }],
      });
    if (path === "/api/v1/bookings/b1/check-ins/3" && request.method === "PUT") {
      const answers = await request.json();
      state.answers.push(answers);
      return json({
        day: 3,
        opensOn: "2027-03-04",
        status: "answered",
        answers,
        answeredAt: "2027-03-04T15:00:00Z",
        clinicAlerted: true,
      });
    }
    return json({ status: 404, title: "Not found" }, 404);
  };
  return state;
});

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={["/check-ins/b1/3"]}>
          <Routes>
            <Route path="/check-ins/:bookingId/:day" element={<CheckInPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const group = (name: RegExp) => within(screen.getByRole("radiogroup", { name }));

describe("the check-in page", () => {
  beforeEach(() => {
    server.answers.length = 0;
  });

  it("names every unanswered question and sends nothing", async () => {
    show();
    const send = await screen.findByRole("button", { name: "Send my answers" });
    fireEvent.click(send);
    expect(await screen.findAllByText("Answer yes or no")).toHaveLength(5);
    expect(screen.getByText("Choose how red the skin is")).toBeTruthy();
    expect(screen.getByText("Choose a number from 0 to 10")).toBeTruthy();
    expect(server.answers).toEqual([]);
  });

  it("sends the answers and says plainly that the clinic was told, with its phone", async () => {
    show();
    await screen.findByRole("button", { name: "Send my answers" });
    fireEvent.click(group(/How red/).getByLabelText("2 — clearly red"));
    fireEvent.click(group(/How swollen/).getByLabelText("Mild"));
    fireEvent.click(group(/warm to the touch/).getByLabelText("Yes"));
    for (const question of [/fever/, /new bumps/, /acetaminophen/, /cold sore/])
      fireEvent.click(group(question).getByLabelText("No"));
    fireEvent.click(group(/How happy/).getByLabelText("6"));
    fireEvent.click(screen.getByRole("button", { name: "Send my answers" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The clinic has been told");
    expect(alert.textContent).toContain("555-0100");
    expect(server.answers).toEqual([
      {
        redness: 2,
        swelling: "mild",
        warmthOrPus: true,
        fever: false,
        newBumps: false,
        painNotRelievedByAcetaminophen: false,
        coldSore: false,
        satisfaction: 6,
        note: null,
      },
    ]);
  });
});
