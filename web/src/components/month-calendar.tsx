import { ActionIcon, Group, Text, UnstyledButton } from "@mantine/core";
import { Temporal } from "temporal-polyfill";
import { monthGrid, shiftMonth } from "../lib/month-grid";
import classes from "./month-calendar.module.css";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export interface MonthCalendarProps {
  /** `YYYY-MM` */
  month: string;
  /** One `YYYY-MM-DD` per available slot, in the viewer's zone. */
  slotDays: readonly string[];
  today: string;
  selected: string | null;
  loading: boolean;
  onSelect(day: string): void;
  onMonthChange(month: string): void;
  /** Months before this one cannot be shown (nothing is bookable in the past). */
  firstMonth: string;
}

/**
 * A month of days; a day with times is a button saying how many, a day without is visibly and
 * audibly unavailable. While the month loads it says so rather than showing an empty grid.
 */
export function MonthCalendar(props: MonthCalendarProps) {
  const weeks = monthGrid(props.month, props.slotDays, props.today);
  // Formatted through the month's first day: a year-month alone formats inconsistently across engines.
  const title = Temporal.PlainYearMonth.from(props.month)
    .toPlainDate({ day: 1 })
    .toLocaleString(undefined, { month: "long", year: "numeric" });
  return (
    <div>
      <Group justify="space-between" mb="xs">
        <ActionIcon
          variant="default"
          aria-label="Previous month"
          disabled={props.month <= props.firstMonth}
          onClick={() => props.onMonthChange(shiftMonth(props.month, -1))}
        >
          ‹
        </ActionIcon>
        <Text fw={600} aria-live="polite">
          {title}
          {props.loading ? " — loading times…" : ""}
        </Text>
        <ActionIcon
          variant="default"
          aria-label="Next month"
          onClick={() => props.onMonthChange(shiftMonth(props.month, 1))}
        >
          ›
        </ActionIcon>
      </Group>
      <table className={classes.grid} aria-busy={props.loading}>
        <caption className={classes.hidden}>Days with free times in {title}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((day) => (
              <th key={day} scope="col">
                {day}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]?.day}>
              {week.map((day) =>
                !day.inMonth ? (
                  <td key={day.day} />
                ) : (
                  <td key={day.day}>
                    <UnstyledButton
                      className={classes.day}
                      data-day={day.day}
                      data-available={day.available || undefined}
                      data-selected={props.selected === day.day || undefined}
                      data-today={day.isToday || undefined}
                      disabled={!day.available}
                      aria-pressed={props.selected === day.day}
                      aria-label={`${Temporal.PlainDate.from(day.day).toLocaleString(undefined, {
                        weekday: "long",
                        day: "numeric",
                        month: "long",
                      })}: ${day.available ? `${day.slotCount} free time${day.slotCount === 1 ? "" : "s"}` : "no free times"}`}
                      onClick={() => props.onSelect(day.day)}
                    >
                      {day.dayOfMonth}
                    </UnstyledButton>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
