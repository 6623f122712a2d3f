/**
 * Durations in a config file carry their unit in the value: `500ms`, `2s`, `1.5min`, `12ticks`. A bare
 * number is refused (is `500` ms, s or ticks?). Converted once to what the binding and coordination
 * layers take: whole ticks, or `{ ms }` that they round with the clock layer's rule (`msToTicks`).
 */

import { msToTicks } from '../clock/index.js';

/** The text form accepted for a duration. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|min|ticks?)$/;

/** A parsed duration: ticks, or ms to convert with the display's fps. */
export type ConfigDuration = number | { readonly ms: number };

/** Parse a duration string (already checked against `DURATION_PATTERN` by the schema). */
export function parseDuration(text: string): ConfigDuration {
  const m = DURATION_PATTERN.exec(text.trim());
  if (m === null)
    throw new RangeError(
      `expected a duration with its unit (500ms, 2s, 1min, 12ticks), received ${JSON.stringify(text)}`,
    );
  const n = Number(m[1]);
  switch (m[2]) {
    case 'ms':
      return { ms: n };
    case 's':
      return { ms: n * 1000 };
    case 'min':
      return { ms: n * 60_000 };
    default:
      if (!Number.isInteger(n)) throw new RangeError(`ticks must be a whole number, received ${text}`);
      return n;
  }
}

/** A duration in ms (ticks converted at `fps`). */
export function durationMs(text: string, fps: number): number {
  const d = parseDuration(text);
  return typeof d === 'number' ? (d * 1000) / fps : d.ms;
}

/** A duration in whole ticks at `fps` (ms rounded half up, as `msToTicks`). */
export function durationTicks(text: string, fps: number): number {
  const d = parseDuration(text);
  return typeof d === 'number' ? d : msToTicks(d.ms, fps);
}
