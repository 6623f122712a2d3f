/**
 * Trigger conditions as data: small builders (`above(80)`, `crosses(50, 'up')`, `sustained(c, 30)`)
 * that describe a test, compiled per trigger into a node that may keep state (hysteresis latch,
 * sustained counter). Conditions are evaluated once per tick on the tick values of the trigger's keys
 * (the latest value of each key that arrived up to that tick); `changed`, `crosses` and `rateOfChange`
 * compare the value at this evaluation with the value at the previous evaluation, so they see the
 * transitions between tick values, not every point in between.
 */
import { MapInputError, show } from './mapping.js';

/** What a condition sees at one evaluation. One object per trigger, refilled in place every tick. */
export interface DataTriggerContext {
  /** The tick being evaluated. */
  readonly tick: number;
  /** The value of the trigger's first key. */
  readonly value: unknown;
  /** Tick values by key (variable name for aliased keys). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Values at the previous evaluation (missing before the first one). */
  readonly previous: Readonly<Record<string, unknown>>;
}

/** A user condition. It may throw: the binder counts and reports it, and goes on. */
export type ConditionFunction = (ctx: DataTriggerContext) => boolean;

/** Which crossings count: upward, downward or either. */
export type CrossDirection = 'up' | 'down' | 'either';

/** A declarative condition. `key` picks one of the trigger's keys; default: its first key. */
export type ConditionSpec =
  | { readonly kind: 'above'; readonly threshold: number; readonly key?: string }
  | { readonly kind: 'below'; readonly threshold: number; readonly key?: string }
  | {
      readonly kind: 'crosses';
      readonly threshold: number;
      readonly direction: CrossDirection;
      readonly key?: string;
    }
  | { readonly kind: 'inRange'; readonly min: number; readonly max: number; readonly key?: string }
  | { readonly kind: 'outside'; readonly min: number; readonly max: number; readonly key?: string }
  | { readonly kind: 'changed'; readonly key?: string }
  | { readonly kind: 'hysteresis'; readonly on: number; readonly off: number; readonly key?: string }
  | {
      readonly kind: 'rateOfChange';
      /** Units of the value per tick. */
      readonly perTick: number;
      readonly direction: CrossDirection;
      readonly key?: string;
    }
  | { readonly kind: 'sustained'; readonly condition: Condition; readonly ticks: number }
  | { readonly kind: 'allOf'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'anyOf'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition };

/** A function, a builder's spec, or a CEL expression string (compiled by the binder). */
export type Condition = ConditionFunction | ConditionSpec | string;

/** `value > threshold`. */
export function above(threshold: number, key?: string): ConditionSpec {
  return withKey({ kind: 'above', threshold }, key);
}
/** `value < threshold`. */
export function below(threshold: number, key?: string): ConditionSpec {
  return withKey({ kind: 'below', threshold }, key);
}
/**
 * True at the evaluation where the value crossed `threshold`: `up` is previous <= threshold < value,
 * `down` is previous >= threshold > value.
 */
export function crosses(threshold: number, direction: CrossDirection = 'up', key?: string): ConditionSpec {
  return withKey({ kind: 'crosses', threshold, direction }, key);
}
/** `min <= value <= max`. */
export function inRange(min: number, max: number, key?: string): ConditionSpec {
  return withKey({ kind: 'inRange', min, max }, key);
}
/** `value < min || value > max`. */
export function outside(min: number, max: number, key?: string): ConditionSpec {
  return withKey({ kind: 'outside', min, max }, key);
}
/** The tick value differs from the previous evaluation's (the first value is not a change). */
export function changed(key?: string): ConditionSpec {
  return withKey({ kind: 'changed' }, key);
}
/**
 * A latch: turns on when the value reaches `on`, off when it reaches `off`. With `on > off` it
 * watches a rise (`hysteresis(80, 70)`: on at >= 80, off at <= 70); with `on < off`, a fall.
 */
export function hysteresis(on: number, off: number, key?: string): ConditionSpec {
  return withKey({ kind: 'hysteresis', on, off }, key);
}
/**
 * The change since the previous evaluation, divided by the ticks between them, is at least
 * `perTick` (`up`), at most `-perTick` (`down`), or either.
 */
export function rateOfChange(perTick: number, direction: CrossDirection = 'up', key?: string): ConditionSpec {
  return withKey({ kind: 'rateOfChange', perTick, direction }, key);
}
/**
 * `condition` has held at every tick for at least `ticks` consecutive ticks (the current one included):
 * `sustained(above(80), 3)` is true at the third tick in a row above 80.
 */
export function sustained(condition: Condition, ticks: number): ConditionSpec {
  return { kind: 'sustained', condition, ticks };
}
/** True when every one of `conditions` holds: `allOf(above(80), sustained(above(80), 3))`. */
export function allOf(...conditions: Condition[]): ConditionSpec {
  return { kind: 'allOf', conditions };
}
/** True when at least one of `conditions` holds. */
export function anyOf(...conditions: Condition[]): ConditionSpec {
  return { kind: 'anyOf', conditions };
}
/** True when `condition` does not hold. */
export function not(condition: Condition): ConditionSpec {
  return { kind: 'not', condition };
}

