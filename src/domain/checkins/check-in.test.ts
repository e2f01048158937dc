import { describe, expect, it } from "vitest";
import type { AddOn } from "../protocol/codes.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import {
  type CheckInAnswers,
  checkInAnswersSchema,
  checkInOpensOn,
  checkInStatus,
  judgeCheckIn,
} from "./check-in.js";

/** A healing course: faint redness, nothing else. */
const calm: CheckInAnswers = {
  redness: 1,
  swelling: "none",
  warmthOrPus: false,
  fever: false,
  newBumps: false,
  painNotRelievedByAcetaminophen: false,
  coldSore: false,
  satisfaction: 8,
};

const day = (n: number) => n * 24;

function judge(
  answers: Partial<CheckInAnswers>,
  hoursAfterSession: number,
  options: {
    previous?: Partial<CheckInAnswers>;
    previousHours?: number;
    addOns?: AddOn[];
    protocol?: Protocol;
  } = {},
) {
  return judgeCheckIn({
    protocol: options.protocol ?? defaultProtocol,
    addOns: options.addOns ?? [],
    current: { answers: { ...calm, ...answers }, hoursAfterSession },
    previous:
      options.previous === undefined
        ? null
        : { answers: { ...calm, ...options.previous }, hoursAfterSession: options.previousHours ?? day(3) },
  });
}

describe("judging a check-in against the protocol's red flags", () => {
  it.each([
    { name: "calm at day 3", answers: {}, hours: day(3), codes: undefined },
    { name: "clear redness at day 3 is expected", answers: { redness: 2 }, hours: day(3), codes: undefined },
    {
      name: "deep redness at day 3 is expected",
      answers: { redness: 3, swelling: "marked" as const },
      hours: 60,
      codes: undefined,
    },
    {
      name: "clear redness at day 14 has not faded",
      answers: { redness: 2 },
      hours: day(14),
      codes: ["redness_lasting"],
    },
    { name: "faint redness at day 14 is fading", answers: { redness: 1 }, hours: day(14), codes: undefined },
    { name: "redness just before the 7 days", answers: { redness: 2 }, hours: day(7) - 1, codes: undefined },
    { name: "redness at the 7 days", answers: { redness: 2 }, hours: day(7), codes: ["redness_lasting"] },
    {
      name: "warmth or pus at any time",
      answers: { warmthOrPus: true },
      hours: 2,
      codes: ["infection_signs"],
    },
    { name: "fever at any time", answers: { fever: true }, hours: day(3), codes: ["infection_signs"] },
    {
      name: "pain not relieved",
      answers: { painNotRelievedByAcetaminophen: true },
      hours: day(3),
      codes: ["pain_not_relieved"],
    },
    { name: "a cold sore", answers: { coldSore: true }, hours: day(3), codes: ["cold_sore_outbreak"] },
    { name: "new bumps before 72 h", answers: { newBumps: true }, hours: 71, codes: undefined },
    { name: "new bumps after 72 h", answers: { newBumps: true }, hours: day(14), codes: ["itchy_bumps"] },
    {
      name: "several signs, in the protocol's order",
      answers: { fever: true, redness: 3, newBumps: true },
      hours: day(14),
      codes: ["redness_lasting", "infection_signs", "itchy_bumps"],
    },
  ])("$name → $codes", ({ answers, hours, codes }) => {
    expect(judge(answers, hours)?.codes).toEqual(codes);
  });

  it.each([
    {
      name: "redness worse than at day 3",
      previous: { redness: 1 },
      now: { redness: 2 },
      hours: day(5),
      codes: ["redness_worsening"],
    },
    {
      name: "swelling worse than at day 3",
      previous: { swelling: "none" as const },
      now: { swelling: "mild" as const },
      hours: day(5),
      codes: ["redness_worsening"],
    },
    {
      name: "redness better than before",
      previous: { redness: 3 },
      now: { redness: 1 },
      hours: day(14),
      codes: undefined,
    },
    {
      name: "redness the same",
      previous: { redness: 1 },
      now: { redness: 1 },
      hours: day(14),
      codes: undefined,
    },
    {
      name: "worse, but before 72 h",
      previous: { redness: 0 },
      now: { redness: 1 },
      hours: 70,
      codes: undefined,
    },
  ])("$name → $codes", ({ previous, now, hours, codes }) => {
    expect(judge(now, hours, { previous, previousHours: 48 })?.codes).toEqual(codes);
  });

  it("without an earlier check-in, nothing is 'worse'", () => {
    expect(judge({ redness: 3 }, day(5))?.codes).toEqual(undefined);
  });

  it("after an RF session, redness may last the protocol's RF days", () => {
    expect(judge({ redness: 2 }, day(8), { addOns: ["rf"] })).toBeUndefined();
    expect(judge({ redness: 2 }, day(8))?.codes).toEqual(["redness_lasting"]);
    expect(judge({ redness: 2 }, day(10), { addOns: ["rf"] })?.codes).toEqual(["redness_lasting"]);
  });

  it("reads the clinic's own numbers: a clinic expecting redness for 21 days is not alerted at day 14", () => {
    const protocol: Protocol = {
      ...defaultProtocol,
      redFlags: {
        ...defaultProtocol.redFlags,
        signs: defaultProtocol.redFlags.signs.map((s) =>
          s.code === "redness_lasting" ? { ...s, afterHours: day(21) } : s,
        ),
      },
    };
    expect(judge({ redness: 2 }, day(14), { protocol })).toBeUndefined();
    expect(judge({ redness: 2 }, day(21), { protocol })?.codes).toEqual(["redness_lasting"]);
  });

  it("a sign the clinic's protocol does not list is not raised", () => {
    const protocol: Protocol = {
      ...defaultProtocol,
      redFlags: {
        ...defaultProtocol.redFlags,
        signs: defaultProtocol.redFlags.signs.filter((s) => s.code !== "cold_sore_outbreak"),
      },
    };
    expect(judge({ coldSore: true }, day(3), { protocol })).toBeUndefined();
  });

  it("infection signs and unrelieved pain are urgent; the rest call for attention", () => {
    expect(judge({ fever: true }, day(3))?.severity).toBe("urgent");
    expect(judge({ painNotRelievedByAcetaminophen: true }, day(3))?.severity).toBe("urgent");
    expect(judge({ redness: 2 }, day(14))?.severity).toBe("attention");
    expect(judge({ redness: 2, warmthOrPus: true }, day(14))?.severity).toBe("urgent");
  });

  it("sums the signs up in the protocol's words", () => {
    expect(judge({ warmthOrPus: true, coldSore: true }, day(3))?.summary).toBe(
      "Warmth, pus or fever. A cold-sore outbreak.",
    );
  });
});

