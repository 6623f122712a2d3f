/**
 * Durations in the binding API: ticks inside, milliseconds accepted at the edge and converted once
 * with the clock layer's rounding rule (`msToTicks`: round half up, minimum 0).
 */
import { msToTicks } from '../clock/index.js';
import { show } from './mapping.js';

/** A whole number of ticks, or `{ ms }` converted once at registration with `msToTicks`. */
export type Duration = number | { readonly ms: number };

/** Convert a duration option to whole ticks; `path` names the option in errors. */
export function durationToTicks(duration: Duration, fps: number, path: string): number {
  if (typeof duration === 'number') {
    if (!Number.isInteger(duration) || duration < 0)
      throw new TypeError(`${path} must be a whole number of ticks >= 0 or { ms }, got ${show(duration)}`);
    return duration;
  }
  if (typeof duration === 'object' && duration !== null && typeof duration.ms === 'number') {
    if (!Number.isFinite(duration.ms) || duration.ms < 0)
      throw new TypeError(`${path}.ms must be a finite number of ms >= 0, got ${show(duration.ms)}`);
    return msToTicks(duration.ms, fps);
  }
  throw new TypeError(`${path} must be a whole number of ticks >= 0 or { ms }, got ${show(duration)}`);
}
