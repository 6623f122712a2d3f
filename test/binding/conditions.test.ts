import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../src/binding/conditions.js';
import {
  above,
  allOf,
  anyOf,
  below,
  type Condition,
  changed,
  compileExpression,
  crosses,
  type DataTriggerContext,
  hysteresis,
  inRange,
  not,
  outside,
  rateOfChange,
  sustained,
} from '../../src/binding/index.js';

/** Run a condition over a series of tick values of key `v` (one evaluation per tick). */
function run(condition: Condition, series: readonly number[], keys: readonly string[] = ['v']): boolean[] {
  const node = compileCondition(condition, keys, (src) => compileExpression(src, keys));
  const values: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const out: boolean[] = [];
  series.forEach((x, tick) => {
    values.v = x;
    const ctx: DataTriggerContext = { tick, value: x, values, previous };
    out.push(node.test(ctx));
    previous.v = x;
  });
  return out;
}

const T = true;
const F = false;

describe('condition builders', () => {
  it.each<[string, Condition, number[], boolean[]]>([
    ['above', above(80), [79, 80, 81], [F, F, T]],
    ['below', below(10), [9, 10, 11], [T, F, F]],
    ['inRange', inRange(10, 20), [9, 10, 20, 21], [F, T, T, F]],
    ['outside', outside(10, 20), [9, 10, 20, 21], [T, F, F, T]],
    ['crosses up', crosses(50, 'up'), [40, 50, 60, 40, 60], [F, F, T, F, T]],
    ['crosses down', crosses(50, 'down'), [60, 40, 60, 50, 40], [F, T, F, F, T]],
    ['crosses either', crosses(50, 'either'), [60, 40, 60], [F, T, T]],
    ['changed', changed(), [1, 1, 2, 2, 3], [F, F, T, F, T]],
    ['hysteresis rising', hysteresis(80, 70), [75, 81, 75, 71, 70, 75, 80], [F, T, T, T, F, F, T]],
    ['hysteresis falling', hysteresis(20, 30), [25, 19, 25, 30, 25], [F, T, T, F, F]],
    ['rateOfChange up', rateOfChange(5), [0, 4, 10, 12], [F, F, T, F]],
    ['rateOfChange down', rateOfChange(5, 'down'), [10, 4, 3], [F, T, F]],
    ['sustained', sustained(above(80), 3), [90, 90, 90, 90, 10, 90, 90, 90], [F, F, T, T, F, F, F, T]],
    ['allOf', allOf(above(10), below(20)), [5, 15, 25], [F, T, F]],
    ['anyOf', anyOf(below(10), above(20)), [5, 15, 25], [T, F, T]],
    ['not', not(above(10)), [5, 15], [T, F]],
    ['a function', (ctx: DataTriggerContext) => (ctx.value as number) % 2 === 0, [1, 2, 3], [F, T, F]],
    ['an expression', 'v > 2.5 && v < 4', [2, 3, 4], [F, T, F]],
  ])('%s gives the expected truth table', (_name, condition, series, expected) => {
    expect(run(condition, series)).toEqual(expected);
  });

  it('keeps stateful children up to date inside allOf even when a sibling is false', () => {
    // hysteresis must latch at 81 although the other child is false then.
    const c = allOf(hysteresis(80, 70), (ctx: DataTriggerContext) => ctx.tick >= 2);
    expect(run(c, [81, 75, 75])).toEqual([F, F, T]);
  });

  it.each<[Condition, RegExp]>([
    [above(Number.NaN), /threshold must be a finite number, got NaN/],
    [inRange(5, 1), /min must be <= max \(1\), got 5/],
    [crosses(1, 'sideways' as never), /direction must be "up", "down" or "either", got "sideways"/],
    [hysteresis(5, 5), /on and off must differ/],
    [sustained(above(1), 0), /ticks must be a positive integer \(ticks\), got 0/],
    [above(1, 'mem'), /key must be one of the trigger's keys \["v"\], got "mem"/],
    [allOf(), /conditions must be a non-empty list/],
    [{ kind: 'nope' } as never, /kind is not a known condition, got "nope"/],
  ])('refuses a bad condition at compile time with the option named (%#)', (c, message) => {
    expect(() => run(c, [])).toThrow(message);
  });

  it('throws on a non-numeric value so the binder can count it', () => {
    const node = compileCondition(above(1), ['v'], (s) => compileExpression(s, ['v']));
    expect(() => node.test({ tick: 0, value: 'x', values: { v: 'x' }, previous: {} })).toThrow(
      /above: expected a number, got "x"/,
    );
  });
});
