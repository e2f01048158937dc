import { Temporal } from "temporal-polyfill";
import type { Clock } from "./domain/time/clock.js";

export const systemClock: Clock = { now: () => Temporal.Now.instant() };