describe("check-in days", () => {
  it("open on the day that many days after the session ends, in the patient's zone", () => {
    // 23:30 in New York on 8 March is 04:30 UTC on 9 March: the patient's day is the 8th.
    expect(checkInOpensOn("2031-03-09T04:30:00Z", "America/New_York", 3)).toBe("2031-03-11");
    expect(checkInOpensOn("2031-03-09T04:30:00Z", "Europe/London", 3)).toBe("2031-03-12");
    expect(checkInOpensOn("2031-03-09T04:30:00Z", "UTC", 60)).toBe("2031-05-08");
  });

  it.each([
    { opensOn: "2030-01-10", today: "2030-01-09", answered: false, status: "not_yet_open" },
    { opensOn: "2030-01-10", today: "2030-01-10", answered: false, status: "open" },
    { opensOn: "2030-01-10", today: "2030-03-01", answered: false, status: "open" },
    { opensOn: "2030-01-10", today: "2030-01-12", answered: true, status: "answered" },
  ])(
    "opens on $opensOn; on $today (answered $answered) it is $status",
    ({ opensOn, today, answered, status }) => {
      expect(checkInStatus(opensOn, today, answered)).toBe(status);
    },
  );
});

describe("check-in answers", () => {
  it("accept a full form", () => {
    expect(checkInAnswersSchema.parse({ ...calm, note: "All good." })).toEqual({
      ...calm,
      note: "All good.",
    });
  });

  it.each([
    [{ redness: 4 }, "redness"],
    [{ redness: 1.5 }, "redness"],
    [{ swelling: "huge" }, "swelling"],
    [{ fever: "yes" }, "fever"],
    [{ satisfaction: 11 }, "satisfaction"],
    [{ note: "x".repeat(2001) }, "note"],
    [{ extra: 1 }, ""],
  ])("refuse %o, naming the field", (change, field) => {
    const result = checkInAnswersSchema.safeParse({ ...calm, ...change });
    expect(result.success).toBe(false);
    if (field !== "") expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});
