/**
 * The arithmetic of the small SVG charts: a value axis that starts at zero and ends on a round
 * number, and where each value lands in pixels. Kept apart from the drawing so it can be tested.
 */

/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above `max`; 1 for nothing. */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max - 1e-9) return step * power;
  }
  return 10 * power;
}

/**
 * The top of an axis of counts: round, and a multiple of the number of tick steps so every tick
 * is a whole number (there is no half an appointment).
 */
export function countTop(max: number, steps = 4): number {
  return Math.ceil(niceMax(max) / steps) * steps;
}

/** `count + 1` evenly spaced ticks from 0 to `top`, inclusive. */
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => round((top * i) / count));
}

/** A mapping of values in [0, top] onto pixels, bottom (`height`) to top (0): SVG's y grows downward. */
export function valueToY(value: number, top: number, height: number): number {
  const clamped = Math.min(Math.max(value, 0), top);
  return round(height - (clamped / top) * height);
}

/** The left edge and width of bar `index` of `count` across `width`, with a gap of a quarter band. */
export function bandOf(index: number, count: number, width: number): { x: number; width: number } {
  const band = width / Math.max(count, 1);
  return { x: round(index * band + band / 8), width: round((band * 3) / 4) };
}

/** The centre of point `index` of `count` across `width`: the middle of its band, like a bar's. */
export function pointX(index: number, count: number, width: number): number {
  const band = width / Math.max(count, 1);
  return round(index * band + band / 2);
}

/** Numbers drawn to two decimals at most: enough for pixels, short in the markup. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}
