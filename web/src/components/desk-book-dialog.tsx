import { Button, Modal, NativeSelect, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, idempotencyKey, keys, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { instantOfWallClock } from "../lib/wall-clock";
import { type DeskTime, DeskTimeFields } from "./desk-time-fields";
import { ErrorNote } from "./page-state";

/**
 * Booking on a patient's behalf from the desk calendar: find the patient, pick the service,
 * confirm the time. The server applies every rule it applies to the patient (protocol, caps,
 * holds), and its refusal shows here.
 */
export function DeskBookDialog({
  slug,
  zone,
  start,
  providers,
  onClose,
  onBooked,
}: {
  slug: string;
  zone: string;
  /** Where the desk clicked (or today, from the keyboard); null keeps the dialog closed. */
  start: DeskTime | null;
  providers: { id: string; name: string }[];
  onClose: () => void;
  onBooked: () => void;
}) {
  return (
    <Modal
      opened={start !== null}
      onClose={onClose}
      title="Book for a patient"
      size="lg"
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {start !== null && (
        <BookForm slug={slug} zone={zone} start={start} providers={providers} onBooked={onBooked} />
      )}
    </Modal>
  );
}

function BookForm({
  slug,
  zone,
  start,
  providers,
  onBooked,
}: {
  slug: string;
  zone: string;
  start: DeskTime;
  providers: { id: string; name: string }[];
  onBooked: () => void;
}) {
  const [search, setSearch] = useState("");
  const [patientId, setPatientId] = useState("");
  const [service, setService] = useState("microneedling");
  const [when, setWhen] = useState(start);
  const patients = useQuery({
    queryKey: ["patients", slug, search],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/patients", {
          params: { path: { slug }, query: { q: search, limit: 8 } },
        }),
      ),
    enabled: search.trim().length >= 2,
  });
  const services = useQuery({
    queryKey: keys.services(slug),
    queryFn: () => unwrap(api.GET("/api/v1/clinics/{slug}/services", { params: { path: { slug } } })),
  });
  const book = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/bookings", {
          params: { header: { "idempotency-key": idempotencyKey() } },
          body: {
            patientId,
            service,
            startsAt: instantOfWallClock(when.day, when.time, zone),
            ...(when.providerId && { providerId: when.providerId }),
          },
        }),
      ),
    onSuccess: onBooked,
  });
  const fields = fieldErrorsOf(book.error);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        book.mutate();
      }}
    >
      <Stack>
        <TextInput
          label="Find the patient"
          description="Two letters or more of the name, email or phone"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          data-autofocus
        />
        {patients.isFetching && (
          <Text size="sm" role="status">
            Searching…
          </Text>
        )}
        <ErrorNote error={patients.error} title="Patients could not be searched" />
        {patients.data && patients.data.patients.length === 0 && <Text size="sm">Nobody matches.</Text>}
        {(patients.data?.patients.length ?? 0) > 0 && (
          <Radio.Group label="Patient" value={patientId} onChange={setPatientId} error={fields.patientId}>
            <Stack gap={4} mt={4}>
              {patients.data?.patients.map((p) => (
                <Radio key={p.id} value={p.id} label={`${p.name}${p.email ? ` (${p.email})` : ""}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <NativeSelect
          label="Service"
          value={service}
          error={fields.service}
          data={(services.data?.services ?? [{ code: service, name: service, durationMinutes: 0 }]).map(
            (s) => ({
              value: s.code,
              label: s.durationMinutes > 0 ? `${s.name} (${s.durationMinutes} min)` : s.name,
            }),
          )}
          onChange={(event) => setService(event.currentTarget.value)}
        />
        <DeskTimeFields value={when} onChange={setWhen} providers={providers} error={fields.startsAt} />
        <Text size="sm" c="dimmed">
          Times in {zone}.
        </Text>
        <ErrorNote error={book.error} title="Not booked" />
        <Button type="submit" loading={book.isPending} disabled={patientId === ""} w="fit-content">
          Confirm booking
        </Button>
      </Stack>
    </form>
  );
}