function withKey<T extends object>(spec: T, key: string | undefined): T & { key?: string } {
  return key === undefined ? spec : { ...spec, key };
}

/** A compiled condition for one trigger. `test` may throw; state lives in the node. */
export interface ConditionNode {
  test(ctx: DataTriggerContext): boolean;
}

/** How the compiler turns an expression string into a node (given by the binder; see expression.ts). */
export type ExpressionCompiler = (source: string, path: string) => ConditionNode;

function num(value: unknown, kind: string): number {
  if (typeof value === 'number') return value;
  throw new MapInputError(`${kind}: expected a number, got ${show(value)}`, value);
}

function finite(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new TypeError(`${path} must be a finite number, got ${show(v)}`);
  return v;
}

/** Leaf nodes read one key's value from the trigger context. */
abstract class LeafNode implements ConditionNode {
  constructor(readonly key: string) {}
  abstract test(ctx: DataTriggerContext): boolean;
}

class AboveNode extends LeafNode {
  constructor(
    key: string,
    readonly threshold: number,
    readonly sign: 1 | -1,
  ) {
    super(key);
  }
  test(ctx: DataTriggerContext): boolean {
    const v = num(ctx.values[this.key], this.sign === 1 ? 'above' : 'below');
    return this.sign === 1 ? v > this.threshold : v < this.threshold;
  }
}

class RangeNode extends LeafNode {
  constructor(
    key: string,
    readonly min: number,
    readonly max: number,
    readonly inside: boolean,
  ) {
    super(key);
  }
  test(ctx: DataTriggerContext): boolean {
    const v = num(ctx.values[this.key], this.inside ? 'inRange' : 'outside');
    const within = v >= this.min && v <= this.max;
    return this.inside ? within : !within && !Number.isNaN(v);
  }
}

class CrossesNode extends LeafNode {
  constructor(
    key: string,
    readonly threshold: number,
    readonly direction: CrossDirection,
  ) {
    super(key);
  }
  test(ctx: DataTriggerContext): boolean {
    if (!(this.key in ctx.previous)) return false;
    const prev = num(ctx.previous[this.key], 'crosses');
    const cur = num(ctx.values[this.key], 'crosses');
    const t = this.threshold;
    const up = prev <= t && cur > t;
    const down = prev >= t && cur < t;
    return this.direction === 'up' ? up : this.direction === 'down' ? down : up || down;
  }
}

class ChangedNode extends LeafNode {
  test(ctx: DataTriggerContext): boolean {
    if (!(this.key in ctx.previous)) return false;
    return !Object.is(ctx.previous[this.key], ctx.values[this.key]);
  }
}

class HysteresisNode extends LeafNode {
  private state: 'off' | 'on' = 'off';
  constructor(
    key: string,
    readonly on: number,
    readonly off: number,
  ) {
    super(key);
  }
  test(ctx: DataTriggerContext): boolean {
    const v = num(ctx.values[this.key], 'hysteresis');
    const rising = this.on > this.off;
    if (this.state === 'off') {
      if (rising ? v >= this.on : v <= this.on) this.state = 'on';
    } else if (rising ? v <= this.off : v >= this.off) {
      this.state = 'off';
    }
    return this.state === 'on';
  }
}

class RateNode extends LeafNode {
  private lastTick = Number.NaN;
  constructor(
    key: string,
    readonly perTick: number,
    readonly direction: CrossDirection,
  ) {
    super(key);
  }
  test(ctx: DataTriggerContext): boolean {
    const prevTick = this.lastTick;
    this.lastTick = ctx.tick;
    if (!(this.key in ctx.previous) || Number.isNaN(prevTick) || ctx.tick <= prevTick) return false;
    const rate =
      (num(ctx.values[this.key], 'rateOfChange') - num(ctx.previous[this.key], 'rateOfChange')) /
      (ctx.tick - prevTick);
    if (this.direction === 'up') return rate >= this.perTick;
    if (this.direction === 'down') return rate <= -this.perTick;
    return Math.abs(rate) >= this.perTick;
  }
}

class SustainedNode implements ConditionNode {
  /** First tick of the current run of true evaluations; NaN when the inner condition is false. */
  private since = Number.NaN;
  constructor(
    readonly inner: ConditionNode,
    readonly ticks: number,
  ) {}
  test(ctx: DataTriggerContext): boolean {
    if (!this.inner.test(ctx)) {
      this.since = Number.NaN;
      return false;
    }
    if (Number.isNaN(this.since)) this.since = ctx.tick;
    // Held at ticks since..tick inclusive: that is tick - since + 1 ticks.
    return ctx.tick - this.since + 1 >= this.ticks;
  }
}

