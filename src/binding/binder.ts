/**
 * `DataAnimationBinder`: data to animation parameters (bindings) and to actions (triggers), applied at
 * tick boundaries.
 *
 * At `processTick(N)` the binder reads every point that arrived in `(timeOfTick(N-1), timeOfTick(N)]`
 * from its input, then, in this fixed order: every binding (registration order), every trigger (by
 * priority, highest first; equal priorities in registration order), then the chained firings due at
 * N. The caller runs coordination and the frame after it (see `app/pipeline.ts`). Per tick a binding
 * is evaluated at most once, on the latest value of its key that arrived for that tick; values in
 * between are not seen by bindings or triggers (the monitor counts them as points applied).
 */

import { resolveEasing, UnknownEasingError } from '../animation/index.js';
import { BindingRuntime, type BindingState } from './binding.js';
import { type Condition, type ConditionNode, compileCondition } from './conditions.js';
import { compileExpression, DEFAULT_MAX_EXPRESSION_LENGTH, ExpressionError } from './expression.js';
import { TriggerFirer } from './firing.js';
import type { BinderAnimationHost, BinderClock, TickInput } from './hosts.js';
import { type ParameterValue, show, type ValueMap } from './mapping.js';
import type { BinderMetrics } from './metrics.js';
import './monitor-section.js';
import {
  type ActionEnv,
  type BindOptions,
  type DataAnimationBinderOptions,
  type DataTriggerOptions,
  nonEmpty,
  positiveInt,
  resolveAction,
  resolveBindingConfig,
  resolveKeys,
  type TriggerKeys,
} from './options.js';
import { TickRate } from './rate.js';
import { consoleReport, ErrorReporter } from './report.js';
import { TickValues } from './tick-values.js';
import { durationToTicks } from './timing.js';
import { type DataTriggerState, type TriggerAction, TriggerRuntime } from './trigger.js';

export type { BindOptions, DataAnimationBinderOptions, DataTriggerOptions, TriggerKeys } from './options.js';

export class DataAnimationBinder {
  private readonly clock: BinderClock;
  private readonly animation: BinderAnimationHost;
  private readonly input: TickInput | undefined;
  private readonly reporter: ErrorReporter;
  private readonly maxPendingChains: number;
  private readonly maxExpressionLength: number;

  private readonly table = new TickValues();

  private readonly bindings: BindingRuntime[] = [];
  private readonly bindingById = new Map<string, BindingRuntime>();
  private readonly triggers: TriggerRuntime[] = [];
  private readonly triggerById = new Map<string, TriggerRuntime>();
  private triggerSeq = 0;
  private readonly firer: TriggerFirer;

  private lastTick = Number.NEGATIVE_INFINITY;
  private readonly updateRate: TickRate;
  private readonly actionEnv: ActionEnv;
  private readonly hasEasing: (name: string) => boolean;

