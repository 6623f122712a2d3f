/**
 * `DataAnimationBinder`: data to animation parameters (bindings), and data conditions to coordination
 * triggers (data triggers), applied at tick boundaries.
 *
 * At `processTick(N)` the binder judges its `DataStore` at tick N (`timeOfTick(N)`), lets its input
 * deliver the latest value of every tracked key among the points that arrived in
 * `(timeOfTick(N-1), timeOfTick(N)]`, then runs every binding (registration order), each at most once,
 * on that value and the key's status. Data triggers are coordination triggers: their conditions read
 * the same store when `coordination.evaluate(N)` runs next (see `app/pipeline.ts`), so edge and level
 * modes, cooldown, priority, chains, cycles and depth are the coordination engine's. Values in between
 * two boundaries are not seen by bindings or conditions (the monitor counts them as points applied).
 */

import { resolveEasing, UnknownEasingError } from '../animation/index.js';
import type { CoordinationEngine, TriggerPrimitive } from '../coordination/index.js';
import { type DataLayerMonitor, DataStore, type KeyStatus } from '../data/index.js';
import { BindingRuntime, type BindOptions, resolveBindingConfig, resolveTransition } from './binding.js';
import { type Condition, type ConditionNode, compileCondition } from './conditions.js';
import { compileExpression, DEFAULT_MAX_EXPRESSION_LENGTH, ExpressionError } from './expression.js';
import type { BinderAnimationHost, BinderClock, ParameterTransition, TickInput } from './hosts.js';
import { nonEmpty, type ParameterValue, show, type ValueMap } from './mapping.js';
import type { BinderMetrics } from './metrics.js';
import { TickRate } from './rate.js';
import { type BinderErrorReport, consoleReport, ErrorReporter } from './report.js';
import { StoreSink } from './store-sink.js';
import { type Duration, durationToTicks } from './timing.js';
import {
  type ActionEnv,
  DataCondition,
  type DataTriggerOptions,
  type DataTriggerState,
  resolveKeys,
  type TriggerAction,
  type TriggerKeys,
  toCoordinationAction,
} from './trigger.js';

/** Options of the binder. */
export interface DataAnimationBinderOptions {
  /** Tick timing (a `TickClock`). Arrival times and `timeOfTick` must share one time scale. */
  readonly clock: BinderClock;
  /** The animation engine bindings and actions write to. */
  readonly animation: BinderAnimationHost;
  /**
   * The coordination engine data triggers are created in (each is one of its triggers) and that
   * `firePrimitive` actions fire. Default: none (`addDataTrigger` then throws).
   */
  readonly coordination?: CoordinationEngine;
  /**
   * The store of each key's latest value and status the input feeds and bindings read. Default: a
   * new `DataStore` (read it as `binder.store`).
   */
  readonly store?: DataStore;
  /** Where data comes from (a ring buffer adapter). Default: none; `processTick` then reads nothing. */
  readonly input?: TickInput;
  /**
   * Receives rate-limited error reports of bindings. Default: `console.error`. (A data trigger's
   * errors are the coordination engine's: `action.error` events and its `onError`.)
   */
  readonly onError?: (report: BinderErrorReport) => void;
  /** At most one error report per this long, after the first of each binding. Default 10 s. */
  readonly reportInterval?: Duration;
  /** Longest accepted expression, in characters. Default 1000. */
  readonly maxExpressionLength?: number;
  /**
   * Which easing names transitions may use (checked at registration). Default: the animation layer's
   * built-ins (`resolveEasing`); pass the engine's `EasingRegistry` when it has custom easings.
   */
  readonly easings?: { has(name: string): boolean };
  /** The data-layer monitor to add the `binder` section to. Default: none. */
  readonly monitor?: DataLayerMonitor;
}

/** A data trigger: its data condition and the coordination trigger it is the condition of. */
interface DataTrigger {
  readonly condition: DataCondition;
  readonly primitive: TriggerPrimitive;
}

/** Binds data keys to animation parameters (`bindDataToAnimation`) and data conditions to actions (`addDataTrigger`); `processTick(N)` reads the input into the store and runs the bindings. */
export class DataAnimationBinder {
  /** Each key's latest value and status, judged at the last processed tick (widgets read it too). */
  readonly store: DataStore;
  private readonly clock: BinderClock;
  private readonly animation: BinderAnimationHost;
  private readonly coordination: CoordinationEngine | undefined;
  private readonly input: TickInput | undefined;
  private readonly reporter: ErrorReporter;
  private readonly maxExpressionLength: number;
  private readonly sink: StoreSink;

  private readonly bindings: BindingRuntime[] = [];
  private readonly bindingById = new Map<string, BindingRuntime>();
  private readonly triggerById = new Map<string, DataTrigger>();
  private triggerSeq = 0;

