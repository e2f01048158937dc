import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import { OPTIONAL_TOPICS, type OptionalTopic } from "../../domain/messages/care-messages.js";
import {
  defaultTemplate,
  MESSAGE_VARIABLES,
  type MessageTemplate,
  SAMPLE_VARIABLES,
} from "../../domain/messages/default-templates.js";
import { renderTemplate, unknownVariables } from "../../domain/messages/render.js";
import {
  MESSAGE_CHANNELS,
  MESSAGE_KINDS,
  type MessageChannel,
  type MessageKind,
  type MessageStatus,
  type ScheduledMessage,
} from "../../domain/messages/types.js";
import {
  deleteMessageTemplate,
  findMessageById,
  findMessageTemplate,
  insertScheduledMessages,
  listClinicMessagesByStatus,
  listMessagePreferences,
  listPatientMessages,
  loadMessageTemplates,
  newMessageId,
  requeueFailedMessage,
  setMessagePreference,
  templateKey,
  upsertMessageTemplate,
} from "../../store/message.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite, auditSetupChange, auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** A message as staff (and the patient) see it: never its link token. */
export interface MessageView {
  id: string;
  kind: MessageKind;
  channel: MessageChannel;
  recipient: string;
  status: MessageStatus;
  sendAt: string;
  sentAt: string | null;
  attempts: number;
  /** Why it failed or was cancelled. */
  lastError: string | null;
  bookingId: string | null;
  patientId: string | null;
  createdAt: string;
}

function toView(m: ScheduledMessage): MessageView {
  return {
    id: m.id,
    kind: m.kind,
    channel: m.channel,
    recipient: m.recipient,
    status: m.status,
    sendAt: m.sendAt,
    sentAt: m.sentAt,
    attempts: m.attempts,
    lastError: m.lastError,
    bookingId: m.bookingId,
    patientId: m.patientId,
    createdAt: m.createdAt,
  };
}

/** A patient's messages, scheduled, sent, failed and cancelled, newest first (staff reads are audited). */
export async function listPatientMessagesAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<MessageView[]> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId);
  await auditPatientData(db, access, "messages.read", deps.clock.now().toString());
  return (await listPatientMessages(db, access.patient.clinicId, access.patient.id)).map(toView);
}

/** The clinic's messages in one status (`failed`: those staff should look at), newest first. */
export async function listClinicMessages(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  status: MessageStatus,
): Promise<MessageView[]> {
  return (await listClinicMessagesByStatus(deps.store.db, principal.clinicId, status)).map(toView);
}

/**
 * Sends a message again. A failed one is due again at once, as itself (same id, so a receiver
 * that got it after all sees the same message); any other becomes a new message with the same
 * content, due now. A message whose one-time link was spent cannot be sent again: the person asks
 * for a new link.
 */
export async function resendMessage(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  messageId: string,
): Promise<MessageView> {
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const message = await findMessageById(trx, principal.clinicId, messageId);
    if (!message) throw new DomainError("not_found", "No such message.");
    if (message.vars.link !== undefined && message.secret === null) {
      throw new DomainError(
        "invalid_state",
        "Its one-time link is spent or expired; ask for a new one instead.",
      );
    }
    let id = message.id;
    if (message.status === "failed") {
      await requeueFailedMessage(trx, principal.clinicId, message.id, now);
    } else if (message.status === "pending") {
      throw new DomainError("invalid_state", "The message is still waiting to be sent.");
    } else {
      // A fresh id as the dedupe key: a resend is never mistaken for an earlier copy.
      const nonce = newMessageId(now);
      const [written] = await insertScheduledMessages(
        trx,
        [
          {
            clinicId: message.clinicId,
            kind: message.kind,
            channel: message.channel,
            recipient: message.recipient,
            sendAt: now,
            vars: message.vars,
            dedupeKey: `resend:${nonce}`,
            patientId: message.patientId,
            bookingId: message.bookingId,
            eventId: null,
          },
        ],
        now,
      );
      if (written === undefined) {
        throw new DomainError("conflict", "The message was just sent again; look at the latest copy.");
      }
      id = written;
    }
    await auditStaffAction(
      trx,
      principal,
      "message.resend",
      now,
      { messageId: message.id },
      message.patientId,
    );
    const resent = await findMessageById(trx, principal.clinicId, id);
    if (!resent) throw new DomainError("not_found", "No such message.");
    return toView(resent);
  });
}

export interface TemplateView extends MessageTemplate {
  kind: MessageKind;
  channel: MessageChannel;
  /** True when the clinic wrote its own; false for the default. */
  custom: boolean;
  /** The `{{variables}}` this kind of message may use. */
  variables: readonly string[];
}

function assertTemplateExists(kind: MessageKind, channel: MessageChannel): MessageTemplate {
  const fallback = defaultTemplate(kind, channel);
  if (!fallback) throw new DomainError("not_found", `There is no ${channel} message of kind ${kind}.`);
  return fallback;
}

