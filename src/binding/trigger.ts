/**
 * Data triggers: a condition over one or more keys, evaluated once per tick, that fires actions
 * (start an animation, fire a coordination primitive, set a parameter, fire another trigger later).
 * Edge mode (default) fires on false -> true; level mode fires at every tick the condition holds.
 * Cooldown: after a firing at tick F, no firing before tick F + cooldown; a rising edge inside the
 * cooldown is counted as suppressed and not remembered.
 */
import type { AfterTicksAction, FirePrimitiveAction, StartAnimationAction } from '../coordination/index.js';
import type { ConditionNode, DataTriggerContext } from './conditions.js';
import type { ParameterTransition } from './hosts.js';
import type { ParameterValue } from './mapping.js';
import type { Duration } from './timing.js';

export type DataTriggerMode = 'edge' | 'level';

/**
 * What a trigger does when it fires. The coordination layer's builders (`startAnimation(id)`,
 * `firePrimitive(id)`, `afterTicks(n, startAnimation(id))` for a delayed start) are shared with
 * coordination primitives; `setParameter` and `fireTrigger` below are the binder's own. A function is a
 * custom action (it may throw: counted and reported).
 */
export type TriggerAction =
  | StartAnimationAction
  | FirePrimitiveAction
  | AfterTicksAction
  | {
      readonly kind: 'setParameter';
      readonly animationId: string;
      readonly parameter: string;
      readonly value: ParameterValue;
      readonly transition?: { readonly ticks: Duration; readonly easing: string };
    }
  | { readonly kind: 'fireTrigger'; readonly triggerId: string; readonly after?: Duration }
  | ((ctx: DataTriggerContext) => void);

/** Set a parameter at the firing tick, optionally through a transition. */
export function setParameter(
  animationId: string,
  parameter: string,
  value: ParameterValue,
  transition?: { readonly ticks: Duration; readonly easing: string },
): TriggerAction {
  return transition === undefined
    ? { kind: 'setParameter', animationId, parameter, value }
    : { kind: 'setParameter', animationId, parameter, value, transition };
}
/**
 * Fire trigger `triggerId` (its actions, not its condition) `after` ticks later (default 0: later in
 * the same tick, after the triggers evaluated at this tick). A 0-tick link back to a trigger
 * already fired in the same cascade is a cycle: refused before that trigger's actions run again,
 * counted (`chainCycles`) and reported with the path. Longer and delayed chains are bounded by the
 * binder's `maxCascadeDepth`.
 */
export function fireTrigger(triggerId: string, after?: Duration): TriggerAction {
  return after === undefined ? { kind: 'fireTrigger', triggerId } : { kind: 'fireTrigger', triggerId, after };
}

/** Actions resolved at registration: durations in ticks. */
export type ResolvedAction =
  | { readonly kind: 'startAnimation'; readonly animationId: string; readonly delay: number }
  | { readonly kind: 'firePrimitive'; readonly primitiveId: string }
  | {
      readonly kind: 'setParameter';
      readonly animationId: string;
      readonly parameter: string;
      readonly value: ParameterValue;
      readonly transition: ParameterTransition | undefined;
    }
  | { readonly kind: 'fireTrigger'; readonly triggerId: string; readonly after: number }
  | { readonly kind: 'call'; readonly fn: (ctx: DataTriggerContext) => void };

/** `waiting`: some key has no value yet; `idle`: condition false; `active`: condition true. */
export type DataTriggerState = 'waiting' | 'idle' | 'active';

export interface TriggerCounters {
  /** Times the actions ran (condition firings and chained firings). */
  firings: number;
  /** Rising edges (edge mode) or true ticks (level mode) held back by the cooldown. */
  suppressedByCooldown: number;
  /** Condition and action errors. */
  errors: number;
}

/** A mutable `DataTriggerContext`, one per trigger, refilled in place at every evaluation. */
export interface MutableDataTriggerContext extends DataTriggerContext {
  tick: number;
  value: unknown;
  readonly values: Record<string, unknown>;
  readonly previous: Record<string, unknown>;
}

export class TriggerRuntime {
  stateValue: DataTriggerState = 'waiting';
  lastFireTick = Number.NEGATIVE_INFINITY;
  readonly counters: TriggerCounters = { firings: 0, suppressedByCooldown: 0, errors: 0 };
  readonly ctx: MutableDataTriggerContext;

  constructor(
    readonly id: string,
    /** Variable names, in the order given (the first is the default key of builders). */
    readonly names: readonly string[],
    /** Slot of each name in the binder's value table. */
    readonly slots: readonly number[],
    readonly node: ConditionNode,
    readonly actions: readonly ResolvedAction[],
    readonly mode: DataTriggerMode,
    readonly cooldownTicks: number,
    readonly priority: number,
    /** Registration order: the tie-break among equal priorities. */
    readonly order: number,
  ) {
    this.ctx = {
      tick: 0,
      value: undefined,
      values: Object.create(null) as Record<string, unknown>,
      previous: Object.create(null) as Record<string, unknown>,
    };
  }

  /** Keys joined for reports. */
  get keyLabel(): string {
    return this.names.join(',');
  }

  /**
   * Decide whether the condition result at `tick` fires: applies edge/level and cooldown, updates
   * the state. `result` is the condition's value at this tick.
   */
  decide(tick: number, result: boolean): boolean {
    const wasActive = this.stateValue === 'active';
    this.stateValue = result ? 'active' : 'idle';
    if (!result) return false;
    if (this.mode === 'edge' && wasActive) return false;
    if (tick - this.lastFireTick < this.cooldownTicks) {
      this.counters.suppressedByCooldown++;
      return false;
    }
    return true;
  }

  /** Cooldown check for a chained firing. */
  coolingDown(tick: number): boolean {
    return tick - this.lastFireTick < this.cooldownTicks;
  }
}
