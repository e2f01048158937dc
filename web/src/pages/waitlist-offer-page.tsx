import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { Temporal } from "temporal-polyfill";
import { api, idempotencyKey, keys, unwrap } from "../api/client";
import { ApiProblem } from "../api/problem";
import { ErrorNote, PageLoader } from "../components/page-state";
import { formatInstant, formatTime } from "../lib/time";
import { offerStateOf, type WaitlistEntry } from "../lib/waitlist-offer";
import { useSession } from "../session";

/** Codes that mean the offered time went to someone else or can no longer be booked. */
const GONE = new Set(["slot_taken", "resource_unavailable", "too_far_ahead", "invalid_state"]);

/**
 * A freed time offered from the waitlist (the offer message links here). Taking it books it like
 * any booking, so it can still be refused: the offer does not hold the time, and the first patient
 * to book it gets it. Declining leaves the waitlist entry.
 */
export default function WaitlistOfferPage() {
  const { entryId = "" } = useParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const patientId = session.patientId ?? "";
  const zone = session.timeZone;

  const entries = useQuery({
    queryKey: keys.waitlist(patientId),
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}/waitlist", { params: { path: { id: patientId } } })),
    enabled: patientId !== "",
  });
  const leave = () => unwrap(api.DELETE("/api/v1/waitlist/{entryId}", { params: { path: { entryId } } }));
  const accept = useMutation({
    mutationFn: async (entry: WaitlistEntry) => {
      const booking = await unwrap(
        api.POST("/api/v1/bookings", {
          params: { header: { "idempotency-key": idempotencyKey() } },
          body: {
            patientId,
            service: entry.service,
            startsAt: entry.offer?.startsAt ?? "",
            ...(entry.providerId && { providerId: entry.providerId }),
          },
        }),
      );
      // Booked: the patient no longer waits. Closing may find the entry closed already; the
      // booking stands either way.
      await leave().catch(() => undefined);
      return booking;
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const decline = useMutation({
    mutationFn: leave,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.waitlist(patientId) }),
  });

  if (session.loading) return <PageLoader />;
  if (session.account === null) return <Navigate to={`/signin?next=/waitlist/${entryId}`} replace />;
  if (session.role !== "patient") {
    return <Alert title="For the patient">Only the patient the time was offered to can take it.</Alert>;
  }
  if (entries.isPending) return <PageLoader label="Loading the offer…" />;
  if (entries.error) return <ErrorNote error={entries.error} title="The offer could not be loaded" />;
  const entry = entries.data.entries.find((e) => e.id === entryId);

  return (
    <Stack gap="lg">
      <Title order={1}>A time freed up</Title>
      {entry === undefined ? (
        <Alert color="gray" title="No such offer">
          This link does not match any of your waitlist entries. <BookLink />
        </Alert>
      ) : (
        <OfferBody
          entry={entry}
          zone={zone}
          accepted={accept.isSuccess}
          declined={decline.isSuccess}
          acceptError={accept.error}
          declineError={decline.error}
          onAccept={() => accept.mutate(entry)}
          onDecline={() => decline.mutate()}
          pending={accept.isPending || decline.isPending}
        />
      )}
    </Stack>
  );
}

function BookLink() {
  return (
    <Anchor component={Link} to="/book">
      See the free times
    </Anchor>
  );
}

function OfferBody(props: {
  entry: WaitlistEntry;
  zone: string;
  accepted: boolean;
  declined: boolean;
  acceptError: Error | null;
  declineError: Error | null;
  onAccept: () => void;
  onDecline: () => void;
  pending: boolean;
}) {
  const { entry, zone } = props;
  if (props.accepted) {
    return (
      <Alert color="green" title="Booked" role="status">
        Your appointment is on your{" "}
        <Anchor component={Link} to="/timeline">
          timeline
        </Anchor>
        .
      </Alert>
    );
  }
  if (props.declined) {
    return (
      <Alert color="gray" title="Declined" role="status">
        You left this waitlist entry; the time goes to someone else. <BookLink />
      </Alert>
    );
  }
  const state = offerStateOf(entry, Temporal.Now.instant());
  const offer = entry.offer;
  const when =
    offer?.startsAt != null
      ? `${formatInstant(offer.startsAt, zone)}${offer.endsAt ? ` – ${formatTime(offer.endsAt, zone)}` : ""}`
      : null;
  if (state === "closed") {
    return (
      <Alert color="gray" title="This offer is closed">
        The entry was taken or left, so there is nothing to accept. <BookLink />
      </Alert>
    );
  }
  if (state === "waiting") {
    return (
      <Alert color="blue" title="Still waiting">
        No time has been offered to you yet for {entry.service} between {formatInstant(entry.from, zone)} and{" "}
        {formatInstant(entry.to, zone)}. We send a message when one frees up.
      </Alert>
    );
  }
  if (state === "expired") {
    return (
      <Alert color="orange" title="This offer has expired">
        The offered time ({when}) has passed. <BookLink />
      </Alert>
    );
  }
  const gone = props.acceptError instanceof ApiProblem && GONE.has(props.acceptError.code ?? "");
  return (
    <Card withBorder>
      <Stack>
        <Text size="lg" fw={600}>
          {entry.service}, {when}
        </Text>
        <Text size="sm" c="dimmed">
          Times are shown in {zone}. The time is not held for you: the first patient to take it gets it.
        </Text>
        {gone ? (
          <Alert color="orange" title="Someone else took this time" role="alert">
            {props.acceptError?.message} <BookLink />
          </Alert>
        ) : (
          <ErrorNote error={props.acceptError} title="Not booked" />
        )}
        <ErrorNote error={props.declineError} title="Not declined" />
        <Group>
          <Button onClick={props.onAccept} loading={props.pending} disabled={gone}>
            Take this time
          </Button>
          <Button variant="outline" color="gray" onClick={props.onDecline} disabled={props.pending}>
            Decline
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
