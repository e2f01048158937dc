import { Temporal } from "temporal-polyfill";
import type { Clock } from "./domain/clock.js";

export const systemClock: Clock = { now: () => Temporal.Now.instant() };
