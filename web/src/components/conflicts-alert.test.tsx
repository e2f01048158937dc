import { MantineProvider } from "@mantine/core";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiProblem } from "../api/problem";
import { ConflictsOrError, conflictsOf } from "./conflicts-alert";

const conflict = new ApiProblem(409, {
  type: "about:blank",
  title: "Conflict",
  status: 409,
  detail: "The change would make 1 booking wrong.",
  bookings: [{ id: "b1", startsAt: "2027-03-01T14:30:00Z", reason: "the clinic is closed that day" }],
});

function show(error: unknown, onAccept?: () => void) {
  render(
    <MantineProvider>
      <ConflictsOrError error={error} timeZone="America/New_York" onAccept={onAccept} />
    </MantineProvider>,
  );
}

describe("a setup change that would hit bookings", () => {
  it("lists each booking on the clinic's clock with the reason, and offers to go ahead", () => {
    const accept = vi.fn();
    show(conflict, accept);
    expect(screen.getByText(/the clinic is closed that day/).textContent).toMatch(/9:30/);
    fireEvent.click(screen.getByRole("button", { name: /Save anyway and flag/ }));
    expect(accept).toHaveBeenCalledOnce();
  });

  it("offers no way ahead where the server has none", () => {
    show(conflict);
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows any other refusal as the server's explanation", () => {
    const refused = new ApiProblem(422, {
      type: "about:blank",
      title: "Invalid",
      status: 422,
      detail: "Last day is before the first.",
    });
    expect(conflictsOf(refused)).toEqual([]);
    show(refused);
    expect(screen.getByRole("alert").textContent).toContain("Last day is before the first.");
  });
});
