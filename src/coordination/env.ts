import type { CoordinationAction } from './actions.js';
import type { CoordinationEvent, FailedActionKind, FireCause } from './events.js';
import type { AnimationHost } from './host.js';

/**
 * What a primitive may ask of its engine (internal: not exported from the layer's index). Keeping the
 * primitives behind this small surface lets the engine own ordering, chains and cycle detection.
 */
export interface CoordinationEnv {
  readonly host: AnimationHost;
  /** The tick a primitive created now is armed at: the tick being evaluated, or the next one. */
  armTick(): number;
  emit(event: CoordinationEvent): void;
  /** Run actions at `tick` on behalf of `sourceId`, as a link of the current chain. */
  runActions(actions: readonly CoordinationAction[], tick: number, sourceId: string): void;
  /** Fire primitive `id` at `tick` through the engine (dedupe per tick, chain and cycle checks). */
  fire(id: string, tick: number, cause: FireCause): void;
  /** Queue a fire of `id` at `tick` (what `triggerAt` does). */
  requestFire(id: string, tick: number): void;
  /** Count and report a failure of `sourceId` at `tick`. */
  reportError(sourceId: string, tick: number, action: FailedActionKind, error: unknown): void;
  /** Count a fire refused by a trigger's cooldown. */
  countSuppressed(): void;
}
