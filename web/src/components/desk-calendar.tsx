import "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { Calendar, dayjsLocalizer, type View } from "react-big-calendar";
import type { EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import * as dragAndDrop from "react-big-calendar/lib/addons/dragAndDrop";
import { useNavigate } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import { closedDaysIn } from "../lib/closed-days";
import { formatDay } from "../lib/time";
import { instantOfWallClock, wallClockDate, wallClockDay, wallClockTime } from "../lib/wall-clock";
import { DeskBookDialog } from "./desk-book-dialog";
import type { DeskTime } from "./desk-time-fields";
import { ErrorNote } from "./page-state";

type DayCalendar =
  paths["/api/v1/clinics/{slug}/calendar"]["get"]["responses"][200]["content"]["application/json"];

interface DeskEvent {
  id: string;
  title: string;
  start: Date;
  end: Date;
  resourceId: string;
  /** Appointments move; time off and closures are shading only. */
  kind: "appointment" | "time_off" | "closure";
  providerId?: string;
}

const localizer = dayjsLocalizer(dayjs);
// The addon ships only as CommonJS, and the production bundle hands its default export over one
// level deeper than the dev server does: take the function wherever it is.
const dragAndDropModule = dragAndDrop as unknown as {
  default: typeof dragAndDrop.default | { default: typeof dragAndDrop.default };
};
const withDragAndDrop =
  typeof dragAndDropModule.default === "function"
    ? dragAndDropModule.default
    : dragAndDropModule.default.default;
const DragAndDropCalendar = withDragAndDrop<DeskEvent, { id: string; title: string }>(Calendar);
const OPENS = "07:00";
const CLOSES = "21:00";

/**
 * The desk's day or week by provider or by room, on the clinic's clock. Click an empty time to
 * book a patient there; drag an appointment to move it, or open it (click or Enter) to choose among
 * its free times or cancel it; provider time off and clinic closures are shaded. Every change goes through the same server rules as the patient's.
 */
export function DeskCalendar({
  slug,
  zone,
  data,
  loading,
  by,
  date,
  view,
  onDate,
  onView,
}: {
  slug: string;
  zone: string;
  data: DayCalendar | undefined;
  loading: boolean;
  by: "providers" | "rooms";
  date: string;
  view: View;
  onDate: (day: string) => void;
  onView: (view: View) => void;
}) {
  const queryClient = useQueryClient();
  const [booking, setBooking] = useState<DeskTime | null>(null);
  const navigate = useNavigate();
  const providers = useMemo(() => (data?.providers ?? []).map((p) => ({ id: p.id, name: p.name })), [data]);
  const columns = by === "providers" ? (data?.providers ?? []) : (data?.rooms ?? []);
  const resources = columns.map((column) => ({ id: column.id, title: column.name }));
  const events: DeskEvent[] = columns.flatMap((column) =>
    column.appointments.map((a) => ({
      id: a.bookingId,
      title: `${a.patientName} · ${a.service}${a.seriesNumber !== null ? ` #${a.seriesNumber}` : ""}`,
      start: wallClockDate(a.localStartsAt),
      end: wallClockDate(a.localEndsAt),
      resourceId: column.id,
      kind: "appointment" as const,
      providerId: a.providerId,
    })),
  );
  const closedDays = data ? closedDaysIn(data.from, data.to, data.closures) : [];
  const shading: DeskEvent[] = [
    ...(by === "providers"
      ? (data?.providers ?? []).flatMap((p) =>
          p.timeOff.map((off) => ({
            id: off.id,
            title: off.note ? `Time off: ${off.note}` : "Time off",
            start: wallClockDate(off.localStartsAt),
            end: wallClockDate(off.localEndsAt),
            resourceId: p.id,
            kind: "time_off" as const,
          })),
        )
      : []),
    ...closedDays.flatMap(({ day, note }) =>
      columns.map((column) => ({
        id: `closed-${day}-${column.id}`,
        title: note ? `Clinic closed: ${note}` : "Clinic closed",
        start: wallClockDate(`${day}T${OPENS}`),
        end: wallClockDate(`${day}T${CLOSES}`),
        resourceId: column.id,
        kind: "closure" as const,
      })),
    ),
  ];

  const refresh = () => queryClient.invalidateQueries();
  const drop = useMutation({
    mutationFn: ({ event, start, resourceId }: EventInteractionArgs<DeskEvent>) => {
      const at = new Date(start);
      // Dropped on another provider's column: that provider takes it. Room columns keep the provider.
      const providerId =
        by === "providers" && typeof resourceId === "string" && resourceId !== event.providerId
          ? resourceId
          : undefined;
      return unwrap(
        api.PATCH("/api/v1/bookings/{bookingId}", {
          params: { path: { bookingId: event.id } },
          body: {
            startsAt: instantOfWallClock(wallClockDay(at), wallClockTime(at), zone),
            ...(providerId && { providerId }),
          },
        }),
      );
    },
    onSettled: refresh,
  });
  const today = Temporal.Now.instant().toZonedDateTimeISO(zone).toPlainDate().toString();

  return (
    <>
      {closedDays.length > 0 && (
        <Alert color="orange" title="Clinic closed">
          {closedDays.map(({ day, note }) => `${formatDay(day)}${note ? ` (${note})` : ""}`).join("; ")}
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Click an empty time to book a patient there; drag an appointment to move it, or open it.
        </Text>
        <Button
          variant="light"
          onClick={() => setBooking({ day: date < today ? today : date, time: "09:00", providerId: "" })}
        >
          Book for a patient
        </Button>
      </Group>
      <ErrorNote error={drop.error} title="Not moved" />
      <div style={{ height: 640, overflowX: "auto" }} aria-busy={loading}>
        <DragAndDropCalendar
          localizer={localizer}
          events={events}
          backgroundEvents={shading}
          resources={resources}
          resourceIdAccessor="id"
          resourceTitleAccessor="title"
          views={["day", "week"]}
          view={view}
          onView={onView}
          date={wallClockDate(`${date}T00:00`)}
          onNavigate={(next) => onDate(wallClockDay(next))}
          min={wallClockDate(`${date}T${OPENS}`)}
          max={wallClockDate(`${date}T${CLOSES}`)}
          step={15}
          timeslots={4}
          selectable
          resizable={false}
          draggableAccessor={(event) => event.kind === "appointment"}
          onEventDrop={(args) => drop.mutate(args)}
          onSelectSlot={(slot) =>
            setBooking({
              day: wallClockDay(slot.start),
              time: wallClockTime(slot.start),
              providerId: by === "providers" && typeof slot.resourceId === "string" ? slot.resourceId : "",
            })
          }
          // The booking's own page moves it from the keyboard, among times searched without it in
          // the way, or cancels it.
          onSelectEvent={(event) => {
            if (event.kind === "appointment") navigate(`/bookings/${event.id}`);
          }}
        />
      </div>
      <DeskBookDialog
        slug={slug}
        zone={zone}
        start={booking}
        providers={providers}
        onClose={() => setBooking(null)}
        onBooked={() => {
          setBooking(null);
          void refresh();
        }}
      />
    </>
  );
}
