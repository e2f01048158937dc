import { Anchor, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { instantOfWallClock } from "../lib/wall-clock";
import { type DeskTime, DeskTimeFields } from "./desk-time-fields";
import { ErrorNote } from "./page-state";

export interface MovingBooking {
  bookingId: string;
  title: string;
  /** Where it is now, on the clinic's clock. */
  current: DeskTime;
}

/**
 * Moving a booking from the desk calendar by keyboard or click (dragging does the same). The
 * server checks the new time in full, as for any move, and may move later sessions of a series
 * with it; a refusal shows here.
 */
export function DeskMoveDialog({
  zone,
  booking,
  providers,
  onClose,
  onMoved,
}: {
  zone: string;
  booking: MovingBooking | null;
  providers: { id: string; name: string }[];
  onClose: () => void;
  onMoved: () => void;
}) {
  return (
    <Modal opened={booking !== null} onClose={onClose} title={booking?.title ?? "Booking"} size="lg">
      {booking !== null && <MoveForm zone={zone} booking={booking} providers={providers} onMoved={onMoved} />}
    </Modal>
  );
}

function MoveForm({
  zone,
  booking,
  providers,
  onMoved,
}: {
  zone: string;
  booking: MovingBooking;
  providers: { id: string; name: string }[];
  onMoved: () => void;
}) {
  const [when, setWhen] = useState(booking.current);
  const move = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/bookings/{bookingId}", {
          params: { path: { bookingId: booking.bookingId } },
          body: {
            startsAt: instantOfWallClock(when.day, when.time, zone),
            ...(when.providerId && { providerId: when.providerId }),
          },
        }),
      ),
    onSuccess: onMoved,
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        move.mutate();
      }}
    >
      <Stack>
        <Text size="sm">
          Now: {booking.current.day} at {booking.current.time} ({zone}).{" "}
          <Anchor component={Link} to={`/bookings/${booking.bookingId}`}>
            Open the booking
          </Anchor>{" "}
          to see free times or cancel it.
        </Text>
        <DeskTimeFields
          value={when}
          onChange={setWhen}
          providers={providers}
          error={fieldErrorsOf(move.error).startsAt}
        />
        <ErrorNote error={move.error} title="Not moved" />
        <Group>
          <Button type="submit" loading={move.isPending}>
            Move it here
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
