import { lookup } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Addresses a webhook may not reach unless the operator allows private networks: loopback, the
 * private and shared (carrier-grade NAT) ranges, link-local (cloud metadata services live at
 * 169.254.169.254), unspecified, multicast and reserved. Without this, a clinic admin could point
 * an endpoint at the server's own network and read the answers in the delivery log.
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** True for an address on a private, local or reserved network (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface WebhookPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMilliseconds: number;
  /** Keep this much of the answer at most; the rest is not read. */
  excerptBytes: number;
  allowPrivateNetworks: boolean;
}

export interface WebhookAnswer {
  statusCode: number;
  /** The answer's first bytes; null when it was empty. */
  excerpt: string | null;
}

/**
 * POSTs `body` to `url` and resolves with the status and the start of the answer; rejects when no
 * answer came (refused, timed out, a private address). Redirects are answers like any other: a
 * 3xx is returned, never followed. The address is checked where the connection is made (the
 * resolver's answer itself), so a name that resolves differently on a second lookup gains nothing.
 */
export function postWebhook(url: string, options: WebhookPostOptions): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
    if (!options.allowPrivateNetworks && isIP(host) !== 0 && isPrivateAddress(host)) {
      reject(new Error(`${host} is a private address; webhooks go to public addresses only.`));
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(target, {
      method: "POST",
      headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
      ...(options.allowPrivateNetworks ? {} : { lookup: publicLookup }),
    });
    const timer = setTimeout(
      () => request.destroy(new Error("The receiver did not answer in time.")),
      options.timeoutMilliseconds,
    );
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle();
    };
    request.on("error", (error) => finish(() => reject(error)));
    request.on("response", (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const bytes = Buffer.concat(chunks).subarray(0, options.excerptBytes);
        // A cut through a multi-byte character shows as U+FFFD: the excerpt is for reading.
        const excerpt = bytes.length === 0 ? null : bytes.toString("utf8");
        finish(() => resolve({ statusCode: response.statusCode ?? 0, excerpt }));
        response.destroy();
      };
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= options.excerptBytes) done();
      });
      response.on("end", done);
      // The status is in hand: an answer cut short still counts as that status.
      response.on("error", done);
    });
    request.end(options.body);
  });
}

/** `dns.lookup` that fails for a name resolving to any private address. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, "");
      return;
    }
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    const [first] = addresses;
    if (blocked || !first) {
      const what = blocked ? `resolves to ${blocked.address}, a private address` : "resolves to nothing";
      callback(new Error(`${hostname} ${what}; webhooks go to public addresses only.`), "");
      return;
    }
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
};
