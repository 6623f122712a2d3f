/**
 * The binder's options and their checking: every option is validated at registration, durations are
 * converted to ticks once, and errors name the option, what was expected and the value received.
 */
import { type DataLayerMonitor, isForbiddenKey } from '../data/index.js';
import type { BindingConfig, StalePolicy } from './binding.js';
import type { BinderAnimationHost, BinderClock, BinderCoordinationHost, TickInput } from './hosts.js';
import { compileMap, type ParameterValue, show, type ValueMap } from './mapping.js';
import type { BinderErrorReport } from './report.js';
import { type Duration, durationToTicks } from './timing.js';
import type { DataTriggerMode, ResolvedAction, TriggerAction } from './trigger.js';

/** Options of `bindDataToAnimation`. */
export interface BindOptions {
  /** Binding id, for metrics and errors. Default `<key>-><animationId>.<parameter>`. */
  readonly id?: string;
  /** Ignore a new numeric value closer than this to the last accepted one (data units). Default 0. */
  readonly deadband?: number;
  /** Apply a value only once no other change came for this long (ticks or `{ ms }`). Default 0. */
  readonly debounce?: Duration;
  /** At most one update per this many ticks (leading and trailing; ticks or `{ ms }`). Default 0. */
  readonly throttle?: Duration;
  /** Retarget through a transition from the value on screen (no jump). Default: set at once. */
  readonly transition?: { readonly ticks: Duration; readonly easing: string };
  /** The key is stale after this long without new data (ticks or `{ ms }`). Default: never. */
  readonly staleAfter?: Duration;
  /** What to do when stale. Default `'hold'`. */
  readonly onStale?:
    | 'hold'
    | { readonly kind: 'hold' }
    | { readonly kind: 'default'; readonly value: ParameterValue }
    | { readonly kind: 'decay'; readonly value: ParameterValue; readonly ticks: Duration }
    | { readonly kind: 'mark'; readonly marker: ParameterValue };
}

/** Options of `addDataTrigger`. */
export interface DataTriggerOptions {
  /** Trigger id, for chains, metrics and errors. Default `trigger-<n>`. */
  readonly id?: string;
  /** `edge` (default): fire on false -> true. `level`: fire at every tick the condition holds. */
  readonly mode?: DataTriggerMode;
  /** Ticks (or `{ ms }`) after a firing during which the trigger does not fire again. Default 0. */
  readonly cooldown?: Duration;
  /** Higher fires first within a tick; equal priorities keep registration order. Default 0. */
  readonly priority?: number;
}

/** Keys of a trigger: one path, a list of paths, or `{ variable: path }` aliases for expressions. */
export type TriggerKeys = string | readonly string[] | Readonly<Record<string, string>>;

/** Options of the binder. */
export interface DataAnimationBinderOptions {
  /** Tick timing (a `TickClock`). Arrival times and `timeOfTick` must share one time scale. */
  readonly clock: BinderClock;
  /** The animation engine bindings and actions write to. */
  readonly animation: BinderAnimationHost;
  /** The coordination engine `firePrimitive` actions use. Default: none (such actions are refused). */
  readonly coordination?: BinderCoordinationHost;
  /** Where data comes from (a ring buffer adapter). Default: none; `processTick` then reads nothing. */
  readonly input?: TickInput;
  /** Receives rate-limited error reports. Default: `console.error`. */
  readonly onError?: (report: BinderErrorReport) => void;
  /** At most one error report per this long, after the first of each binding/trigger. Default 10 s. */
  readonly errorReportInterval?: Duration;
  /** Bound on chained firings waiting for their tick. Default 1024; overflow is counted and reported. */
  readonly maxPendingChains?: number;
  /**
   * Bound on the depth of a chain of `fireTrigger` actions, counted in links from the condition firing
   * that started it, across delayed links too. Default 16. A 0-tick link back into its own cascade is
   * refused as a cycle before this bound (`chainCycles`); the bound ends long or delayed chains.
   */
  readonly maxCascadeDepth?: number;
  /** Longest accepted expression, in characters. Default 1000. */
  readonly maxExpressionLength?: number;
  /** Called when a trigger fires (after its actions ran), with its id and the tick. */
  readonly onTriggerFired?: (triggerId: string, tick: number) => void;
  /**
   * Which easing names transitions may use (checked at registration). Default: the animation layer's
   * built-ins (`resolveEasing`); pass the engine's `EasingRegistry` when it has custom easings.
   */
  readonly easings?: { has(name: string): boolean };
  /** The data-layer monitor to add the `binder` section to. Default: none. */
  readonly monitor?: DataLayerMonitor;
}

