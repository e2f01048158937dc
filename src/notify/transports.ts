import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

/** One email ready to go; `messageId` is the row's stable id, so a resend is the same message. */
export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string; content: string; contentType: string }[];
}

export interface OutgoingSms {
  /** Sent as the idempotency key: the provider drops a second request with the same one. */
  messageId: string;
  to: string;
  text: string;
}

export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
}

export interface SmsTransport {
  readonly name: string;
  send(sms: OutgoingSms): Promise<void>;
  close(): Promise<void>;
}

/** `<id@domain>`: the domain of the sender's address keeps the Message-ID globally unique. */
export function messageIdHeader(id: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "regimen.invalid";
  return `<${id}@${domain}>`;
}

function toNodemailer(email: OutgoingEmail) {
  return {
    messageId: messageIdHeader(email.messageId, email.from),
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    ...(email.html === null ? {} : { html: email.html }),
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

/**
 * Email over SMTP (`SMTP_URL`, e.g. `smtp://user:pass@mail.example:587` or `smtps://…`), with a
 * small connection pool so a batch does not open a connection per message.
 */
export function smtpEmailTransport(url: string, options: { maxConnections?: number } = {}): EmailTransport {
  const parsed = new URL(url);
  const transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port === "" ? undefined : Number(parsed.port),
    secure: parsed.protocol === "smtps:",
    ...(parsed.username === ""
      ? {}
      : { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }),
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    // A local or test server without TLS is fine; a remote one offering STARTTLS is used with it.
    ignoreTLS: parsed.searchParams.get("tls") === "off",
  });
  return {
    name: "smtp",
    async send(email) {
      await transporter.sendMail(toNodemailer(email));
    },
    async close() {
      transporter.close();
    },
  };
}

/**
 * Without an SMTP server: each email is written whole (headers, bodies, attachments) as
 * `<folder>/<id>.eml`, which any mail program opens. Sending again overwrites the same file.
 */
export function fileEmailTransport(folder: string): EmailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  let made = false;
  return {
    name: "file",
    async send(email) {
      if (!made) {
        await mkdir(folder, { recursive: true });
        made = true;
      }
      const info = await builder.sendMail(toNodemailer(email));
      await writeFile(join(folder, `${email.messageId}.eml`), info.message as Buffer);
    },
    async close() {
      builder.close();
    },
  };
}

/**
 * A Twilio-style SMS API: `POST SMS_URL` with a form body (`To`, `Body`), the token as a bearer
 * credential and the message id as `Idempotency-Key`. Any 2xx is success; anything else throws,
 * and the dispatcher retries.
 */
export function httpSmsTransport(url: string, token: string | null): SmsTransport {
  return {
    name: "http",
    async send(sms) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "idempotency-key": sms.messageId,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: new URLSearchParams({ To: sms.to, Body: sms.text }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) {
        const detail = (await response.text().catch(() => "")).slice(0, 200);
        throw new Error(`SMS provider answered ${response.status}${detail === "" ? "" : `: ${detail}`}`);
      }
    },
    async close() {},
  };
}

/** Without an SMS provider: each text is written as `<folder>/<id>.txt`. */
export function fileSmsTransport(folder: string): SmsTransport {
  let made = false;
  return {
    name: "file",
    async send(sms) {
      if (!made) {
        await mkdir(folder, { recursive: true });
        made = true;
      }
      await writeFile(join(folder, `${sms.messageId}.txt`), `To: ${sms.to}\n\n${sms.text}\n`);
    },
    async close() {},
  };
}
