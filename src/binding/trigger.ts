/**
 * Data triggers: a condition over the data at one or more keys, as the condition of a coordination
 * trigger. `addDataTrigger` compiles the condition here and hands it, with the actions turned into
 * coordination actions, to `CoordinationEngine.trigger`; edge and level modes, cooldown, priority,
 * chains of firings, cycles and the chain depth are the coordination engine's, once.
 *
 * The condition reads the `DataStore` at the tick the binder last processed: once per tick, on the
 * latest value of each key that arrived up to that tick. At any other tick (a prediction's, or a tick
 * the binder did not process) it is false and its state (previous values, latches, counters) is
 * left alone, so a prediction never changes live state.
 */
import {
  type CoordinationAction,
  callAction,
  firePrimitive,
  afterTicks as later,
} from '../coordination/index.js';
import { type DataStore, isForbiddenKey } from '../data/index.js';
import type { ConditionNode, DataTriggerContext } from './conditions.js';
import type { BinderAnimationHost, ParameterTransition } from './hosts.js';
import { nonEmpty, type ParameterValue, show } from './mapping.js';
import { type Duration, durationToTicks } from './timing.js';

/** `edge`: fire when the condition becomes true; `level`: fire at every evaluated tick it is true (cooldown still applies). */
export type DataTriggerMode = 'edge' | 'level';

/** Set a parameter of an animation at the firing tick, optionally through a transition. */
export interface SetParameterAction {
  readonly kind: 'setParameter';
  readonly animationId: string;
  readonly parameter: string;
  readonly value: ParameterValue;
  readonly transition?: { readonly ticks: Duration; readonly easing: string };
}

/** Fire another trigger (or any coordination primitive) `after` ticks later (default 0: now). */
export interface FireTriggerAction {
  readonly kind: 'fireTrigger';
  readonly triggerId: string;
  readonly after?: Duration;
}

/**
 * What a data trigger does when it fires: any coordination action (`startAnimation(id)`,
 * `stopAnimation(id)`, `firePrimitive(id)`, `afterTicks(n, action)`, `callAction(fn)`), the binder's
 * `setParameter` and `fireTrigger`, or a function of the trigger's data (a custom action; it may
 * throw: counted and reported as the coordination engine's `action.error`).
 */
export type TriggerAction =
  | CoordinationAction
  | SetParameterAction
  | FireTriggerAction
  | ((ctx: DataTriggerContext) => void);

/** Set a parameter at the firing tick, optionally through a transition. */
export function setParameter(
  animationId: string,
  parameter: string,
  value: ParameterValue,
  transition?: { readonly ticks: Duration; readonly easing: string },
): SetParameterAction {
  return transition === undefined
    ? { kind: 'setParameter', animationId, parameter, value }
    : { kind: 'setParameter', animationId, parameter, value, transition };
}

/**
 * Fire trigger `triggerId` (its actions, not its condition; its cooldown applies) `after` ticks later.
 * `after` 0 (default) fires it at once, as a link of the same chain: the coordination engine refuses a
 * link back into its own chain (a cycle) and a chain deeper than its `maxChainDepth`, and reports each
 * as a `cycle.error`. A delayed link starts a new chain at its tick (as a timeline that restarts itself).
 */
export function fireTrigger(triggerId: string, after?: Duration): FireTriggerAction {
  return after === undefined ? { kind: 'fireTrigger', triggerId } : { kind: 'fireTrigger', triggerId, after };
}

/** Options of `addDataTrigger` (those of a coordination trigger, with durations in ticks or `{ ms }`). */
export interface DataTriggerOptions {
  /** Trigger id (a coordination primitive id), for chains, metrics and errors. Default `trigger-<n>`. */
  readonly id?: string;
  /** `edge` (default): fire on false -> true. `level`: fire at every tick the condition holds. */
  readonly mode?: DataTriggerMode;
  /** Ticks (or `{ ms }`) after a firing during which the trigger does not fire again. Default 0. */
  readonly cooldown?: Duration;
  /**
   * Evaluation order among all coordination primitives within a tick: higher first, ties in creation
   * order. Default 0.
   */
  readonly priority?: number;
}

/** Keys of a trigger: one path, a list of paths, or `{ variable: path }` aliases for expressions. */
export type TriggerKeys = string | readonly string[] | Readonly<Record<string, string>>;

/** `waiting`: some key has no value yet; `idle`: condition false; `active`: condition true. */
export type DataTriggerState = 'waiting' | 'idle' | 'active';

/** A mutable `DataTriggerContext`, one per trigger, refilled in place at every evaluation. */
interface MutableContext extends DataTriggerContext {
  tick: number;
  value: unknown;
  readonly values: Record<string, unknown>;
  readonly previous: Record<string, unknown>;
}

/**
 * The data side of one data trigger: its keys' slots in the store, the compiled condition and the
 * context the condition and function actions see. `test` is the coordination trigger's condition.
 */
export class DataCondition {
  state: DataTriggerState = 'waiting';
  /** Condition evaluations that threw (each also an `action.error` of the coordination engine). */
  errors = 0;
  readonly ctx: MutableContext;

  constructor(
    readonly id: string,
    /** Variable names, in the order given (the first is the default key of builders). */
    readonly names: readonly string[],
    /** Slot of each name in the store. */
    private readonly slots: readonly number[],
    private readonly node: ConditionNode,
    private readonly store: DataStore,
  ) {
    this.ctx = {
      tick: 0,
      value: undefined,
      values: Object.create(null) as Record<string, unknown>,
      previous: Object.create(null) as Record<string, unknown>,
    };
  }