/** What `resolveAction` needs of the binder. */
export interface ActionEnv {
  readonly fps: number;
  readonly coordination: BinderCoordinationHost | undefined;
  checkAnimation(id: string, path: string): void;
  hasEasing(name: string): boolean;
}

export function resolveAction(a: TriggerAction, path: string, env: ActionEnv): ResolvedAction {
  if (typeof a === 'function') return { kind: 'call', fn: a };
  if (typeof a !== 'object' || a === null) throw new TypeError(`${path} must be an action, got ${show(a)}`);
  const fps = env.fps;
  switch (a.kind) {
    case 'start':
      nonEmpty(a.animation, `${path}.animation`);
      env.checkAnimation(a.animation, `${path}.animation`);
      return { kind: 'startAnimation', animationId: a.animation, delay: 0 };
    case 'after': {
      // A delayed start is the only delayed coordination action a data trigger takes; a delayed
      // firing of another data trigger is fireTrigger(id, after).
      if (!Number.isInteger(a.ticks) || a.ticks < 0)
        throw new TypeError(`${path}.ticks must be an integer >= 0, got ${show(a.ticks)}`);
      if (a.action.kind !== 'start')
        throw new TypeError(
          `${path}.action: a data trigger delays only startAnimation, got ${show(a.action.kind)}`,
        );
      nonEmpty(a.action.animation, `${path}.action.animation`);
      env.checkAnimation(a.action.animation, `${path}.action.animation`);
      return { kind: 'startAnimation', animationId: a.action.animation, delay: a.ticks };
    }
    case 'fire': {
      nonEmpty(a.primitive, `${path}.primitive`);
      if (!env.coordination)
        throw new Error(`${path}: firePrimitive needs the binder's 'coordination' option`);
      let found: unknown;
      try {
        found = env.coordination.getCoordinationPrimitive(a.primitive);
      } catch (err) {
        throw new Error(`${path}.primitive: no coordination primitive ${show(a.primitive)}`, {
          cause: err,
        });
      }
      if (!found) throw new Error(`${path}.primitive: no coordination primitive ${show(a.primitive)}`);
      return { kind: 'firePrimitive', primitiveId: a.primitive };
    }
    case 'setParameter':
      nonEmpty(a.animationId, `${path}.animationId`);
      nonEmpty(a.parameter, `${path}.parameter`);
      env.checkAnimation(a.animationId, `${path}.animationId`);
      return {
        kind: 'setParameter',
        animationId: a.animationId,
        parameter: a.parameter,
        value: a.value,
        transition: resolveTransition(a.transition, fps, `${path}.transition`, env.hasEasing),
      };
    case 'fireTrigger':
      nonEmpty(a.triggerId, `${path}.triggerId`);
      return {
        kind: 'fireTrigger',
        triggerId: a.triggerId,
        after: durationToTicks(a.after ?? 0, fps, `${path}.after`),
      };
    default:
      throw new TypeError(`${path}.kind is not a known action, got ${show((a as { kind?: unknown }).kind)}`);
  }
}

export function nonEmpty(v: unknown, path: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0)
    throw new TypeError(`${path} must be a non-empty string, got ${show(v)}`);
}