  constructor(options: DataAnimationBinderOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`DataAnimationBinder: options must be an object, got ${show(options)}`);
    const { clock, animation } = options;
    if (typeof clock?.timeOfTick !== 'function' || !(clock.fps > 0))
      throw new TypeError(
        `DataAnimationBinder: option 'clock' must have fps > 0 and timeOfTick(n), got ${show(clock)}`,
      );
    if (
      typeof animation?.updateAnimationParameter !== 'function' ||
      typeof animation.startAnimationAt !== 'function'
    )
      throw new TypeError(
        `DataAnimationBinder: option 'animation' must have updateAnimationParameter and startAnimationAt, got ${show(animation)}`,
      );
    this.clock = clock;
    this.animation = animation;
    this.input = options.input;
    this.maxPendingChains = positiveInt(options.maxPendingChains ?? 1024, 'maxPendingChains');
    const maxCascadeDepth = positiveInt(options.maxCascadeDepth ?? 16, 'maxCascadeDepth');
    this.maxExpressionLength = positiveInt(
      options.maxExpressionLength ?? DEFAULT_MAX_EXPRESSION_LENGTH,
      'maxExpressionLength',
    );
    const interval = durationToTicks(
      options.errorReportInterval ?? { ms: 10_000 },
      clock.fps,
      'DataAnimationBinder: option errorReportInterval',
    );
    this.reporter = new ErrorReporter(interval, options.onError ?? consoleReport);
    this.updateRate = new TickRate(clock.fps);
    this.firer = new TriggerFirer({
      fps: clock.fps,
      animation,
      coordination: options.coordination,
      reporter: this.reporter,
      triggerById: this.triggerById,
      maxPendingChains: this.maxPendingChains,
      maxCascadeDepth,
      onTriggerFired: options.onTriggerFired,
    });
    const easings = options.easings;
    this.hasEasing = easings ? (name) => easings.has(name) : builtInEasing;
    this.actionEnv = {
      fps: clock.fps,
      coordination: options.coordination,
      checkAnimation: (id, path) => this.checkAnimation(id, path),
      hasEasing: this.hasEasing,
    };
    options.monitor?.provide('binder', () => this.metrics());
  }

  // ---------------------------------------------------------------- registration (cold path)

  /**
   * Bind the data at `key` (dotted path, `sensors.cpu.temp`) to `parameter` of animation
   * `animationId` through `map` (a function or a declarative map; default: the value itself).
   * Returns the binding id. Throws, naming the option, on a bad argument or an unknown animation.
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
    const runtime = new BindingRuntime(config, this.table.slotFor(key), this.animation);
    this.bindings.push(runtime);
    this.bindingById.set(id, runtime);
    return id;
  }

  /**
   * Fire `actions` when `condition` holds over the data at `keys`. The condition is a function, a
   * builder (`above`, `crosses`, `sustained`, ...) or a CEL expression string over the keys, compiled
   * and validated here: a syntax error or an unknown key throws `ExpressionError` with its position.
   * Returns the trigger id.
   *
   * Sampling: the condition is evaluated once per tick on the latest value of each key at the tick
   * boundary (its previous value is the one of the last evaluation). A spike that arrived between two
   * boundaries and was overwritten within the tick is not seen by `above`, `crosses` or any other
   * condition. To catch spikes, read the ring buffer's history from a function condition, e.g.
   * `() => buffer.stats('cpu', 8).max > 90` (`stats`/`window` over at least as many points as one tick
   * holds), or raise the fps so that a tick is shorter than the shortest spike to catch.
   */
  addDataTrigger(
    keys: TriggerKeys,
    condition: Condition,
    actions: TriggerAction | readonly TriggerAction[],
    options: DataTriggerOptions = {},
  ): string {
    const where = 'addDataTrigger';
    const { names, paths } = resolveKeys(keys, where);
    const id = options.id ?? `trigger-${this.triggerSeq}`;
    nonEmpty(id, `${where}: options.id`);
    if (this.triggerById.has(id)) throw new Error(`${where}: a trigger with id ${show(id)} exists already`);
    const mode = options.mode ?? 'edge';
    if (mode !== 'edge' && mode !== 'level')
      throw new TypeError(`${where}: options.mode must be "edge" or "level", got ${show(mode)}`);
    const priority = options.priority ?? 0;
    if (typeof priority !== 'number' || !Number.isFinite(priority))
      throw new TypeError(`${where}: options.priority must be a finite number, got ${show(priority)}`);
    const fps = this.clock.fps;
    const cooldown = durationToTicks(options.cooldown ?? 0, fps, `${where}: options.cooldown`);
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
    const resolved = list.map((a, i) => resolveAction(a, `${where}: actions[${i}]`, this.actionEnv));
    const runtime = new TriggerRuntime(
      id,
      names,
      paths.map((p) => this.table.slotFor(p)),
      node,
      resolved,
      mode,
      cooldown,
      priority,
      this.triggerSeq++,
    );
    this.triggers.push(runtime);
    this.triggers.sort((a, b) => b.priority - a.priority || a.order - b.order);
    this.triggerById.set(id, runtime);
    return id;
  }

  /** Remove a binding; returns whether it existed. Its key slot stays (slots are few and cheap). */
  removeBinding(id: string): boolean {
    const b = this.bindingById.get(id);
    if (!b) return false;
    this.bindingById.delete(id);
    this.bindings.splice(this.bindings.indexOf(b), 1);
    return true;
  }

  /** Remove a trigger; chained firings aimed at it become errors when due. */
  removeTrigger(id: string): boolean {
    const t = this.triggerById.get(id);
    if (!t) return false;
    this.triggerById.delete(id);
    this.triggers.splice(this.triggers.indexOf(t), 1);
    return true;
  }

  /** `no-data`, `live` or `stale`; throws for an unknown id. */
  bindingState(id: string): BindingState {
    const b = this.bindingById.get(id);
    if (!b) throw new Error(`bindingState: no binding ${show(id)}`);
    return b.stateValue;
  }

  /** The value a binding last wrote (undefined before its first update). */
  bindingValue(id: string): ParameterValue | undefined {
    const b = this.bindingById.get(id);
    if (!b) throw new Error(`bindingValue: no binding ${show(id)}`);
    return b.lastValue;
  }

  /** `waiting`, `idle` or `active`; throws for an unknown id. */
  triggerState(id: string): DataTriggerState {
    const t = this.triggerById.get(id);
    if (!t) throw new Error(`triggerState: no trigger ${show(id)}`);
    return t.stateValue;
  }

  // ---------------------------------------------------------------- the tick (hot path)

  /**
   * Apply the data that arrived up to `timeOfTick(tick)`, then run bindings, triggers and due chains.
   * Ticks must increase (a jump is fine). `nowMs`, when given, is the time the tick is processed at
   * (same scale as arrivals), used only for the arrival-to-apply delay histogram; default: the
   * tick's due time.
   */
  processTick(tick: number, nowMs?: number): void {
    if (!Number.isInteger(tick) || tick <= this.lastTick)
      throw new RangeError(
        `processTick: tick must be an integer > ${this.lastTick} (the last one), got ${tick}`,
      );
    this.lastTick = tick;
    const boundary = this.clock.timeOfTick(tick);
    this.table.begin(tick, nowMs ?? boundary);
    this.updateRate.advance(tick);
    this.firer.rate.advance(tick);
    if (this.input) this.input.deliverUntil(boundary, this.table);
    this.table.end(boundary);

    const slotTick = this.table.ticks;
    const slotValues = this.table.values;
    for (const b of this.bindings) {
      const fresh = slotTick[b.slot] === tick;
      if (!fresh && b.dueTick > tick && b.config.staleAfterTicks === 0) continue;
      const outcome = b.step(tick, fresh, fresh ? slotValues[b.slot] : undefined);
      if (outcome === 'applied') this.updateRate.add(tick);
      else if (outcome === 'map-error' || outcome === 'apply-error')
        this.reporter.report(
          `binding:${b.config.id}`,
          outcome === 'map-error' ? 'map' : 'action',
          b.config.key,
          slotValues[b.slot],
          tick,
          b.lastError,
        );
    }

    for (const t of this.triggers) this.evaluateTrigger(t, tick);
    this.firer.runChains(tick);
  }

  private evaluateTrigger(t: TriggerRuntime, tick: number): void {
    const slots = t.slots;
    const names = t.names;
    const ctx = t.ctx;
    if (t.stateValue === 'waiting') {
      for (const s of slots) if (!this.table.hasValue(s)) return;
    }
    for (let i = 0; i < slots.length; i++)
      ctx.values[names[i] as string] = this.table.values[slots[i] as number];
    ctx.tick = tick;
    ctx.value = ctx.values[names[0] as string];
    let result: boolean;
    try {
      result = t.node.test(ctx);
    } catch (err) {
      t.counters.errors++;
      this.reporter.report(`trigger:${t.id}`, 'condition', t.keyLabel, ctx.value, tick, err);
      result = t.stateValue === 'active';
    }
    for (let i = 0; i < names.length; i++) {
      const n = names[i] as string;
      ctx.previous[n] = ctx.values[n];
    }
    if (t.decide(tick, result)) this.firer.fire(t, tick, 0);
  }

  // ---------------------------------------------------------------- monitoring

  /** A snapshot of the binder's counters for the monitor (`monitor.provide('binder', ...)`). */
  metrics(): BinderMetrics {
    const firingsByTrigger: Record<string, number> = {};
    const errorsByTrigger: Record<string, number> = {};
    const suppressedByTrigger: Record<string, number> = {};
    for (const t of this.triggers) {
      firingsByTrigger[t.id] = t.counters.firings;
      errorsByTrigger[t.id] = t.counters.errors;
      suppressedByTrigger[t.id] = t.counters.suppressedByCooldown;
    }
    const errorsByBinding: Record<string, number> = {};
    const updatesByBinding: Record<string, number> = {};
    for (const b of this.bindings) {
      errorsByBinding[b.config.id] = b.counters.errors;
      updatesByBinding[b.config.id] = b.counters.updates;
    }
    return {
      tick: this.lastTick,
      bindings: this.bindings.length,
      triggers: this.triggers.length,
      bindingUpdates: this.updateRate.count,
      bindingUpdatesPerSecond: this.updateRate.perSecond(),
      updatesByBinding,
      triggerFirings: this.firer.rate.count,
      triggerFiringsPerSecond: this.firer.rate.perSecond(),
      firingsByTrigger,
      suppressedByTrigger,
      errorsByBinding,
      errorsByTrigger,
      pointsApplied: this.table.pointsApplied,
      latePoints: this.table.latePoints,
      lostPoints: this.table.lostPoints,
      applyDelayMs: this.table.delay.snapshot(),
      pendingChains: this.firer.chains.size,
      maxPendingChains: this.maxPendingChains,
      chainOverflow: this.firer.counters.chainOverflow,
      cascadeErrors: this.firer.counters.cascadeErrors,
      chainCycles: this.firer.counters.chainCycles,
      errorReportsSuppressed: this.reporter.suppressedTotal,
    };
  }

  // ---------------------------------------------------------------- helpers

  private checkAnimation(id: string, path: string): void {
    if (this.animation.hasAnimation && !this.animation.hasAnimation(id))
      throw new Error(`${path}: no animation ${show(id)} in the engine`);
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
