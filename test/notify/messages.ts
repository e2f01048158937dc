import type { PlannedMessage } from "../../src/domain/messages/types.js";
import type { Store } from "../../src/store/database.js";
import { insertScheduledMessages } from "../../src/store/message.repository.js";
import { unique } from "../factories.js";

/** `count` due account emails (no link) for the clinic, each to its own address; returns their dedupe keys. */
export async function scheduleTestEmails(
  store: Store,
  clinicId: string,
  count: number,
  options: { sendAt?: string; recipient?: (i: number) => string; createdAt?: string } = {},
): Promise<string[]> {
  const batch = unique("batch");
  const messages: (PlannedMessage & { clinicId: string })[] = [];
  for (let i = 0; i < count; i++) {
    messages.push({
      clinicId,
      kind: "password_reset",
      channel: "email",
      recipient: options.recipient?.(i) ?? `patient${i}@example.test`,
      sendAt: options.sendAt ?? "2030-01-01T00:00:00Z",
      vars: { clinicName: "Test Clinic", link: "/set-password?token=", expiresLocal: "soon" },
      dedupeKey: `${batch}:${i}`,
      patientId: null,
      bookingId: null,
      secret: `secret-${i}`,
    });
  }
  for (let i = 0; i < messages.length; i += 200) {
    await store.db
      .transaction()
      .execute((trx) =>
        insertScheduledMessages(trx, messages.slice(i, i + 200), options.createdAt ?? "2030-01-01T00:00:00Z"),
      );
  }
  return messages.map((m) => m.dedupeKey);
}