export function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new TypeError(`DataAnimationBinder: option '${name}' must be an integer >= 1, got ${show(v)}`);
  return v;
}

export function resolveTransition(
  t: { readonly ticks: Duration; readonly easing: string } | undefined,
  fps: number,
  path: string,
  hasEasing: (name: string) => boolean,
): { ticks: number; easing: string } | undefined {
  if (t === undefined) return undefined;
  if (typeof t !== 'object' || t === null)
    throw new TypeError(`${path} must be { ticks, easing }, got ${show(t)}`);
  nonEmpty(t.easing, `${path}.easing`);
  if (!hasEasing(t.easing)) throw new RangeError(`${path}.easing: unknown easing ${show(t.easing)}`);
  const ticks = durationToTicks(t.ticks, fps, `${path}.ticks`);
  return ticks === 0 ? undefined : { ticks, easing: t.easing };
}

export function resolveStale(p: BindOptions['onStale'], fps: number, path: string): StalePolicy {
  if (p === undefined || p === 'hold') return { kind: 'hold' };
  if (typeof p !== 'object' || p === null)
    throw new TypeError(
      `${path} must be 'hold' or { kind: 'default' | 'decay' | 'mark', ... }, got ${show(p)}`,
    );
  switch (p.kind) {
    case 'hold':
      return { kind: 'hold' };
    case 'default':
      checkParam(p.value, `${path}.value`);
      return { kind: 'default', value: p.value };
    case 'decay':
      checkParam(p.value, `${path}.value`);
      return { kind: 'decay', value: p.value, ticks: durationToTicks(p.ticks, fps, `${path}.ticks`) };
    case 'mark':
      checkParam(p.marker, `${path}.marker`);
      return { kind: 'mark', marker: p.marker };
    default:
      throw new TypeError(
        `${path}.kind must be 'hold', 'default', 'decay' or 'mark', got ${show((p as { kind?: unknown }).kind)}`,
      );
  }
}

function checkParam(v: unknown, path: string): void {
  if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean')
    throw new TypeError(`${path} must be a number, string or boolean, got ${show(v)}`);
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

/**
 * The checked configuration of one binding: numbers in data units, durations in ticks at `fps`.
 * Errors name the option (prefixed with `where`) and the value received.
 */
export function resolveBindingConfig(
  target: {
    readonly id: string;
    readonly key: string;
    readonly animationId: string;
    readonly parameter: string;
    readonly map: ValueMap | undefined;
  },
  options: BindOptions,
  fps: number,
  hasEasing: (name: string) => boolean,
  where: string,
): BindingConfig {
  const { id, key, animationId, parameter, map } = target;
  const deadband = options.deadband ?? 0;
  if (typeof deadband !== 'number' || !Number.isFinite(deadband) || deadband < 0)
    throw new TypeError(
      `${where}: options.deadband must be a finite number >= 0 (data units), got ${show(deadband)}`,
    );
  const debounceTicks = durationToTicks(options.debounce ?? 0, fps, `${where}: options.debounce`);
  const throttleTicks = durationToTicks(options.throttle ?? 0, fps, `${where}: options.throttle`);
  if (debounceTicks > 0 && throttleTicks > 0)
    throw new TypeError(
      `${where}: options.debounce and options.throttle cannot both be set (got ${debounceTicks} and ${throttleTicks} ticks)`,
    );
  return {
    id,
    key,
    animationId,
    parameter,
    map: compileMap(map, `${where}: map`),
    deadband,
    debounceTicks,
    throttleTicks,
    transition: resolveTransition(options.transition, fps, `${where}: options.transition`, hasEasing),
    staleAfterTicks:
      options.staleAfter === undefined
        ? 0
        : Math.max(1, durationToTicks(options.staleAfter, fps, `${where}: options.staleAfter`)),
    onStale: resolveStale(options.onStale, fps, `${where}: options.onStale`),
  };
}
