import { describe, expect, it } from "vitest";
import { needsMoveMessages, waitlistOfferMessages } from "./care-messages.js";
import { defaultTemplate, MESSAGE_VARIABLES, SAMPLE_VARIABLES } from "./default-templates.js";
import { formatLocalDateTime } from "./local-time.js";
import { accountMessage, bookingChangeMessages } from "./plan-messages.js";
import { afterQuietHours } from "./quiet-hours.js";
import { renderTemplate, templateVariables, unknownVariables } from "./render.js";
import { MESSAGE_KINDS } from "./types.js";

describe("renderTemplate", () => {
  it("fills variables, escaping values (not the template's markup) in HTML", () => {
    const vars = { name: `<b>Ana</b> & "co"` };
    expect(renderTemplate("<p>Hi {{ name }}</p>", vars, "html")).toBe(
      "<p>Hi &lt;b&gt;Ana&lt;/b&gt; &amp; &quot;co&quot;</p>",
    );
    expect(renderTemplate("Hi {{name}}", vars, "text")).toBe(`Hi <b>Ana</b> & "co"`);
    expect(renderTemplate("Hi {{missing}}!", vars, "text")).toBe("Hi !");
  });

  it("lists the variables a template uses and the ones it may not", () => {
    expect(templateVariables("{{a}} {{ b }} {{a}} {{not valid}}")).toEqual(["a", "b"]);
    expect(unknownVariables("{{clinicName}} {{secret}}", ["clinicName"])).toEqual(["secret"]);
  });
});

describe("default templates", () => {
  it.each(MESSAGE_KINDS)("%s uses only its own variables, each with a sample", (kind) => {
    const template = defaultTemplate(kind, "email");
    expect(template).toBeDefined();
    const text = `${template?.subject} ${template?.text} ${template?.html ?? ""}`;
    expect(unknownVariables(text, MESSAGE_VARIABLES[kind])).toEqual([]);
    for (const name of MESSAGE_VARIABLES[kind]) expect(SAMPLE_VARIABLES[name], name).toBeDefined();
  });
});

describe("local times", () => {
  it("names the zone's offset on each side of a daylight-saving change", () => {
    expect(formatLocalDateTime("2030-03-08T15:00:00Z", "America/New_York")).toBe(
      "Friday, March 8, 2030 at 10:00 AM EST",
    );
    expect(formatLocalDateTime("2030-03-11T14:00:00Z", "America/New_York")).toBe(
      "Monday, March 11, 2030 at 10:00 AM EDT",
    );
  });
});

describe("afterQuietHours", () => {
  it.each([
    ["2030-01-07T15:00:00Z", "2030-01-07T15:00:00Z"], // 10:00 New York: at once
    ["2030-01-08T02:30:00Z", "2030-01-08T13:00:00Z"], // 21:30: next morning 08:00 EST
    ["2030-01-08T10:00:00Z", "2030-01-08T13:00:00Z"], // 05:00: the same morning
    ["2030-03-10T03:00:00Z", "2030-03-10T12:00:00Z"], // 22:00 before the change: 08:00 EDT
    ["2030-01-07T13:00:00Z", "2030-01-07T13:00:00Z"], // 08:00 sharp is daytime
    ["2030-01-08T02:00:00Z", "2030-01-08T13:00:00Z"], // 21:00 sharp is quiet
  ])("%s → %s", (sendAt, expected) => {
    expect(afterQuietHours(sendAt, "America/New_York")).toBe(expected);
  });
});

describe("bookingChangeMessages", () => {
  const facts = {
    booking: { id: "b1", startsAt: "2030-01-08T03:00:00Z", endsAt: "2030-01-08T04:00:00Z" },
    service: { name: "Microneedling" },
    clinic: { name: "Glow", timeZone: "America/New_York", address: null },
    patient: {
      id: "p1",
      name: "Ana",
      email: "ana@example.test",
      phone: "+15550100",
      timeZone: "America/New_York",
    },
  };

  it("emails at once with the invite and texts after quiet hours", () => {
    const messages = bookingChangeMessages({ type: "created" }, facts, {
      now: "2030-01-08T02:30:00Z",
      sequence: 0,
      eventId: "e1",
    });
    expect(messages.map((m) => [m.channel, m.sendAt, m.dedupeKey])).toEqual([
      ["email", "2030-01-08T02:30:00Z", "booking:b1:booking_confirmation:0:email"],
      ["sms", "2030-01-08T13:00:00Z", "booking:b1:booking_confirmation:0:sms"],
    ]);
    expect(messages[0]?.vars).toMatchObject({
      icsMethod: "REQUEST",
      icsSequence: "0",
      manageUrl: "/bookings/b1",
    });
    expect(messages[1]?.vars.icsMethod).toBeUndefined();
  });

  it("sends nothing on a channel the patient gave no address for", () => {
    const patient = { ...facts.patient, email: null, phone: null };
    expect(
      bookingChangeMessages(
        { type: "cancelled" },
        { ...facts, patient },
        { now: "2030-01-01T00:00:00Z", sequence: 1, eventId: null },
      ),
    ).toEqual([]);
  });
});

describe("accountMessage", () => {
  it("keeps the token out of the variables", () => {
    const message = accountMessage(
      {
        type: "password_reset",
        email: "a@example.test",
        token: "s3cr3t-xyz",
        expiresAt: "2030-01-01T01:00:00Z",
      },
      { name: "Glow", timeZone: "America/New_York" },
      { now: "2030-01-01T00:00:00Z", eventId: "e1" },
    );
    expect(message.secret).toBe("s3cr3t-xyz");
    expect(JSON.stringify(message.vars)).not.toContain("s3cr3t");
    expect(message.vars.link).toBe("/set-password?token=");
  });
});

describe("needsMoveMessages and waitlistOfferMessages", () => {
  const ctx = {
    booking: { id: "b1", startsAt: "2030-01-08T15:00:00Z", endsAt: "2030-01-08T16:00:00Z" },
    service: { name: "Microneedling" },
    clinic: { name: "Glow", timeZone: "America/New_York", address: null },
    patient: {
      id: "p1",
      name: "Ana",
      email: "ana@example.test",
      phone: "+15550100",
      timeZone: "America/New_York",
    },
    now: "2030-01-03T03:00:00Z",
    eventId: "e1",
  };

  it("asks the patient to choose another time, the text after quiet hours", () => {
    const messages = needsMoveMessages(ctx, "Your provider is away that day.");
    expect(messages.map((m) => [m.kind, m.channel, m.sendAt])).toEqual([
      ["booking_needs_move", "email", "2030-01-03T03:00:00Z"],
      ["booking_needs_move", "sms", "2030-01-03T13:00:00Z"],
    ]);
    expect(messages[0]?.vars).toMatchObject({
      reason: "Your provider is away that day.",
      manageUrl: "/bookings/b1",
    });
  });

  it("offers a freed time with a link to the entry, not tied to any booking", () => {
    const [email] = waitlistOfferMessages(ctx, "w1");
    expect(email).toMatchObject({
      kind: "waitlist_offer",
      bookingId: null,
      vars: { offerUrl: "/waitlist/w1" },
    });
  });
});
