import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import { insertScheduledMessages, type NewScheduledMessage } from "./message.repository.js";

describeEachDatabase("message repository", (ctx) => {
  it("schedules each message once per dedupe key, and answers the ids written in order", async () => {
    const clinic = await newClinic(ctx.store);
    const message = (dedupeKey: string, recipient: string): NewScheduledMessage => ({
      clinicId: clinic.id,
      kind: "check_in",
      channel: "email",
      recipient,
      sendAt: "2030-01-02T09:00:00Z",
      vars: { day: "3" },
      dedupeKey,
      patientId: null,
      bookingId: null,
    });
    const [taken, fresh, twice] = [unique("taken"), unique("fresh"), unique("twice")];
    const [first] = await insertScheduledMessages(
      ctx.store.db,
      [message(taken, "a@example.test")],
      CREATED_AT,
    );

    // One key taken before, one twice in the same call: the first of each stands.
    const written = await insertScheduledMessages(
      ctx.store.db,
      [
        message(fresh, "b@example.test"),
        message(taken, "c@example.test"),
        message(twice, "d@example.test"),
        message(twice, "e@example.test"),
      ],
      CREATED_AT,
    );
    const rows = await ctx.store.db
      .selectFrom("scheduled_message")
      .select(["id", "dedupe_key", "recipient"])
      .where("dedupe_key", "in", [taken, fresh, twice])
      .execute();
    const idOf = (key: string) => rows.find((r) => r.dedupe_key === key)?.id;
    expect(rows.map((r) => [r.dedupe_key, r.recipient]).sort()).toEqual(
      [
        [taken, "a@example.test"],
        [fresh, "b@example.test"],
        [twice, "d@example.test"],
      ].sort(),
    );
    expect(idOf(taken)).toBe(first);
    expect(written).toEqual([idOf(fresh), idOf(twice)]);
  });
});
