import type { Clock } from "../domain/time/clock.js";
import type { Store } from "../store/database.js";

/** What every service needs: the store and the time. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
}
