import { defaultTemplate, type MessageTemplate } from "../domain/messages/default-templates.js";
import { renderTemplate } from "../domain/messages/render.js";
import type { MessageVars, ScheduledMessage } from "../domain/messages/types.js";
import { bookingInviteIcs, inviteFromVars } from "./ical-invite.js";
import type { OutgoingEmail, OutgoingSms } from "./transports.js";

export interface ComposeSettings {
  /** The sender, e.g. `Glow Clinic <bookings@glow.example>`. */
  mailFrom: string;
  /** Where links point: `https://book.example`. */
  publicOrigin: string;
}

/**
 * The variables a template sees when the message is sent. Links are stored as paths (`/bookings/…`)
 * and made absolute here, with the origin this server is reached at; an account mail's one-time
 * token is stored apart (`secret`) and appended to its `link` only now.
 */
export function sendTimeVars(message: ScheduledMessage, publicOrigin: string): MessageVars {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.vars)) {
    vars[name] =
      (name.endsWith("Url") || name === "link") && value.startsWith("/") ? publicOrigin + value : value;
  }
  if (message.secret !== null && vars.link !== undefined) vars.link += encodeURIComponent(message.secret);
  return vars;
}

/** The clinic's own template if it wrote one, else the default; undefined when neither exists. */
export function templateFor(
  message: Pick<ScheduledMessage, "kind" | "channel">,
  override: MessageTemplate | undefined,
): MessageTemplate | undefined {
  return override ?? defaultTemplate(message.kind, message.channel);
}

export function composeEmail(
  message: ScheduledMessage,
  template: MessageTemplate,
  settings: ComposeSettings,
): OutgoingEmail {
  const vars = sendTimeVars(message, settings.publicOrigin);
  const attachments: OutgoingEmail["attachments"] = [];
  const invite = inviteFromVars(vars, message.recipient, {
    name: vars.clinicName ?? "Regimen",
    email: bareAddress(settings.mailFrom),
  });
  if (invite) {
    attachments.push({
      filename: invite.method === "CANCEL" ? "cancel.ics" : "invite.ics",
      content: bookingInviteIcs(invite),
      contentType: `text/calendar; charset=utf-8; method=${invite.method}`,
    });
  }
  return {
    messageId: message.id,
    from: settings.mailFrom,
    to: message.recipient,
    subject: renderTemplate(template.subject, vars, "text"),
    text: renderTemplate(template.text, vars, "text"),
    html: template.html === null ? null : renderTemplate(template.html, vars, "html"),
    attachments,
  };
}

export function composeSms(
  message: ScheduledMessage,
  template: MessageTemplate,
  publicOrigin: string,
): OutgoingSms {
  const vars = sendTimeVars(message, publicOrigin);
  return { messageId: message.id, to: message.recipient, text: renderTemplate(template.text, vars, "text") };
}

/** `bookings@glow.example` out of `Glow <bookings@glow.example>`. */
export function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
