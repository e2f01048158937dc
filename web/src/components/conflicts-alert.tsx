import { Alert, Button, List } from "@mantine/core";
import { ApiProblem } from "../api/problem";
import { formatInstant } from "../lib/time";
import { ErrorNote } from "./page-state";

export interface Conflict {
  id: string;
  startsAt: string;
  reason: string;
}

/**
 * The live bookings a 409 names: the setup change would leave them wrong (see README, "Setup
 * changes keep bookings true"). Any other failure has none.
 */
export function conflictsOf(error: unknown): Conflict[] {
  if (!(error instanceof ApiProblem) || error.status !== 409) return [];
  const bookings = (error.problem as { bookings?: unknown } | undefined)?.bookings;
  return Array.isArray(bookings) ? (bookings as Conflict[]) : [];
}

/**
 * A refused setup change: the bookings it would hit, with a way to go ahead and flag them for
 * the front desk, or else the server's explanation.
 */
export function ConflictsOrError(props: {
  error: unknown;
  timeZone: string;
  pending?: boolean;
  /** Absent where the server offers no way to go ahead: the bookings must be moved first. */
  onAccept?: () => void;
  title?: string;
}) {
  const conflicts = conflictsOf(props.error);
  if (conflicts.length === 0) return <ErrorNote error={props.error} title={props.title ?? "Not saved"} />;
  return (
    <Alert color="orange" title="This change would make booked sessions wrong">
      <List size="sm">
        {conflicts.map((c) => (
          <List.Item key={c.id}>
            {formatInstant(c.startsAt, props.timeZone)}: {c.reason}
          </List.Item>
        ))}
      </List>
      {props.onAccept && (
        <Button mt="sm" color="orange.9" onClick={props.onAccept} loading={props.pending}>
          Save anyway and flag these bookings for the front desk
        </Button>
      )}
    </Alert>
  );
}
