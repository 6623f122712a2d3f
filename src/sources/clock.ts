/**
 * Time at the edge of the sources layer, injectable so backoff, silence and sampling are tested
 * with fake time (the MQTT.js timer pattern). Nothing in this folder reads the wall clock directly.
 */

/** An opaque timer handle, as returned by `setTimeout`. */
export type TimerHandle = unknown;

/**
 * Time and timers of the sources layer (ms, monotonic): injected so tests step time by hand;
 * `systemClock` is the real one.
 */
export interface SourceClock {
  /** Monotonic time in ms. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** `performance.now()` and the global timers. */
export const systemClock: SourceClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