/** Every message the clinic sends, in its own wording or the default. */
export async function listMessageTemplates(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<TemplateView[]> {
  const own = await loadMessageTemplates(deps.store.db, [principal.clinicId]);
  const out: TemplateView[] = [];
  for (const kind of MESSAGE_KINDS) {
    for (const channel of MESSAGE_CHANNELS) {
      const fallback = defaultTemplate(kind, channel);
      if (!fallback) continue;
      const row = own.get(templateKey(principal.clinicId, kind, channel));
      out.push(
        view(
          kind,
          channel,
          row ? { subject: row.subject, text: row.text_body, html: row.html_body } : fallback,
          !!row,
        ),
      );
    }
  }
  return out;
}

function view(kind: MessageKind, channel: MessageChannel, t: MessageTemplate, custom: boolean): TemplateView {
  return { kind, channel, ...t, custom, variables: MESSAGE_VARIABLES[kind] };
}

export async function getMessageTemplate(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  kind: MessageKind,
  channel: MessageChannel,
): Promise<TemplateView> {
  const fallback = assertTemplateExists(kind, channel);
  const row = await findMessageTemplate(deps.store.db, principal.clinicId, kind, channel);
  return view(
    kind,
    channel,
    row ? { subject: row.subject, text: row.text_body, html: row.html_body } : fallback,
    !!row,
  );
}

/** Refuses a template naming a variable its kind is never given, naming the field and the variable. */
function assertKnownVariables(kind: MessageKind, template: MessageTemplate): void {
  const known = MESSAGE_VARIABLES[kind];
  const fields = (["subject", "text", "html"] as const).flatMap((field) => {
    const unknown = unknownVariables(template[field] ?? "", known);
    return unknown.length === 0
      ? []
      : [
          {
            path: field,
            message: `unknown variable ${unknown.map((n) => `{{${n}}}`).join(", ")}; use ${known.join(", ")}`,
          },
        ];
  });
  if (fields.length > 0) {
    throw new DomainError(
      "unknown_template_variable",
      "The template uses variables this message does not have.",
      {
        fields,
      },
    );
  }
}

/** Saves the clinic's own wording of one message (admin). */
export async function saveMessageTemplate(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  kind: MessageKind,
  channel: MessageChannel,
  template: MessageTemplate,
): Promise<TemplateView> {
  assertTemplateExists(kind, channel);
  const saved = channel === "sms" ? { ...template, subject: "", html: null } : template;
  assertKnownVariables(kind, saved);
  await withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    await upsertMessageTemplate(trx, {
      clinic_id: principal.clinicId,
      kind,
      channel,
      subject: saved.subject,
      text_body: saved.text,
      html_body: saved.html,
      updated_at: now,
      updated_by: principal.accountId,
    });
    await auditSetupChange(trx, principal, "message_template.save", now, {
      type: "message_template",
      id: `${kind}.${channel}`,
    });
  });
  return view(kind, channel, saved, true);
}

/** Drops the clinic's own wording: the default applies again. */
export async function resetMessageTemplate(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  kind: MessageKind,
  channel: MessageChannel,
): Promise<TemplateView> {
  const fallback = assertTemplateExists(kind, channel);
  await withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    if (await deleteMessageTemplate(trx, principal.clinicId, kind, channel)) {
      await auditSetupChange(trx, principal, "message_template.reset", now, {
        type: "message_template",
        id: `${kind}.${channel}`,
      });
    }
  });
  return view(kind, channel, fallback, false);
}

/** The message as it would read with sample values: the template given, else the one in use. */
export async function previewMessageTemplate(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  kind: MessageKind,
  channel: MessageChannel,
  draft: MessageTemplate | null,
): Promise<{ subject: string; text: string; html: string | null }> {
  const template = draft ?? (await getMessageTemplate(deps, principal, kind, channel));
  assertTemplateExists(kind, channel);
  assertKnownVariables(kind, template);
  return {
    subject: renderTemplate(template.subject, SAMPLE_VARIABLES, "text"),
    text: renderTemplate(template.text, SAMPLE_VARIABLES, "text"),
    html: template.html === null ? null : renderTemplate(template.html, SAMPLE_VARIABLES, "html"),
  };
}

/** Per optional topic and channel: true while the patient receives it (the default). */
export type MessagePreferences = Record<OptionalTopic, Record<MessageChannel, boolean>>;

function preferencesFrom(
  rows: { topic: string; channel: MessageChannel; optedOut: boolean }[],
): MessagePreferences {
  const out = Object.fromEntries(
    OPTIONAL_TOPICS.map((topic) => [topic, { email: true, sms: true }]),
  ) as MessagePreferences;
  for (const row of rows) {
    const topic = out[row.topic as OptionalTopic];
    if (topic) topic[row.channel] = !row.optedOut;
  }
  return out;
}

/** Which optional messages (recall) the patient receives on which channel; a staff read is audited. */
export async function getMessagePreferencesAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<MessagePreferences> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId);
  await auditPatientData(db, access, "message_preferences.read", deps.clock.now().toString());
  return preferencesFrom(await listMessagePreferences(db, access.patient.id));
}

/**
 * Sets which optional messages (recall) the patient receives on which channel; the patient
 * themself or staff of their clinic. Safety messages cannot be turned off.
 */
export async function setMessagePreferencesAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  changes: Partial<Record<OptionalTopic, Partial<Record<MessageChannel, boolean>>>>,
): Promise<MessagePreferences> {
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const access = await authorizePatientAccess(trx, principal, patientId);
    for (const topic of OPTIONAL_TOPICS) {
      for (const channel of MESSAGE_CHANNELS) {
        const receive = changes[topic]?.[channel];
        if (receive === undefined) continue;
        await setMessagePreference(trx, {
          patientId: access.patient.id,
          topic,
          channel,
          optedOut: !receive,
          at: now,
        });
      }
    }
    await auditPatientWrite(trx, access, "message_preferences.update", now, { changes });
    return preferencesFrom(await listMessagePreferences(trx, access.patient.id));
  });
}