class AllNode implements ConditionNode {
  constructor(readonly nodes: readonly ConditionNode[]) {}
  test(ctx: DataTriggerContext): boolean {
    // Every child runs, even after a false one: stateful children (hysteresis, sustained) must see
    // every tick, or their state would depend on their siblings.
    let all = true;
    for (const n of this.nodes) if (!n.test(ctx)) all = false;
    return all;
  }
}

class AnyNode implements ConditionNode {
  constructor(readonly nodes: readonly ConditionNode[]) {}
  test(ctx: DataTriggerContext): boolean {
    let any = false;
    for (const n of this.nodes) if (n.test(ctx)) any = true;
    return any;
  }
}

class NotNode implements ConditionNode {
  constructor(readonly inner: ConditionNode) {}
  test(ctx: DataTriggerContext): boolean {
    return !this.inner.test(ctx);
  }
}

class FunctionNode implements ConditionNode {
  constructor(readonly fn: ConditionFunction) {}
  test(ctx: DataTriggerContext): boolean {
    const r: unknown = this.fn(ctx);
    if (typeof r !== 'boolean')
      throw new MapInputError(`condition function returned ${show(r)}, not a boolean`, r);
    return r;
  }
}

const DIRECTIONS: readonly string[] = ['up', 'down', 'either'];

/**
 * Validate and compile a condition for a trigger whose variables are `keys` (first = default key).
 * Errors name `path` and the bad value.
 */
export function compileCondition(
  condition: Condition,
  keys: readonly string[],
  compileExpression: ExpressionCompiler,
  path = 'condition',
): ConditionNode {
  if (typeof condition === 'function') return new FunctionNode(condition);
  if (typeof condition === 'string') return compileExpression(condition, path);
  if (typeof condition !== 'object' || condition === null)
    throw new TypeError(
      `${path} must be a function, a condition builder or an expression string, got ${show(condition)}`,
    );
  const keyOf = (k: string | undefined): string => {
    if (k === undefined) {
      const first = keys[0];
      if (first === undefined) throw new TypeError(`${path}: the trigger has no key`);
      return first;
    }
    if (!keys.includes(k))
      throw new TypeError(`${path}.key must be one of the trigger's keys ${show(keys)}, got ${show(k)}`);
    return k;
  };
  const dir = (d: unknown): CrossDirection => {
    if (typeof d !== 'string' || !DIRECTIONS.includes(d))
      throw new TypeError(`${path}.direction must be "up", "down" or "either", got ${show(d)}`);
    return d as CrossDirection;
  };
  const children = (list: unknown, what: string): ConditionNode[] => {
    if (!Array.isArray(list) || list.length === 0)
      throw new TypeError(`${path}.${what} must be a non-empty list of conditions, got ${show(list)}`);
    return list.map((c: Condition, i) =>
      compileCondition(c, keys, compileExpression, `${path}.${what}[${i}]`),
    );
  };
  switch (condition.kind) {
    case 'above':
    case 'below':
      return new AboveNode(
        keyOf(condition.key),
        finite(`${path}.threshold`, condition.threshold),
        condition.kind === 'above' ? 1 : -1,
      );
    case 'crosses':
      return new CrossesNode(
        keyOf(condition.key),
        finite(`${path}.threshold`, condition.threshold),
        dir(condition.direction),
      );
    case 'inRange':
    case 'outside': {
      const min = finite(`${path}.min`, condition.min);
      const max = finite(`${path}.max`, condition.max);
      if (min > max) throw new TypeError(`${path}.min must be <= max (${max}), got ${min}`);
      return new RangeNode(keyOf(condition.key), min, max, condition.kind === 'inRange');
    }
    case 'changed':
      return new ChangedNode(keyOf(condition.key));
    case 'hysteresis': {
      const on = finite(`${path}.on`, condition.on);
      const off = finite(`${path}.off`, condition.off);
      if (on === off) throw new TypeError(`${path}: on and off must differ, got ${on} for both`);
      return new HysteresisNode(keyOf(condition.key), on, off);
    }
    case 'rateOfChange': {
      const perTick = finite(`${path}.perTick`, condition.perTick);
      if (perTick < 0) throw new TypeError(`${path}.perTick must be >= 0, got ${perTick}`);
      return new RateNode(keyOf(condition.key), perTick, dir(condition.direction));
    }
    case 'sustained': {
      const t = condition.ticks;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 1)
        throw new TypeError(`${path}.ticks must be a positive integer (ticks), got ${show(t)}`);
      return new SustainedNode(
        compileCondition(condition.condition, keys, compileExpression, `${path}.condition`),
        t,
      );
    }
    case 'allOf':
      return new AllNode(children(condition.conditions, 'conditions'));
    case 'anyOf':
      return new AnyNode(children(condition.conditions, 'conditions'));
    case 'not':
      return new NotNode(compileCondition(condition.condition, keys, compileExpression, `${path}.condition`));
    default:
      throw new TypeError(
        `${path}.kind is not a known condition, got ${show((condition as { kind?: unknown }).kind)}`,
      );
  }
}
