/**
 * One binding from a data key to an animation parameter, and what it does at each tick: map, change
 * detection, deadband, debounce or throttle, retarget transition, staleness fallback. Per-binding state
 * is a fixed set of fields (O(1)); the binder drives it once per tick. Its options are checked here, at
 * registration (durations in ticks once). The key's status (fresh, stale, no-data) is the
 * `DataStore`'s; a binding only chooses what to show when its key goes stale.
 */
import type { KeyStatus } from '../data/index.js';
import type { BinderAnimationHost, ParameterTransition } from './hosts.js';
import {
  compileMap,
  type MapFunction,
  nonEmpty,
  type ParameterValue,
  show,
  type ValueMap,
} from './mapping.js';
import { type Duration, durationToTicks } from './timing.js';

/** What a binding does when its key goes stale. */
export type StalePolicy =
  /** Keep the last value on screen (default). */
  | { readonly kind: 'hold' }
  /** Go to `value` (through the binding's transition, if any). */
  | { readonly kind: 'default'; readonly value: ParameterValue }
  /** Move linearly to `value` over `ticks` ticks (ms accepted as `{ ms }` at registration). */
  | { readonly kind: 'decay'; readonly value: ParameterValue; readonly ticks: number }
  /** Write `marker` (for instance `'--'` or `-1`) so the widget can show that the data is stale. */
  | { readonly kind: 'mark'; readonly marker: ParameterValue };

/** Resolved configuration (ticks only). */
export interface BindingConfig {
  readonly id: string;
  readonly key: string;
  readonly animationId: string;
  readonly parameter: string;
  readonly map: MapFunction;
  readonly deadband: number;
  readonly debounceTicks: number;
  readonly throttleTicks: number;
  readonly transition: ParameterTransition | undefined;
  /** The key's `staleAfterTicks` in the store, when this binding sets it (undefined: the store's). */
  readonly staleAfterTicks: number | undefined;
  readonly onStale: StalePolicy;
}

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
  /**
   * The key is stale after this long without new data (ticks or `{ ms }`, at least 1 tick). It sets
   * the key's limit in the `DataStore` (a key has one: another binding, a widget or `store.track`
   * that gave the key a different one makes this throw). Default: the key's limit (never stale).
   */
  readonly staleAfter?: Duration;
  /** What to do when stale. Default `'hold'`. */
  readonly onStale?:
    | 'hold'
    | { readonly kind: 'hold' }
    | { readonly kind: 'default'; readonly value: ParameterValue }
    | { readonly kind: 'decay'; readonly value: ParameterValue; readonly ticks: Duration }
    | { readonly kind: 'mark'; readonly marker: ParameterValue };
}

/** Why a step did nothing, or what it did (returned to the binder for counting and errors). */
export type BindingOutcome =
  | 'idle'
  | 'applied'
  | 'unchanged'
  | 'deadband'
  | 'pending'
  | 'map-error'
  | 'apply-error';

/** Counters of one binding. */
export interface BindingCounters {
  updates: number;
  unchanged: number;
  deadband: number;
  errors: number;
  staleTransitions: number;
}

export class BindingRuntime {
  /** The key's status at the last tick this binding was stepped (its fallback ran on `stale`). */
  status: KeyStatus = 'no-data';
  /** Raw input that produced the last accepted update (deadband reference). */
  private lastInput = Number.NaN;
  private lastSent: ParameterValue | undefined;
  private pendingValue: ParameterValue | undefined;
  private pendingDue = Number.POSITIVE_INFINITY;
  private lastApplyTick = Number.NEGATIVE_INFINITY;
  /** The last error, for the binder's report. */
  lastError: unknown;
  readonly counters: BindingCounters = {
    updates: 0,
    unchanged: 0,
    deadband: 0,
    errors: 0,
    staleTransitions: 0,
  };

  constructor(
    readonly config: BindingConfig,
    /** The key's slot in the store. */
    readonly slot: number,
    private readonly host: BinderAnimationHost,
  ) {}

  /** The value this binding last wrote (undefined before the first). */
  get lastValue(): ParameterValue | undefined {
    return this.lastSent;
  }

