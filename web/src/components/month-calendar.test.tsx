import { MantineProvider } from "@mantine/core";
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { MonthCalendar, type MonthCalendarProps } from "./month-calendar";

function show(overrides: Partial<MonthCalendarProps> = {}) {
  const props: MonthCalendarProps = {
    month: "2027-03",
    firstMonth: "2027-03",
    slotDays: ["2027-03-10", "2027-03-10", "2027-03-12"],
    today: "2027-03-05",
    selected: null,
    loading: false,
    onSelect: vi.fn(),
    onMonthChange: vi.fn(),
    ...overrides,
  };
  render(
    <MantineProvider>
      <MonthCalendar {...props} />
    </MantineProvider>,
  );
  return props;
}

describe("MonthCalendar", () => {
  it("offers only days with free times, saying how many, and picks one on click", () => {
    const props = show();
    const tenth = screen.getByRole("button", { name: /(10 March|March 10): 2 free times/ });
    expect(tenth.hasAttribute("disabled")).toBe(false);
    fireEvent.click(tenth);
    expect(props.onSelect).toHaveBeenCalledWith("2027-03-10");

    const eleventh = screen.getByRole("button", { name: /(11 March|March 11): no free times/ });
    expect(eleventh.hasAttribute("disabled")).toBe(true);
    expect(
      screen.getAllByRole("button", { name: /free times?$/ }).filter((b) => !b.hasAttribute("disabled")),
    ).toHaveLength(2);
  });

  it("says the month is loading instead of showing an empty grid silently", () => {
    show({ loading: true, slotDays: [] });
    expect(screen.getByText(/loading times/).textContent).toMatch(/March 2027 — loading times/);
    expect(screen.getByRole("table").getAttribute("aria-busy")).toBe("true");
  });

  it("does not go back before the first bookable month, and moves forward a month", () => {
    const props = show();
    expect(screen.getByRole("button", { name: "Previous month" }).hasAttribute("disabled")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Next month" }));
    expect(props.onMonthChange).toHaveBeenCalledWith("2027-04");
  });
});
