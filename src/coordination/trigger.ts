import { describe } from './actions.js';
import type { CoordinationEnv } from './env.js';
import type { FireCause } from './events.js';
import { checkTick, PrimitiveBase, type PrimitiveOptions } from './primitive.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * - `edge` (default): fires when the condition goes from false to true (the condition counts as
 *   false before its first evaluation, so true at the first tick fires).
 * - `level`: fires at every evaluated tick the condition is true.
 */
export type TriggerMode = 'edge' | 'level';

/**
 * - `armed`: the condition was false at its last evaluation (or was never evaluated).
 * - `held`: the condition was true at its last evaluation.
 * - `cooling`: fired less than `cooldownTicks` ago; fires are refused and counted.
 */
export type TriggerState = 'armed' | 'held' | 'cooling';

/** What a condition sees. One object per trigger, updated in place: do not keep it. */
export interface TriggerContext<TInput = unknown> {
  /** The tick given to `evaluate`. */
  readonly tick: number;
  /** The input given to `evaluate`, if any. */
  readonly input: TInput | undefined;
}

/** Options of `engine.trigger`: the condition, edge or level, cooldown and the actions it runs. */
export interface TriggerOptions<TInput = unknown> extends PrimitiveOptions {
  /**
   * Evaluated once per `evaluate(tick)` call, at that tick only (never at ticks a jump skipped, whose
   * inputs do not exist). A throw counts as false and is reported as an `action.error`. Default: none,
   * the trigger fires only through `triggerAt` or a `fire` action.
   */
  readonly condition?: (ctx: TriggerContext<TInput>) => boolean;
  /** Default `edge`. */
  readonly mode?: TriggerMode;
  /** After firing at tick T, fires before T + cooldownTicks are refused (counted). Integer >= 0. Default 0. */
  readonly cooldownTicks?: number;
}

/** A condition and actions. */
export class TriggerPrimitive<TInput = unknown> extends PrimitiveBase {
  readonly kind = 'trigger' as const;
  readonly mode: TriggerMode;
  readonly cooldownTicks: number;
  readonly #condition: ((ctx: TriggerContext<TInput>) => boolean) | undefined;
  readonly #ctx: { tick: number; input: TInput | undefined } = { tick: 0, input: undefined };
  #level: 'low' | 'high' = 'low';
  #firedAt = -1;
  #lastTick = -1;
  #firings = 0;
  #suppressed = 0;

  constructor(id: string, options: TriggerOptions<TInput>, env: CoordinationEnv) {
    const path = `trigger "${id}"`;
    super(id, options, env, path);
    if (options.condition !== undefined && typeof options.condition !== 'function') {
      throw new TypeError(`${path}.condition: expected a function, received ${describe(options.condition)}`);
    }
    this.#condition = options.condition;
    const mode = options.mode ?? 'edge';
    if (mode !== 'edge' && mode !== 'level') {
      throw new TypeError(`${path}.mode: expected 'edge' | 'level', received ${describe(mode)}`);
    }
    this.mode = mode;
    this.cooldownTicks = checkTick(options.cooldownTicks ?? 0, `${path}.cooldownTicks`);
  }

  get state(): TriggerState {
    if (this.#cooling(this.#lastTick)) return 'cooling';
    return this.#level === 'high' ? 'held' : 'armed';
  }

  /** Times it fired (ran its actions), by its condition, an action or `triggerAt`. Not in snapshots. */
  get firings(): number {
    return this.#firings;
  }

  /** Fires its cooldown refused (also counted in the engine's `suppressedFires`). Not in snapshots. */
  get suppressedFires(): number {
    return this.#suppressed;
  }

  /** The tick it last fired at, or `undefined`. */
  get firedTick(): number | undefined {
    return this.#firedAt < 0 ? undefined : this.#firedAt;
  }

  override evaluateCondition(tick: number, input: unknown): void {
    this.#lastTick = tick;
    const condition = this.#condition;
    if (condition === undefined) return;
    this.#ctx.tick = tick;
    this.#ctx.input = input as TInput | undefined;
    let value = false;
    try {
      value = condition(this.#ctx) === true;
    } catch (err) {
      this.env.reportError(this.id, tick, 'condition', err);
    }
    const rising = value && this.#level === 'low';
    this.#level = value ? 'high' : 'low';
    if (this.mode === 'edge' ? rising : value) this.env.fire(this.id, tick, 'condition');
  }

  override saveFields(): PrimitiveFields {
    return { level: this.#level, firedAt: this.#firedAt, lastTick: this.#lastTick };
  }

  override loadFields(r: FieldReader): void {
    this.#level = r.oneOf<'low' | 'high'>('level', ['low', 'high']);
    this.#firedAt = r.int('firedAt');
    this.#lastTick = r.int('lastTick');
  }

  override fire(tick: number, cause: FireCause): void {
    if (tick > this.#lastTick) this.#lastTick = tick;
    if (this.#cooling(tick)) {
      this.#suppressed++;
      this.env.countSuppressed();
      return;
    }
    this.#firedAt = tick;
    this.#firings++;
    this.env.emit({ type: 'trigger.fired', id: this.id, tick, cause });
    this.env.runActions(this.actions, tick, this.id);
  }

  #cooling(tick: number): boolean {
    return this.#firedAt >= 0 && tick < this.#firedAt + this.cooldownTicks;
  }
}