  /**
   * Run at tick `tick`. `arrived` says whether the key got a value for this tick; `value` is that
   * value; `status` is the key's status in the store at this tick. Returns what happened.
   */
  step(tick: number, arrived: boolean, value: unknown, status: KeyStatus): BindingOutcome {
    let outcome: BindingOutcome = 'idle';
    const c = this.config;
    const was = this.status;
    this.status = status;
    if (arrived) {
      if (c.deadband > 0 && typeof value === 'number' && Math.abs(value - this.lastInput) < c.deadband) {
        this.counters.deadband++;
        outcome = 'deadband';
      } else {
        let mapped: ParameterValue;
        try {
          mapped = c.map(value);
        } catch (err) {
          this.counters.errors++;
          this.lastError = err;
          return 'map-error';
        }
        if (typeof value === 'number') this.lastInput = value;
        outcome = this.offer(mapped, tick);
      }
    } else if (status === 'stale' && was === 'fresh') {
      outcome = this.goStale(tick);
    }
    if (outcome !== 'applied' && outcome !== 'apply-error' && this.pendingDue <= tick) {
      const v = this.pendingValue as ParameterValue;
      this.pendingDue = Number.POSITIVE_INFINITY;
      this.pendingValue = undefined;
      if (Object.is(v, this.lastSent)) {
        this.counters.unchanged++;
        return 'unchanged';
      }
      return this.apply(v, tick, c.transition);
    }
    return outcome;
  }

  /** The tick at which a debounced/throttled value is due (Infinity when none is waiting). */
  get dueTick(): number {
    return this.pendingDue;
  }

  private offer(mapped: ParameterValue, tick: number): BindingOutcome {
    const c = this.config;
    const reference = this.pendingDue !== Number.POSITIVE_INFINITY ? this.pendingValue : this.lastSent;
    if (Object.is(mapped, reference)) {
      this.counters.unchanged++;
      return 'unchanged';
    }
    if (c.debounceTicks > 0) {
      this.pendingValue = mapped;
      this.pendingDue = tick + c.debounceTicks;
      return 'pending';
    }
    if (c.throttleTicks > 0 && tick - this.lastApplyTick < c.throttleTicks) {
      this.pendingValue = mapped;
      this.pendingDue = this.lastApplyTick + c.throttleTicks;
      return 'pending';
    }
    this.pendingDue = Number.POSITIVE_INFINITY;
    this.pendingValue = undefined;
    if (Object.is(mapped, this.lastSent)) {
      this.counters.unchanged++;
      return 'unchanged';
    }
    return this.apply(mapped, tick, c.transition);
  }

  private goStale(tick: number): BindingOutcome {
    const c = this.config;
    this.counters.staleTransitions++;
    this.pendingDue = Number.POSITIVE_INFINITY;
    this.pendingValue = undefined;
    // Data that comes back after staleness is applied even within the deadband of the old value.
    this.lastInput = Number.NaN;
    const p = c.onStale;
    switch (p.kind) {
      case 'hold':
        return 'idle';
      case 'default':
        return Object.is(p.value, this.lastSent) ? 'unchanged' : this.apply(p.value, tick, c.transition);
      case 'decay':
        return Object.is(p.value, this.lastSent)
          ? 'unchanged'
          : this.apply(p.value, tick, p.ticks > 0 ? { ticks: p.ticks, easing: 'linear' } : undefined);
      case 'mark':
        return this.apply(p.marker, tick, undefined);
    }
  }

  private apply(
    value: ParameterValue,
    tick: number,
    transition: ParameterTransition | undefined,
  ): BindingOutcome {
    const c = this.config;
    try {
      if (transition === undefined)
        this.host.updateAnimationParameter(c.animationId, c.parameter, value, tick);
      else this.host.updateAnimationParameter(c.animationId, c.parameter, value, tick, transition);
    } catch (err) {
      this.counters.errors++;
      this.lastError = err;
      return 'apply-error';
    }
    this.lastSent = value;
    this.lastApplyTick = tick;
    this.counters.updates++;
    return 'applied';
  }
}

// ---------------------------------------------------------------- options, checked at registration

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
        ? undefined
        : Math.max(1, durationToTicks(options.staleAfter, fps, `${where}: options.staleAfter`)),
    onStale: resolveStale(options.onStale, fps, `${where}: options.onStale`),
  };
}
