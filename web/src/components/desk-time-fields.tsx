import { Group, NativeSelect, TextInput } from "@mantine/core";

export interface DeskTime {
  /** The clinic's calendar day, `YYYY-MM-DD`. */
  day: string;
  /** The clinic's wall-clock time, `HH:mm`. */
  time: string;
  /** Empty: whoever is free. */
  providerId: string;
}

/**
 * When and with whom, on the clinic's clock: filled in from a click on the calendar, and typed
 * in from the keyboard just as well.
 */
export function DeskTimeFields({
  value,
  onChange,
  providers,
  error,
}: {
  value: DeskTime;
  onChange: (next: DeskTime) => void;
  providers: { id: string; name: string }[];
  /** The server's word on the start time, shown beside it. */
  error?: string | undefined;
}) {
  return (
    <Group grow align="flex-start" wrap="wrap">
      <TextInput
        type="date"
        label="Day"
        required
        value={value.day}
        onChange={(event) => onChange({ ...value, day: event.currentTarget.value })}
        miw={150}
      />
      <TextInput
        type="time"
        label="Time"
        required
        step={300}
        value={value.time}
        error={error}
        onChange={(event) => onChange({ ...value, time: event.currentTarget.value })}
        miw={120}
      />
      <NativeSelect
        label="Provider"
        value={value.providerId}
        data={[
          { value: "", label: "Whoever is free" },
          ...providers.map((p) => ({ value: p.id, label: p.name })),
        ]}
        onChange={(event) => onChange({ ...value, providerId: event.currentTarget.value })}
        miw={160}
      />
    </Group>
  );
}
