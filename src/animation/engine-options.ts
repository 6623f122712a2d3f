/**
 * The user-facing configuration and counters of a `TickAnimationEngine`: options with their units and
 * defaults, checked once at construction. Separate from the engine so its contract reads on its own.
 */
import type { EasingRegistry } from './easing/registry.js';
import { describe } from './value.js';

/** Options of a `TickAnimationEngine`. */
export interface TickAnimationEngineOptions {
  /** Where easing names resolve (register custom easings here). Default: a registry of the built-ins. */
  readonly easings?: EasingRegistry;
  /**
   * Commands (start, stop, pause, resume, parameter updates) kept per animation, so `frameAt` can
   * answer for past ticks. When the limit is passed the oldest command is folded into a base state and
   * counted in `stats.droppedCommands`; a frame asked for a tick before the oldest kept command is then
   * answered from that base state (as if the dropped commands had all applied). Default 256.
   */
  readonly maxCommandsPerAnimation?: number;
  /** Largest number of frames one `predictFrames` call may return. Default 10 000. */
  readonly maxPredictedFrames?: number;
  /** The tick `getCurrentTick()` starts at. Default 0. */
  readonly startTick?: number;
  /**
   * Called when an animation fails while a frame is computed (a custom easing threw or returned a
   * non-finite number): that animation is left out of the frame, the error is counted in
   * `stats.evaluationErrors`, and the frame goes on. Default: `console.error` once per animation.
   */
  readonly onError?: (error: unknown, context: { readonly id: string; readonly tick: number }) => void;
}

/** Counters of the engine. */
export interface TickAnimationEngineStats {
  /** Animations defined. */
  readonly animations: number;
  /** Animations a frame visits: started at some point (or following a value) and not retired. */
  readonly listed: number;
  /**
   * Animations set aside because they write nothing from some tick on (stopped, or ended with fill
   * `none`): frames from that tick on skip them; they return on a new command or a frame asked for an
   * earlier tick.
   */
  readonly retired: number;
  /** Commands folded into a base state because a history reached `maxCommandsPerAnimation`. */
  readonly droppedCommands: number;
  /** Animations left out of a frame because they failed (see `onError`). */
  readonly evaluationErrors: number;
}

/** `value` when it is a whole number >= 1; otherwise a `RangeError` naming option `name`. */
export function checkLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `TickAnimationEngine: option '${name}' must be a whole number >= 1, received ${describe(value)}`,
    );
  }
  return value;
}
