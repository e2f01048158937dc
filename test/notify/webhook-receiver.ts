import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  /** The path and query asked for. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks`. */
  url: string;
  received: ReceivedWebhook[];
  /**
   * The status of each coming answer in turn (then 200 for the rest); `"hang"` answers nothing,
   * so the sender's timeout fires.
   */
  answers: (number | "hang")[];
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (a random port) that records what it gets. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: (number | "hang")[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const answer = answers.shift() ?? 200;
      if (answer === "hang") return;
      response.writeHead(answer, { "content-type": "text/plain" });
      // A long answer: the log keeps its first kilobyte only.
      response.end(answer >= 300 ? `receiver error ${answer} ${"x".repeat(5000)}` : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
