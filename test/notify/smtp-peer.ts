import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One email as the peer received it: the raw text and the headers tests look at. */
export interface ReceivedMail {
  raw: string;
  messageId: string;
  to: string;
  subject: string;
}

export interface SmtpPeer {
  /** `smtp://127.0.0.1:<port>?tls=off`, for the SMTP transport. */
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` emails have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that keeps what it receives. `reject` answers a
 * permanent failure for the messages it picks (by their recipient), as a refusing server would.
 */
export async function startSmtpPeer(options: { reject?: (to: string) => boolean } = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // Close at once on close(), even with a client's pooled connection still open.
    closeTimeout: 50,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (options.reject?.(address.address)) {
        const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          raw,
          messageId: header(raw, "message-id"),
          to: header(raw, "to"),
          subject: header(raw, "subject"),
        });
        for (const waiter of [...waiters]) {
          if (received.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        callback();
      });
    },
  });
  // A client killed mid-session resets its connection; that is what some tests do on purpose.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    received,
    waitFor(count, timeoutMs = 60_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} emails arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A top-level header's value, folded lines joined. */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}

export interface MimePart {
  contentType: string;
  headers: string;
  body: string;
}

/** The leaf parts of a MIME message, bodies decoded (base64, quoted-printable). */
export function mimeParts(raw: string): MimePart[] {
  const split = /\r?\n\r?\n/.exec(raw);
  const headers = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : "";
  const contentType = header(headers, "content-type");
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith("multipart/") && boundary) {
    const pieces = body.split(`--${boundary}`).slice(1);
    return pieces
      .filter((piece) => !piece.startsWith("--"))
      .flatMap((piece) => mimeParts(piece.replace(/^\r?\n/, "")));
  }
  const encoding = header(headers, "content-transfer-encoding").toLowerCase();
  let decoded = body;
  if (encoding === "base64") decoded = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    decoded = Buffer.from(
      body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  }
  return [{ contentType, headers, body: decoded }];
}
