/**
 * One binding from a data key to an animation parameter, and what it does at each tick: map, change
 * detection, deadband, debounce or throttle, retarget transition, staleness fallback. Per-binding state
 * is a fixed set of fields (O(1)); the binder drives it once per tick.
 */
import type { BinderAnimationHost, ParameterTransition } from './hosts.js';
import type { MapFunction, ParameterValue } from './mapping.js';

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

/**
 * `no-data`: no value yet; `live`: data arrives; `stale`: no new data for `staleAfter` ticks and the
 * fallback applies.
 */
export type BindingState = 'no-data' | 'live' | 'stale';

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
  /** 0: never stale. */
  readonly staleAfterTicks: number;
  readonly onStale: StalePolicy;
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
  stateValue: BindingState = 'no-data';
  /** Raw input that produced the last accepted update (deadband reference). */
  private lastInput = Number.NaN;
  private lastSent: ParameterValue | undefined;
  private pendingValue: ParameterValue | undefined;
  private pendingDue = Number.POSITIVE_INFINITY;
  private lastApplyTick = Number.NEGATIVE_INFINITY;
  private lastDataTick = Number.NEGATIVE_INFINITY;
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
    /** Index of the key's slot in the binder's value table. */
    readonly slot: number,
    private readonly host: BinderAnimationHost,
  ) {}

  /** The value this binding last wrote (undefined before the first). */
  get lastValue(): ParameterValue | undefined {
    return this.lastSent;
  }

  /**
   * Run at tick `tick`. `fresh` says whether the key got a value for this tick; `value` is that value.
   * Returns what happened for the binder's counters.
   */
  step(tick: number, fresh: boolean, value: unknown): BindingOutcome {
    let outcome: BindingOutcome = 'idle';
    const c = this.config;
    if (fresh) {
      this.lastDataTick = tick;
      this.stateValue = 'live';
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
    } else if (
      c.staleAfterTicks > 0 &&
      this.stateValue === 'live' &&
      tick - this.lastDataTick >= c.staleAfterTicks
    ) {
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
    this.stateValue = 'stale';
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