  /** Evaluate at `tick`; false (and nothing changes) unless the store is judged at `tick`. */
  test(tick: number): boolean {
    const store = this.store;
    if (tick !== store.tick) return false;
    const { slots, names, ctx } = this;
    if (this.state === 'waiting') {
      for (const s of slots) if (store.statusOf(s) === 'no-data') return false;
    }
    for (let i = 0; i < slots.length; i++) ctx.values[names[i] as string] = store.valueOf(slots[i] as number);
    ctx.tick = tick;
    ctx.value = ctx.values[names[0] as string];
    let result = false;
    try {
      result = this.node.test(ctx);
    } catch (err) {
      this.errors++;
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`data trigger ${show(this.id)}: ${names.join(',')} = ${show(ctx.value)}: ${message}`, {
        cause: err,
      });
    } finally {
      for (let i = 0; i < names.length; i++) {
        const n = names[i] as string;
        ctx.previous[n] = ctx.values[n];
      }
      // A condition that threw counts as false, as for every coordination trigger.
      this.state = result ? 'active' : 'idle';
    }
    return result;
  }
}

/** What turning data-trigger actions into coordination actions needs of the binder. */
export interface ActionEnv {
  readonly fps: number;
  readonly animation: BinderAnimationHost;
  /** Whether a coordination primitive `id` exists (`firePrimitive` targets are checked at registration). */
  hasPrimitive(id: string): boolean;
  checkAnimation(id: string, path: string): void;
  checkParameter(animationId: string, parameter: string, path: string): void;
  resolveTransition(
    t: { readonly ticks: Duration; readonly easing: string } | undefined,
    path: string,
  ): ParameterTransition | undefined;
}

/** One data-trigger action as coordination actions run it; throws naming `path` on a bad one. */
export function toCoordinationAction(
  a: TriggerAction,
  path: string,
  env: ActionEnv,
  ctx: DataTriggerContext,
): CoordinationAction {
  if (typeof a === 'function') return callAction(() => a(ctx), a.name || 'dataTriggerAction');
  if (typeof a !== 'object' || a === null) throw new TypeError(`${path} must be an action, got ${show(a)}`);
  switch (a.kind) {
    case 'setParameter': {
      nonEmpty(a.animationId, `${path}.animationId`);
      nonEmpty(a.parameter, `${path}.parameter`);
      env.checkAnimation(a.animationId, `${path}.animationId`);
      env.checkParameter(a.animationId, a.parameter, `${path}.parameter`);
      const transition = env.resolveTransition(a.transition, `${path}.transition`);
      const { animationId, parameter, value } = a;
      const host = env.animation;
      return callAction(({ tick }) => {
        if (transition === undefined) host.updateAnimationParameter(animationId, parameter, value, tick);
        else host.updateAnimationParameter(animationId, parameter, value, tick, transition);
      }, `setParameter(${animationId}.${parameter})`);
    }
    case 'fireTrigger': {
      nonEmpty(a.triggerId, `${path}.triggerId`);
      const after = durationToTicks(a.after ?? 0, env.fps, `${path}.after`);
      return after === 0 ? firePrimitive(a.triggerId) : later(after, firePrimitive(a.triggerId));
    }
    case 'fire':
      nonEmpty(a.primitive, `${path}.primitive`);
      if (!env.hasPrimitive(a.primitive))
        throw new Error(`${path}.primitive: no coordination primitive ${show(a.primitive)}`);
      return a;
    case 'start':
    case 'stop':
    case 'call':
    case 'after':
      // Checked by the coordination engine when the trigger is created, naming the same path.
      return a;
    default:
      throw new TypeError(`${path}.kind is not a known action, got ${show((a as { kind?: unknown }).kind)}`);
  }
}

export function resolveKeys(keys: TriggerKeys, where: string): { names: string[]; paths: string[] } {
  const out = resolveKeyList(keys, where);
  for (const p of out.paths)
    if (isForbiddenKey(p))
      throw new TypeError(
        `${where}: key ${show(p)} can never have data: a key named (or with a dotted part named) __proto__, constructor or prototype is refused at ingest`,
      );
  return out;
}

function resolveKeyList(keys: TriggerKeys, where: string): { names: string[]; paths: string[] } {
  if (typeof keys === 'string') {
    nonEmpty(keys, `${where}: key`);
    return { names: [keys], paths: [keys] };
  }
  if (Array.isArray(keys)) {
    if (keys.length === 0) throw new TypeError(`${where}: keys must name at least one key, got []`);
    for (let i = 0; i < keys.length; i++) nonEmpty(keys[i], `${where}: keys[${i}]`);
    if (new Set(keys).size !== keys.length)
      throw new TypeError(`${where}: keys must not repeat, got ${show(keys)}`);
    return { names: [...keys], paths: [...keys] };
  }
  if (typeof keys === 'object' && keys !== null) {
    const names = Object.keys(keys);
    if (names.length === 0) throw new TypeError(`${where}: keys must name at least one key, got {}`);
    const rec = keys as Readonly<Record<string, string>>;
    const paths = names.map((n) => {
      const p = rec[n];
      nonEmpty(p, `${where}: keys.${n}`);
      return p;
    });
    return { names, paths };
  }
  throw new TypeError(`${where}: keys must be a key, a list of keys or { alias: key }, got ${show(keys)}`);
}
