import { join } from "node:path";
import type { Config } from "../config.js";
import type { Clock } from "../domain/time/clock.js";
import type { Store } from "../store/database.js";
import { Dispatcher, type DispatcherOptions } from "./dispatcher.js";
import {
  type EmailTransport,
  fileEmailTransport,
  fileSmsTransport,
  httpSmsTransport,
  type SmsTransport,
  smtpEmailTransport,
} from "./transports.js";

/** The folder the file transports write to when no SMTP server or SMS provider is set. */
export function fileOutboxDir(config: Pick<Config, "dataDir">): string {
  return join(config.dataDir, "outbox");
}

export function emailTransportFor(config: Pick<Config, "smtpUrl" | "dataDir">): EmailTransport {
  return config.smtpUrl === null
    ? fileEmailTransport(fileOutboxDir(config))
    : smtpEmailTransport(config.smtpUrl);
}

export function smsTransportFor(config: Pick<Config, "smsUrl" | "smsToken" | "dataDir">): SmsTransport {
  return config.smsUrl === null
    ? fileSmsTransport(join(fileOutboxDir(config), "sms"))
    : httpSmsTransport(config.smsUrl, config.smsToken);
}

/**
 * A dispatcher with the transports the configuration names. `publicOrigin` is where links in
 * messages point: `PUBLIC_URL`, else this server on localhost at `port`.
 */
export function dispatcherFor(
  config: Config,
  deps: { store: Store; clock: Clock; port: number },
  tuning: Partial<DispatcherOptions> = {},
): { dispatcher: Dispatcher; close(): Promise<void> } {
  const email = emailTransportFor(config);
  const sms = smsTransportFor(config);
  const dispatcher = new Dispatcher({
    store: deps.store,
    clock: deps.clock,
    email,
    sms,
    mailFrom: config.mailFrom,
    publicOrigin: config.publicOrigin ?? `http://localhost:${deps.port}`,
    ...tuning,
  });
  return {
    dispatcher,
    async close() {
      await dispatcher.stop();
      await email.close();
      await sms.close();
    },
  };
}
