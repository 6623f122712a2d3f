import type { AnimationState } from '../animation/index.js';

/**
 * What the coordination layer needs of an animation engine. `TickAnimationEngine` satisfies it; tests
 * may pass a small fake. Every method is answered in ticks; none reads a clock.
 *
 * How coordination reads it: a chained sequence starts its next step at `endTickOf(previous) + gap`;
 * a barrier resolves at the first tick at or after the members' `endTickOf` where `stateAt` says
 * `finished` for every member (so either end convention works, and stopped or paused members hold
 * it). Start/stop commands are given only for ticks after the last evaluated one: ticks before the
 * one being evaluated only when `evaluate` jumped, and no frame was drawn for those.
 */
export interface AnimationHost {
  hasAnimation(id: string): boolean;
  /** Schedule (or reschedule) a run of `id` starting at `tick`. Unknown id: throws. */
  startAnimationAt(id: string, tick: number): void;
  /** Stop `id` at `tick`: from then on it writes nothing. Unknown id: throws. */
  stopAnimationAt(id: string, tick: number): void;
  /** The state of `id` at `tick`, derived from its schedule; pure. */
  stateAt(id: string, tick: number): AnimationState;
  /**
   * The tick at which the current (or last) run of `id` ends: `Infinity` for an infinite repeat,
   * `undefined` when it was never scheduled or is paused (its end is not known yet).
   */
  endTickOf(id: string): number | undefined;
}
