import { Temporal } from "temporal-polyfill";
import {
  type BookingPolicy,
  type Device,
  type DeviceKind,
  type HoursException,
  type Provider,
  type Room,
  type Service,
  type Weekday,
  type WorkingHours,
  withDefaultCaps,
} from "../clinic/types.js";
import type { HeldInterval, SlotSearchInput } from "./slot-search.js";

/**
 * Values for the scheduling tests, built in memory (`build*`; the `new*` factories in
 * test/factories.ts write rows instead). Ids are unique per call unless a test names them.
 */

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${++sequence}`;

export const NEW_YORK = "America/New_York";

export function weekly(weekdays: readonly Weekday[], startTime: string, endTime: string): WorkingHours[] {
  return weekdays.map((weekday) => ({ weekday, startTime, endTime }));
}

export function buildProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: nextId("provider"),
    clinicId: "clinic-1",
    name: "Provider",
    skills: ["microneedling", "rf_microneedling"],
    weeklyHours: weekly([1, 2, 3, 4, 5], "09:00", "17:00"),
    active: true,
    ...overrides,
  };
}

export function buildService(overrides: Partial<Service> = {}): Service {
  return {
    id: nextId("service"),
    clinicId: "clinic-1",
    code: "microneedling",
    name: "Microneedling",
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    needsRoom: false,
    roomKinds: ["treatment", "consult"],
    deviceKinds: [],
    addOn: null,
    isTreatment: true,
    active: true,
    ...overrides,
  };
}

export function buildRoom(overrides: Partial<Room> = {}): Room {
  return {
    id: nextId("room"),
    clinicId: "clinic-1",
    name: "Room",
    kind: "treatment",
    active: true,
    ...overrides,
  };
}

export function buildDevice(kind: DeviceKind, overrides: Partial<Device> = {}): Device {
  return { id: nextId(`device-${kind}`), clinicId: "clinic-1", name: kind, kind, active: true, ...overrides };
}

export function buildException(
  providerId: string,
  kind: HoursException["kind"],
  startsAt: string,
  endsAt: string,
): HoursException {
  return { id: nextId("exception"), providerId, kind, startsAt, endsAt, note: null };
}

export function buildPolicy(overrides: Partial<BookingPolicy> = {}): BookingPolicy {
  // Two years ahead: wide enough that only the horizon tests meet the limit.
  return withDefaultCaps({
    minNoticeMinutes: 0,
    slotStepMinutes: 15,
    lateCancelHours: 24,
    maxAdvanceDays: 730,
    ...overrides,
  });
}

/** The UTC instant of a wall time in a zone, e.g. `at("2026-03-02", "09:00")`. */
export function at(date: string, time: string, timeZone: string = NEW_YORK): string {
  return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(timeZone).toInstant().toString();
}

/** The wall time (`HH:MM`) of an instant in a zone. */
export function wallTime(instant: string, timeZone: string = NEW_YORK): string {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toPlainTime().toString().slice(0, 5);
}

/** The UTC instants bounding a local calendar day. */
export function localDay(date: string, timeZone: string = NEW_YORK): { from: string; to: string } {
  const day = Temporal.PlainDate.from(date);
  return {
    from: day.toZonedDateTime({ timeZone }).toInstant().toString(),
    to: day.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant().toString(),
  };
}

export function held(resourceId: string, startsAt: string, endsAt: string): HeldInterval {
  return { resourceId, startsAt, endsAt };
}

/** A search in a New York clinic over one local day, `now` long before it. */
export function buildSearch(date: string, overrides: Partial<SlotSearchInput> = {}): SlotSearchInput {
  return {
    clinic: { timeZone: NEW_YORK, policy: buildPolicy() },
    service: buildService(),
    providers: [buildProvider()],
    exceptions: [],
    rooms: [],
    devices: [],
    busy: [],
    window: localDay(date),
    now: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}