  private lastTick = Number.NEGATIVE_INFINITY;
  private readonly updateRate: TickRate;
  private readonly actionEnv: ActionEnv;
  private readonly hasEasing: (name: string) => boolean;

  constructor(options: DataAnimationBinderOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`DataAnimationBinder: options must be an object, got ${show(options)}`);
    const { clock, animation, coordination } = options;
    if (typeof clock?.timeOfTick !== 'function' || !(clock.fps > 0))
      throw new TypeError(
        `DataAnimationBinder: option 'clock' must have fps > 0 and timeOfTick(n), got ${show(clock)}`,
      );
    if (typeof animation?.updateAnimationParameter !== 'function')
      throw new TypeError(
        `DataAnimationBinder: option 'animation' must have updateAnimationParameter, got ${show(animation)}`,
      );
    if (coordination !== undefined && typeof coordination?.trigger !== 'function')
      throw new TypeError(
        `DataAnimationBinder: option 'coordination' must be a CoordinationEngine, got ${show(coordination)}`,
      );
    if (options.store !== undefined && !(options.store instanceof DataStore))
      throw new TypeError(
        `DataAnimationBinder: option 'store' must be a DataStore, got ${show(options.store)}`,
      );
    this.clock = clock;
    this.animation = animation;
    this.coordination = coordination;
    this.input = options.input;
    this.store = options.store ?? new DataStore();
    this.sink = new StoreSink(this.store);
    this.maxExpressionLength = positiveInt(
      options.maxExpressionLength ?? DEFAULT_MAX_EXPRESSION_LENGTH,
      'maxExpressionLength',
    );
    const interval = durationToTicks(
      options.reportInterval ?? { ms: 10_000 },
      clock.fps,
      'DataAnimationBinder: option reportInterval',
    );
    this.reporter = new ErrorReporter(interval, options.onError ?? consoleReport);
    this.updateRate = new TickRate(clock.fps);
    const easings = options.easings;
    this.hasEasing = easings ? (name) => easings.has(name) : builtInEasing;
    this.actionEnv = {
      fps: clock.fps,
      animation,
      hasPrimitive: (id) => this.coordination?.getCoordinationPrimitive(id) !== undefined,
      checkAnimation: (id, path) => this.checkAnimation(id, path),
      checkParameter: (id, parameter, path) => this.checkParameter(id, parameter, path),
      resolveTransition: (t, path) => this.resolveTransition(t, path),
    };
    options.monitor?.provide('binder', () => this.metrics());
  }

  // ---------------------------------------------------------------- registration (cold path)

  /**
   * Bind the data at `key` (dotted path, `sensors.cpu.temp`) to `parameter` of animation
   * `animationId` through `map` (a function or a declarative map; default: the value itself).
   * Returns the binding id. Throws, naming the option, on a bad argument, an unknown animation, or a
   * parameter the animation does not have (listing the ones it has, when the engine can tell).
   *
   * Sampling: the binding sees the latest value of `key` per tick, once, at the tick boundary. Values
   * that arrived earlier in the same tick and were overwritten before the boundary are not seen (at
   * 30 fps a 10 ms spike between two boundaries never reaches the screen). That is what a display
   * can show; to act on spikes, see `addDataTrigger`.
   */
  bindDataToAnimation(
    key: string,
    animationId: string,
    parameter: string,
    map?: ValueMap,
    options: BindOptions = {},
  ): string {
    const where = 'bindDataToAnimation';
    nonEmpty(key, `${where}: key`);
    nonEmpty(animationId, `${where}: animationId`);
    nonEmpty(parameter, `${where}: parameter`);
    this.checkAnimation(animationId, `${where}: animationId`);
    this.checkParameter(animationId, parameter, `${where}: parameter`);
    const fps = this.clock.fps;
    const id = options.id ?? `${key}->${animationId}.${parameter}`;
    nonEmpty(id, `${where}: options.id`);
    if (this.bindingById.has(id)) throw new Error(`${where}: a binding with id ${show(id)} exists already`);
    const config = resolveBindingConfig(
      { id, key, animationId, parameter, map },
      options,
      fps,
      this.hasEasing,
      where,
    );
    let slot: number;
    try {
      slot =
        config.staleAfterTicks === undefined
          ? this.store.track(key)
          : this.store.track(key, { staleAfterTicks: config.staleAfterTicks });
    } catch (err) {
      throw new RangeError(`${where}: options.staleAfter: ${err instanceof Error ? err.message : err}`, {
        cause: err,
      });
    }
    const runtime = new BindingRuntime(config, slot, this.animation);
    this.bindings.push(runtime);
    this.bindingById.set(id, runtime);
    return id;
  }

  /**
   * Fire `actions` when `condition` holds over the data at `keys`: creates a coordination trigger
   * (id `options.id`, default `trigger-<n>`) whose condition is this data condition, so its mode,
   * cooldown, priority and chains are the coordination engine's. The condition is a function, a
   * builder (`above`, `crosses`, `sustained`, ...) or a CEL expression string over the keys, compiled
   * and validated here: a syntax error or an unknown key throws `ExpressionError` with its position.
   * Returns the trigger id.
   *
   * Sampling: the condition is evaluated once per tick (by `coordination.evaluate(N)`, after
   * `processTick(N)`) on the latest value of each key at the tick boundary; its previous value is the
   * one of the last evaluation. It waits (false) until every key has a value. A spike that arrived
   * between two boundaries and was overwritten within the tick is not seen by `above`, `crosses` or
   * any other condition. To catch spikes, read the ring buffer's history from a function condition,
   * e.g. `() => buffer.windowStats('cpu', 8).max > 90` (`stats`/`window` over at least as many points as
   * one tick holds), or raise the fps so that a tick is shorter than the shortest spike to catch.
   */
  addDataTrigger(
    keys: TriggerKeys,
    condition: Condition,
    actions: TriggerAction | readonly TriggerAction[],
    options: DataTriggerOptions = {},
  ): string {
    const where = 'addDataTrigger';
    const coordination = this.coordination;
    if (coordination === undefined)
      throw new Error(`${where}: the binder needs its 'coordination' option (a CoordinationEngine)`);
    const { names, paths } = resolveKeys(keys, where);
    const id = options.id ?? `trigger-${this.triggerSeq}`;
    nonEmpty(id, `${where}: options.id`);
    if (coordination.getCoordinationPrimitive(id) !== undefined)
      throw new Error(`${where}: a coordination primitive with id ${show(id)} exists already`);
    const mode = options.mode ?? 'edge';
    if (mode !== 'edge' && mode !== 'level')
      throw new TypeError(`${where}: options.mode must be "edge" or "level", got ${show(mode)}`);
    const priority = options.priority ?? 0;
    if (typeof priority !== 'number' || !Number.isFinite(priority))
      throw new TypeError(`${where}: options.priority must be a finite number, got ${show(priority)}`);
    const cooldownTicks = durationToTicks(
      options.cooldown ?? 0,
      this.clock.fps,
      `${where}: options.cooldown`,
    );
    const node: ConditionNode = compileCondition(
      condition,
      names,
      (source, path) => {
        try {
          return compileExpression(source, names, this.maxExpressionLength);
        } catch (err) {
          if (err instanceof ExpressionError)
            throw new ExpressionError(`${path}: ${err.message}`, err.expression, err.position);
          throw err;
        }
      },
      `${where}: condition`,
    );
    const list = (Array.isArray(actions) ? actions : [actions]) as readonly TriggerAction[];
    if (list.length === 0) throw new TypeError(`${where}: actions must name at least one action, got []`);
    const slots = paths.map((p) => this.store.track(p));
    const dataCondition = new DataCondition(id, names, slots, node, this.store);
    const resolved = list.map((a, i) =>
      toCoordinationAction(a, `${where}: actions[${i}]`, this.actionEnv, dataCondition.ctx),
    );
    const primitive = coordination.trigger(id, {
      condition: ({ tick }) => dataCondition.test(tick),
      actions: resolved,
      mode,
      cooldownTicks,
      priority,
    });
    this.triggerSeq++;
    this.triggerById.set(id, { condition: dataCondition, primitive });
    return id;
  }

  /** Remove a binding; returns whether it existed. Its key stays tracked in the store. */
  removeBinding(id: string): boolean {
    const b = this.bindingById.get(id);
    if (!b) return false;
    this.bindingById.delete(id);
    this.bindings.splice(this.bindings.indexOf(b), 1);
    return true;
  }

  /** Remove a data trigger (its coordination trigger); queued firings aimed at it become errors when due. */
  removeTrigger(id: string): boolean {
    if (!this.triggerById.delete(id)) return false;
    this.coordination?.remove(id);
    return true;
  }

  /** Whether `id` is a data trigger of this binder (a coordination trigger it created). */
  hasTrigger(id: string): boolean {
    return this.triggerById.has(id);
  }

  /** The status of the binding's key at the last processed tick: `fresh`, `stale` or `no-data`. */
  bindingState(id: string): KeyStatus {
    const b = this.bindingById.get(id);
    if (!b) throw new Error(`bindingState: no binding ${show(id)}`);
    return b.status;
  }

  /** The value a binding last wrote (undefined before its first update). */
  bindingValue(id: string): ParameterValue | undefined {
    const b = this.bindingById.get(id);
    if (!b) throw new Error(`bindingValue: no binding ${show(id)}`);
    return b.lastValue;
  }

  /** `waiting`, `idle` or `active` (the data condition's last result); throws for an unknown id. */
  triggerState(id: string): DataTriggerState {
    const t = this.triggerById.get(id);
    if (!t) throw new Error(`triggerState: no trigger ${show(id)}`);
    return t.condition.state;
  }

  // ---------------------------------------------------------------- the tick (hot path)

  /**
   * Judge the store at `tick`, apply the data that arrived up to `timeOfTick(tick)`, then run the
   * bindings. Ticks must increase (a jump is fine). `nowMs`, when given, is the time the tick is
   * processed at (same scale as arrivals), used only for the arrival-to-apply delay histogram;
   * default: the tick's due time. Data-trigger conditions run in the next `coordination.evaluate(tick)`.
   */
  processTick(tick: number, nowMs?: number): void {
    if (!Number.isInteger(tick) || tick <= this.lastTick)
      throw new RangeError(
        `processTick: tick must be an integer > ${this.lastTick} (the last one), got ${tick}`,
      );
    this.lastTick = tick;
    const boundary = this.clock.timeOfTick(tick);
    const sink = this.sink;
    sink.begin(tick, boundary, nowMs ?? boundary);
    this.updateRate.advance(tick);
    if (this.input) this.input.deliverUntil(boundary, sink);
    sink.end();

    const store = this.store;
    for (const b of this.bindings) {
      const slot = b.slot;
      const arrived = store.tickOf(slot) === tick;
      const status = store.statusOf(slot);
      if (!arrived && b.dueTick > tick && status === b.status) continue;
      const outcome = b.step(tick, arrived, arrived ? store.valueOf(slot) : undefined, status);
      if (outcome === 'applied') this.updateRate.add(tick);
      else if (outcome === 'map-error' || outcome === 'apply-error')
        this.reporter.report(
          `binding:${b.config.id}`,
          outcome === 'map-error' ? 'map' : 'action',
          b.config.key,
          store.valueOf(slot),
          tick,
          b.lastError,
        );
    }
  }

  // ---------------------------------------------------------------- monitoring

  /** A snapshot of the binder's counters for the monitor (`monitor.provide('binder', ...)`). */
  metrics(): BinderMetrics {
    const firingsByTrigger: Record<string, number> = {};
    const conditionErrorsByTrigger: Record<string, number> = {};
    const suppressedByTrigger: Record<string, number> = {};
    let triggerFirings = 0;
    for (const [id, t] of this.triggerById) {
      firingsByTrigger[id] = t.primitive.firings;
      triggerFirings += t.primitive.firings;
      conditionErrorsByTrigger[id] = t.condition.errors;
      suppressedByTrigger[id] = t.primitive.suppressedFires;
    }
    const errorsByBinding: Record<string, number> = {};
    const updatesByBinding: Record<string, number> = {};
    for (const b of this.bindings) {
      errorsByBinding[b.config.id] = b.counters.errors;
      updatesByBinding[b.config.id] = b.counters.updates;
    }
    const sink = this.sink;
    return {
      tick: this.lastTick,
      bindings: this.bindings.length,
      triggers: this.triggerById.size,
      bindingUpdates: this.updateRate.count,
      bindingUpdatesPerSecond: this.updateRate.perSecond(),
      updatesByBinding,
      triggerFirings,
      firingsByTrigger,
      suppressedByTrigger,
      errorsByBinding,
      conditionErrorsByTrigger,
      pointsApplied: sink.pointsApplied,
      latePoints: sink.latePoints,
      lostPoints: sink.lostPoints,
      applyDelayMs: sink.delay.snapshot(),
      reportsSuppressed: this.reporter.suppressedTotal,
    };
  }

  // ---------------------------------------------------------------- helpers

  private checkAnimation(id: string, path: string): void {
    if (this.animation.hasAnimation && !this.animation.hasAnimation(id))
      throw new Error(`${path}: no animation ${show(id)} in the engine`);
  }

  private checkParameter(animationId: string, parameter: string, path: string): void {
    const names = this.animation.parameterNames?.(animationId);
    if (names === undefined || names.includes(parameter)) return;
    const valid = names.length === 0 ? '(none)' : names.map((n) => show(n)).join(', ');
    throw new RangeError(
      `${path}: animation ${show(animationId)} has no parameter ${show(parameter)}; valid parameters: ${valid}`,
    );
  }

  private resolveTransition(
    t: { readonly ticks: Duration; readonly easing: string } | undefined,
    path: string,
  ): ParameterTransition | undefined {
    return resolveTransition(t, this.clock.fps, path, this.hasEasing);
  }
}

function builtInEasing(name: string): boolean {
  try {
    resolveEasing(name);
    return true;
  } catch (err) {
    if (err instanceof UnknownEasingError) return false;
    throw err;
  }
}

export function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new TypeError(`DataAnimationBinder: option '${name}' must be an integer >= 1, got ${show(v)}`);
  return v;
}
