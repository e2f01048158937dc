import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { Provider } from "../clinic/types.js";
import { DomainError } from "../errors.js";
import { containsInterval, type Interval, normalizeIntervals } from "./intervals.js";
import { type Slot, type SlotSearchInput, searchSlots } from "./slot-search.js";
import {
  at,
  buildDevice,
  buildException,
  buildPolicy,
  buildProvider,
  buildRoom,
  buildSearch,
  buildService,
  held,
  localDay,
  NEW_YORK,
  wallTime,
  weekly,
} from "./test-support.js";
import { providerWorkingIntervals } from "./working-time.js";

const MONDAY = "2026-03-02";
const times = (slots: Slot[]) => slots.map((slot) => wallTime(slot.startsAt));
const morning = (slots: Slot[]) => times(slots).filter((time) => time < "12:00");
const byTime = (slots: Slot[], time: string) => slots.filter((slot) => wallTime(slot.startsAt) === time);

describe("searchSlots: opening hours across DST", () => {
  const provider = buildProvider({ id: "p-1", weeklyHours: weekly([1], "09:00", "17:00") });

  it.each([
    { date: "2026-03-02", first: "2026-03-02T14:00:00Z", last: "2026-03-02T21:00:00Z" },
    { date: "2026-03-09", first: "2026-03-09T13:00:00Z", last: "2026-03-09T20:00:00Z" },
    { date: "2026-10-26", first: "2026-10-26T13:00:00Z", last: "2026-10-26T20:00:00Z" },
    { date: "2026-11-02", first: "2026-11-02T14:00:00Z", last: "2026-11-02T21:00:00Z" },
  ])("Monday $date opens at 09:00 local ($first)", ({ date, first, last }) => {
    const slots = searchSlots(buildSearch(date, { providers: [provider] }));
    expect(slots[0]?.startsAt).toBe(first);
    expect(slots.at(-1)?.startsAt).toBe(last);
    expect(slots).toHaveLength(29); // 09:00 … 16:00 every 15 minutes for a 60-minute service
  });

  it("gives both sides of the spring change in one window", () => {
    const slots = searchSlots(
      buildSearch(MONDAY, {
        providers: [provider],
        window: { from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z" },
      }),
    );
    const firstOfDay = new Map<string, string>();
    for (const slot of slots) {
      const utcDate = slot.startsAt.slice(0, 10);
      if (!firstOfDay.has(utcDate)) firstOfDay.set(utcDate, slot.startsAt);
    }
    expect([...firstOfDay.values()]).toEqual(["2026-03-02T14:00:00Z", "2026-03-09T13:00:00Z"]);
  });
});

describe("searchSlots: shape and order", () => {
  it("sorts by start then provider id, prints Temporal instants, honours the limit", () => {
    const b = buildProvider({ id: "b" });
    const a = buildProvider({ id: "a" });
    const slots = searchSlots(buildSearch(MONDAY, { providers: [b, a] }));
    expect(slots.slice(0, 3)).toEqual([
      {
        startsAt: "2026-03-02T14:00:00Z",
        endsAt: "2026-03-02T15:00:00Z",
        providerId: "a",
        roomId: null,
        deviceIds: [],
      },
      {
        startsAt: "2026-03-02T14:00:00Z",
        endsAt: "2026-03-02T15:00:00Z",
        providerId: "b",
        roomId: null,
        deviceIds: [],
      },
      {
        startsAt: "2026-03-02T14:15:00Z",
        endsAt: "2026-03-02T15:15:00Z",
        providerId: "a",
        roomId: null,
        deviceIds: [],
      },
    ]);
    expect(searchSlots(buildSearch(MONDAY, { providers: [b, a], limit: 3 }))).toEqual(slots.slice(0, 3));
    expect(searchSlots(buildSearch(MONDAY, { providers: [b, a], limit: 0 }))).toEqual([]);
  });

  it("steps by the clinic's slot step from the opening", () => {
    const search = buildSearch(MONDAY, {
      clinic: { timeZone: NEW_YORK, policy: buildPolicy({ slotStepMinutes: 40 }) },
    });
    expect(morning(searchSlots(search))).toEqual(["09:00", "09:40", "10:20", "11:00", "11:40"]);
  });

  it("keeps the grid when the window starts or ends mid-shift", () => {
    const slots = searchSlots(
      buildSearch(MONDAY, { window: { from: at(MONDAY, "10:07"), to: at(MONDAY, "12:00") } }),
    );
    expect(times(slots)).toEqual(["10:15", "10:30", "10:45", "11:00"]);
  });
});

describe("searchSlots: buffers and notice", () => {
  it.each([
    { before: 0, after: 0, expected: ["09:00", "11:00", "11:15", "11:30", "11:45"] },
    { before: 15, after: 0, expected: ["09:00", "11:15", "11:30", "11:45"] },
    { before: 0, after: 15, expected: ["11:00", "11:15", "11:30", "11:45"] },
    { before: 15, after: 30, expected: ["11:15", "11:30", "11:45"] },
  ])("booked 10:00-11:00, buffers $before/$after", ({ before, after, expected }) => {
    const provider = buildProvider();
    const service = buildService({ bufferBeforeMinutes: before, bufferAfterMinutes: after });
    const busy = [held(provider.id, at(MONDAY, "10:00"), at(MONDAY, "11:00"))];
    const slots = searchSlots(buildSearch(MONDAY, { providers: [provider], service, busy }));
    expect(morning(slots)).toEqual(expected);
    // The buffered block may reach outside working hours; only the appointment may not.
    expect(times(slots).at(-1)).toBe("16:00");
  });

  it("an after-buffer of 30 rules out a start that ends 15 minutes before a booking", () => {
    const provider = buildProvider();
    const service = buildService({ durationMinutes: 45, bufferAfterMinutes: 30 });
    const busy = [held(provider.id, at(MONDAY, "10:30"), at(MONDAY, "11:00"))];
    const slots = searchSlots(buildSearch(MONDAY, { providers: [provider], service, busy }));
    // 09:15 + 45 + 30 = 10:30, free; 09:30 would run its clean-up into the booking.
    expect(morning(slots)).toEqual(["09:00", "09:15", "11:00", "11:15", "11:30", "11:45"]);
  });

  it.each([
    { notice: 0, first: "09:15" },
    { notice: 60, first: "10:15" },
    { notice: 7 * 60 - 10, first: "16:00" },
    { notice: 7 * 60, first: undefined },
  ])("now 09:10, notice $notice min: first slot $first", ({ notice, first }) => {
    const slots = searchSlots(
      buildSearch(MONDAY, {
        clinic: { timeZone: NEW_YORK, policy: buildPolicy({ minNoticeMinutes: notice }) },
        now: at(MONDAY, "09:10"),
      }),
    );
    expect(times(slots)[0]).toBe(first);
  });
});

describe("searchSlots: exceptions", () => {
  it("skips time off without shifting the grid", () => {
    const provider = buildProvider();
    const exceptions = [
      buildException(provider.id, "time_off", at(MONDAY, "09:00"), at(MONDAY, "09:20")),
      buildException(provider.id, "time_off", at(MONDAY, "12:00"), at(MONDAY, "13:00")),
    ];
    const slots = times(searchSlots(buildSearch(MONDAY, { providers: [provider], exceptions })));
    expect(slots[0]).toBe("09:30");
    expect(slots).toContain("11:00");
    expect(slots).toContain("13:00");
    expect(slots.filter((time) => time > "11:00" && time < "13:00")).toEqual([]);
  });

  it("offers extra hours on a day off and after the usual closing", () => {
    const provider = buildProvider();
    const saturday = "2026-03-07";
    const exceptions = [
      buildException(provider.id, "extra_hours", at(saturday, "10:00"), at(saturday, "12:00")),
      buildException(provider.id, "extra_hours", at(MONDAY, "17:00"), at(MONDAY, "18:00")),
    ];
    const onSaturday = searchSlots(buildSearch(saturday, { providers: [provider], exceptions }));
    expect(times(onSaturday)).toEqual(["10:00", "10:15", "10:30", "10:45", "11:00"]);
    const onMonday = searchSlots(buildSearch(MONDAY, { providers: [provider], exceptions }));
    expect(times(onMonday).at(-1)).toBe("17:00");
  });
});

describe("searchSlots: rooms and devices", () => {
  const roomService = buildService({ needsRoom: true });

  it("takes the first free active room by id", () => {
    const rooms = [
      buildRoom({ id: "room-b" }),
      buildRoom({ id: "room-a" }),
      buildRoom({ id: "room-0", active: false }),
    ];
    const busy = [held("room-a", at(MONDAY, "10:00"), at(MONDAY, "11:00"))];
    const slots = searchSlots(buildSearch(MONDAY, { service: roomService, rooms, busy }));
    expect(byTime(slots, "09:00")[0]?.roomId).toBe("room-a");
    expect(byTime(slots, "10:00")[0]?.roomId).toBe("room-b");
    expect(byTime(slots, "11:00")[0]?.roomId).toBe("room-a");
  });

  it("offers nothing while every room is held, and nothing without an active room", () => {
    const rooms = [buildRoom({ id: "room-a" }), buildRoom({ id: "room-b" })];
    const busy = rooms.map((room) => held(room.id, at(MONDAY, "10:00"), at(MONDAY, "11:00")));
    const slots = searchSlots(buildSearch(MONDAY, { service: roomService, rooms, busy }));
    expect(morning(slots)).toEqual(["09:00", "11:00", "11:15", "11:30", "11:45"]);
    expect(
      searchSlots(buildSearch(MONDAY, { service: roomService, rooms: [buildRoom({ active: false })] })),
    ).toEqual([]);
  });

  describe("two providers, one RF device", () => {
    const a = buildProvider({ id: "a" });
    const b = buildProvider({ id: "b" });
    const rf = buildDevice("rf", { id: "rf-1" });
    const rfService = buildService({ code: "rf_microneedling", deviceKinds: ["rf"] });
    // Provider a treats someone 10:00-11:00 with the only RF device.
    const busy = [
      held(a.id, at(MONDAY, "10:00"), at(MONDAY, "11:00")),
      held(rf.id, at(MONDAY, "10:00"), at(MONDAY, "11:00")),
    ];

    it("offers an RF slot to nobody while the device is held", () => {
      const slots = searchSlots(
        buildSearch(MONDAY, { service: rfService, providers: [a, b], devices: [rf], busy }),
      );
      expect(
        slots.filter((slot) => wallTime(slot.startsAt) >= "09:15" && wallTime(slot.startsAt) < "11:00"),
      ).toEqual([]);
      // b is free then: a service without the device is offered.
      const plain = searchSlots(buildSearch(MONDAY, { providers: [a, b], devices: [rf], busy }));
      expect(byTime(plain, "10:00").map((slot) => slot.providerId)).toEqual(["b"]);
    });

    it("offers each free provider the same device as alternatives", () => {
      const slots = searchSlots(
        buildSearch(MONDAY, { service: rfService, providers: [a, b], devices: [rf], busy }),
      );
      expect(byTime(slots, "11:00")).toEqual([
        expect.objectContaining({ providerId: "a", deviceIds: ["rf-1"] }),
        expect.objectContaining({ providerId: "b", deviceIds: ["rf-1"] }),
      ]);
    });

    it("offers nothing when the only RF device is inactive or of another kind", () => {
      const off = buildDevice("rf", { active: false });
      const centrifuge = buildDevice("centrifuge");
      expect(
        searchSlots(
          buildSearch(MONDAY, { service: rfService, providers: [a, b], devices: [off, centrifuge] }),
        ),
      ).toEqual([]);
    });
  });

  it("holds one device per kind, in the service's order, each kind chosen on its own", () => {
    const devices = [
      buildDevice("centrifuge", { id: "cf-1" }),
      buildDevice("rf", { id: "rf-2" }),
      buildDevice("rf", { id: "rf-1" }),
    ];
    const service = buildService({ deviceKinds: ["rf", "centrifuge"], bufferAfterMinutes: 15 });
    const busy = [held("rf-1", at(MONDAY, "08:00"), at(MONDAY, "09:10"))];
    const slots = searchSlots(buildSearch(MONDAY, { service, devices, busy }));
    expect(byTime(slots, "09:00")[0]?.deviceIds).toEqual(["rf-2", "cf-1"]);
    expect(byTime(slots, "09:15")[0]?.deviceIds).toEqual(["rf-1", "cf-1"]);
  });
});

describe("searchSlots: patient and filters", () => {
  it("keeps the appointment itself, not its buffers, out of forbidden intervals", () => {
    const service = buildService({ bufferBeforeMinutes: 15, bufferAfterMinutes: 15 });
    const patient = { forbidden: [{ startsAt: at(MONDAY, "10:00"), endsAt: at(MONDAY, "12:00") }] };
    const slots = searchSlots(buildSearch(MONDAY, { service, patient }));
    expect(times(slots).filter((time) => time < "12:30")).toEqual(["09:00", "12:00", "12:15"]);
  });

  it("offers nothing to a blocked patient", () => {
    expect(searchSlots(buildSearch(MONDAY, { patient: { forbidden: [], blocked: true } }))).toEqual([]);
  });

  it("filters by provider, skill and activity", () => {
    const a = buildProvider({ id: "a" });
    const b = buildProvider({ id: "b" });
    const unskilled = buildProvider({ id: "c", skills: ["consultation"] });
    const away = buildProvider({ id: "d", active: false });
    const providerIds = (input: Partial<SlotSearchInput>) => [
      ...new Set(
        searchSlots(buildSearch(MONDAY, { providers: [a, b, unskilled, away], ...input })).map(
          (s) => s.providerId,
        ),
      ),
    ];
    expect(providerIds({})).toEqual(["a", "b"]);
    expect(providerIds({ providerId: "b" })).toEqual(["b"]);
    expect(providerIds({ providerId: "c" })).toEqual([]);
    expect(providerIds({ service: buildService({ active: false }) })).toEqual([]);
  });
});

describe("searchSlots: invalid input", () => {
  it.each([
    {
      name: "an unparseable window",
      input: { window: { from: "monday", to: "2026-03-03T00:00:00Z" } },
      path: "window.from",
    },
    {
      name: "a reversed window",
      input: { window: { from: "2026-03-03T00:00:00Z", to: "2026-03-02T00:00:00Z" } },
      path: "window.to",
    },
    { name: "a bad busy instant", input: { busy: [held("x", "soon", "later")] }, path: "busy[0].startsAt" },
    {
      name: "a zero slot step",
      input: { clinic: { timeZone: NEW_YORK, policy: buildPolicy({ slotStepMinutes: 0 }) } },
      path: "clinic.policy.slotStepMinutes",
    },
    {
      name: "a fractional slot step",
      input: { clinic: { timeZone: NEW_YORK, policy: buildPolicy({ slotStepMinutes: 7.5 }) } },
      path: "clinic.policy.slotStepMinutes",
    },
    {
      name: "a wall time that is not HH:MM",
      input: { providers: [buildProvider({ weeklyHours: weekly([1], "9am", "17:00") })] },
      path: "providers[0].weeklyHours[0].startTime",
    },
    {
      name: "an unknown zone",
      input: { clinic: { timeZone: "Europe/Atlantis", policy: buildPolicy() } },
      path: "clinic.timeZone",
    },
    {
      name: "a zero duration",
      input: { service: buildService({ durationMinutes: 0 }) },
      path: "service.durationMinutes",
    },
  ])("refuses $name", ({ input, path }) => {
    const search = buildSearch(MONDAY, input as Partial<SlotSearchInput>);
    // Only resources the search uses are parsed, so give the bad busy entry a known owner.
    if (search.busy[0] !== undefined) search.busy[0].resourceId = search.providers[0]?.id ?? "";
    expect(() => searchSlots(search)).toThrow(DomainError);
    try {
      searchSlots(search);
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_input", details: { fields: [{ path }] } });
    }
  });
});

/**
 * The rules written the slow, obvious way: every grid point of every opening, every check
 * against the raw lists, zone conversion through Temporal for every wall time.
 */
function referenceSlots(input: SlotSearchInput): Slot[] {
  if (input.patient?.blocked === true || !input.service.active) return [];
  const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;
  const overlaps = (a: Interval, start: number, end: number) => a.start < end && start < a.end;
  const { service, clinic } = input;
  const minute = 60_000;
  const [duration, before, after] = [
    service.durationMinutes,
    service.bufferBeforeMinutes,
    service.bufferAfterMinutes,
  ];
  const from = ms(input.window.from);
  const to = ms(input.window.to);
  const earliest = Math.max(from, ms(input.now) + clinic.policy.minNoticeMinutes * minute);
  const busyOf = (id: string) =>
    input.busy.filter((b) => b.resourceId === id).map((b) => ({ start: ms(b.startsAt), end: ms(b.endsAt) }));
  const isFree = (id: string, start: number, end: number) => !busyOf(id).some((b) => overlaps(b, start, end));
  const forbidden = (input.patient?.forbidden ?? []).map((f) => ({
    start: ms(f.startsAt),
    end: ms(f.endsAt),
  }));
  const firstDate = Temporal.Instant.fromEpochMilliseconds(from)
    .toZonedDateTimeISO(clinic.timeZone)
    .toPlainDate();
  const lastDate = Temporal.Instant.fromEpochMilliseconds(to)
    .toZonedDateTimeISO(clinic.timeZone)
    .toPlainDate();
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((x, y) => (x.id < y.id ? -1 : 1));

  const slots: { start: number; slot: Slot }[] = [];
  for (const provider of byId(input.providers)) {
    if (!provider.active || !provider.skills.includes(service.code)) continue;
    if (input.providerId !== undefined && provider.id !== input.providerId) continue;
    const opens: Interval[] = [];
    for (
      let date = firstDate;
      Temporal.PlainDate.compare(date, lastDate) <= 0;
      date = date.add({ days: 1 })
    ) {
      for (const hours of provider.weeklyHours.filter((h) => h.weekday === date.dayOfWeek)) {
        const wall = (time: string) =>
          time === "24:00"
            ? date.add({ days: 1 }).toZonedDateTime({ timeZone: clinic.timeZone }).epochMilliseconds
            : date.toPlainDateTime(Temporal.PlainTime.from(time)).toZonedDateTime(clinic.timeZone)
                .epochMilliseconds;
        opens.push({ start: wall(hours.startTime), end: wall(hours.endTime) });
      }
    }
    const mine = input.exceptions.filter((e) => e.providerId === provider.id);
    for (const e of mine.filter((e) => e.kind === "extra_hours"))
      opens.push({ start: ms(e.startsAt), end: ms(e.endsAt) });
    const timeOff = mine
      .filter((e) => e.kind === "time_off")
      .map((e) => ({ start: ms(e.startsAt), end: ms(e.endsAt) }));

    for (const open of normalizeIntervals(opens)) {
      for (
        let start = open.start;
        start + duration * minute <= open.end;
        start += clinic.policy.slotStepMinutes * minute
      ) {
        const end = start + duration * minute;
        const [blockStart, blockEnd] = [start - before * minute, end + after * minute];
        if (start < earliest || end > to) continue;
        const clashes = (list: Interval[]) => list.some((i) => overlaps(i, start, end));
        if (clashes(timeOff) || clashes(forbidden)) continue;
        if (!isFree(provider.id, blockStart, blockEnd)) continue;
        const room = service.needsRoom
          ? byId(input.rooms.filter((r) => r.active)).find((r) => isFree(r.id, blockStart, blockEnd))
          : null;
        const devices = [...new Set(service.deviceKinds)].map((kind) =>
          byId(input.devices.filter((d) => d.active && d.kind === kind)).find((d) =>
            isFree(d.id, blockStart, blockEnd),
          ),
        );
        if (room === undefined || devices.some((d) => d === undefined)) continue;
        slots.push({
          start,
          slot: {
            startsAt: Temporal.Instant.fromEpochMilliseconds(start).toString(),
            endsAt: Temporal.Instant.fromEpochMilliseconds(end).toString(),
            providerId: provider.id,
            roomId: room?.id ?? null,
            deviceIds: devices.map((d) => d?.id ?? ""),
          },
        });
      }
    }
  }
  slots.sort((x, y) => x.start - y.start || (x.slot.providerId < y.slot.providerId ? -1 : 1));
  return slots.slice(0, input.limit ?? slots.length).map((s) => s.slot);
}

describe("searchSlots: properties", () => {
  const providers: Provider[] = [
    buildProvider({ id: "p-1", weeklyHours: weekly([1, 2, 3, 4, 5], "09:00", "17:00") }),
    buildProvider({
      id: "p-2",
      weeklyHours: [...weekly([1, 3, 4, 5, 6], "10:30", "19:00"), ...weekly([7], "01:00", "05:00")],
    }),
  ];
  const rooms = [buildRoom({ id: "room-1" }), buildRoom({ id: "room-2" })];
  const devices = [
    buildDevice("rf", { id: "rf-1" }),
    buildDevice("rf", { id: "rf-2" }),
    buildDevice("centrifuge", { id: "cf-1" }),
  ];
  const resourceIds = [...providers, ...rooms, ...devices].map((r) => r.id);
  const DAYS = 5;

  // Offsets in minutes from the window's start, so every interval lands in or near the window.
  const span = fc
    .tuple(fc.integer({ min: -120, max: DAYS * 1440 }), fc.integer({ min: 1, max: 300 }))
    .map(([start, length]) => ({ start, length }));
  const search = fc
    .record({
      firstDay: fc.constantFrom("2026-03-05", "2026-03-06", "2026-06-10", "2026-10-29", "2026-10-30"),
      busy: fc.array(fc.tuple(fc.constantFrom(...resourceIds), span), { maxLength: 40 }),
      forbidden: fc.array(span, { maxLength: 4 }),
      exceptions: fc.array(
        fc.tuple(fc.constantFrom("p-1", "p-2"), fc.constantFrom("time_off", "extra_hours"), span),
        {
          maxLength: 4,
        },
      ),
      durationMinutes: fc.integer({ min: 1, max: 24 }).map((n) => n * 5),
      bufferBeforeMinutes: fc.constantFrom(0, 5, 10, 15, 30),
      bufferAfterMinutes: fc.constantFrom(0, 5, 10, 15, 30),
      needsRoom: fc.boolean(),
      deviceKinds: fc.subarray(["rf", "centrifuge"]),
      slotStepMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45),
      minNoticeMinutes: fc.integer({ min: 0, max: 600 }),
      nowOffsetMinutes: fc.integer({ min: -2880, max: 2880 }),
      limit: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    })
    .map((r): SlotSearchInput => {
      const from = Temporal.Instant.from(localDay(r.firstDay).from);
      const to = Temporal.Instant.from(
        localDay(Temporal.PlainDate.from(r.firstDay).add({ days: DAYS }).toString()).from,
      );
      const instant = (offsetMinutes: number) => from.add({ minutes: offsetMinutes }).toString();
      const range = ({ start, length }: { start: number; length: number }) => ({
        startsAt: instant(start),
        endsAt: instant(start + length),
      });
      return {
        clinic: {
          timeZone: NEW_YORK,
          policy: buildPolicy({ slotStepMinutes: r.slotStepMinutes, minNoticeMinutes: r.minNoticeMinutes }),
        },
        service: buildService({
          code: "rf_microneedling",
          durationMinutes: r.durationMinutes,
          bufferBeforeMinutes: r.bufferBeforeMinutes,
          bufferAfterMinutes: r.bufferAfterMinutes,
          needsRoom: r.needsRoom,
          deviceKinds: r.deviceKinds,
        }),
        providers,
        exceptions: r.exceptions.map(([providerId, kind, s]) => {
          const { startsAt, endsAt } = range(s);
          return buildException(providerId, kind as "time_off" | "extra_hours", startsAt, endsAt);
        }),
        rooms,
        devices,
        busy: r.busy.map(([resourceId, s]) => ({ resourceId, ...range(s) })),
        window: { from: from.toString(), to: to.toString() },
        now: instant(r.nowOffsetMinutes),
        patient: { forbidden: r.forbidden.map(range) },
        ...(r.limit === undefined ? {} : { limit: r.limit }),
      };
    });

  it("never returns a slot that clashes with a held or forbidden interval or leaves working hours", () => {
    fc.assert(
      fc.property(search, (input) => {
        const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;
        const minute = 60_000;
        for (const slot of searchSlots(input)) {
          const [start, end] = [ms(slot.startsAt), ms(slot.endsAt)];
          const [blockStart, blockEnd] = [
            start - input.service.bufferBeforeMinutes * minute,
            end + input.service.bufferAfterMinutes * minute,
          ];
          const holders = [slot.providerId, slot.roomId, ...slot.deviceIds];
          for (const b of input.busy.filter((b) => holders.includes(b.resourceId))) {
            expect(ms(b.startsAt) >= blockEnd || ms(b.endsAt) <= blockStart).toBe(true);
          }
          for (const f of input.patient?.forbidden ?? []) {
            expect(ms(f.startsAt) >= end || ms(f.endsAt) <= start).toBe(true);
          }
          const provider = providers.find((p) => p.id === slot.providerId) as Provider;
          const window = { from: ms(input.window.from), to: ms(input.window.to) };
          const working = providerWorkingIntervals(provider, input.exceptions, NEW_YORK, window);
          expect(containsInterval(working, start, end)).toBe(true);
          expect(start).toBeGreaterThanOrEqual(ms(input.now) + input.clinic.policy.minNoticeMinutes * minute);
          expect(end - start).toBe(input.service.durationMinutes * minute);
          expect(slot.roomId !== null).toBe(input.service.needsRoom);
          expect(slot.deviceIds).toHaveLength(input.service.deviceKinds.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("returns exactly what the slow reference computes", () => {
    fc.assert(
      fc.property(search, (input) => {
        expect(searchSlots(input)).toEqual(referenceSlots(input));
      }),
      { numRuns: 200 },
    );
  });
});

describe("searchSlots: room kinds", () => {
  const consultRoom = buildRoom({ id: "room-0-consult", kind: "consult" });
  const treatmentRoom = buildRoom({ id: "room-1-treatment", kind: "treatment" });
  const rooms = [consultRoom, treatmentRoom];

  it("puts a service limited to treatment rooms only in a treatment room, even when the consult room is free", () => {
    const service = buildService({ needsRoom: true, roomKinds: ["treatment"] });
    const slots = searchSlots(buildSearch(MONDAY, { service, rooms }));
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.map((slot) => slot.roomId))).toEqual(new Set([treatmentRoom.id]));
    const busy = [held(treatmentRoom.id, at(MONDAY, "10:00"), at(MONDAY, "11:00"))];
    expect(times(searchSlots(buildSearch(MONDAY, { service, rooms, busy })))).not.toContain("10:00");
    expect(searchSlots(buildSearch(MONDAY, { service, rooms: [consultRoom] }))).toEqual([]);
  });

  it("takes the kinds in the service's order of preference, then by id", () => {
    const service = buildService({ needsRoom: true, roomKinds: ["consult", "treatment"] });
    const busy = [held(consultRoom.id, at(MONDAY, "10:00"), at(MONDAY, "11:00"))];
    const slots = searchSlots(buildSearch(MONDAY, { service, rooms: [treatmentRoom, consultRoom], busy }));
    expect(byTime(slots, "09:00")[0]?.roomId).toBe(consultRoom.id);
    expect(byTime(slots, "10:00")[0]?.roomId).toBe(treatmentRoom.id);
  });
});
