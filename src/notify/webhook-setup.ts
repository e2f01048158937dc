import type { Config } from "../config.js";
import type { Clock } from "../domain/time/clock.js";
import type { Store } from "../store/database.js";
import { WebhookDeliverer, type WebhookDelivererOptions } from "./webhook-deliverer.js";

/** A webhook deliverer as the configuration says (whether private networks may be reached). */
export function webhookDelivererFor(
  config: Pick<Config, "webhookAllowPrivateNetworks">,
  deps: { store: Store; clock: Clock },
  tuning: Partial<WebhookDelivererOptions> = {},
): WebhookDeliverer {
  return new WebhookDeliverer({
    store: deps.store,
    clock: deps.clock,
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    ...tuning,
  });
}
