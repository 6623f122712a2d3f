import { describe, expect, it } from 'vitest';
import { compileMap, linearMap, lookupMap, MapInputError, thresholdMap } from '../../src/binding/index.js';

describe('declarative maps', () => {
  it.each([
    [0, 0],
    [50, 0.5],
    [100, 1],
    [150, 1],
    [-10, 0],
  ])('maps %d through a clamped linear range 0..100 -> 0..1 to %d', (input, out) => {
    expect(compileMap(linearMap([0, 100], [0, 1]))(input)).toBeCloseTo(out, 12);
  });

  it('extrapolates when clamp is off and handles a falling output range', () => {
    expect(compileMap(linearMap([0, 100], [0, 1], false))(150)).toBeCloseTo(1.5, 12);
    expect(compileMap(linearMap([0, 10], [100, 0]))(2)).toBeCloseTo(80, 12);
    expect(compileMap(linearMap([0, 10], [100, 0]))(20)).toBe(0);
  });

  it.each([
    [10, 'green'],
    [70, 'orange'],
    [89.9, 'orange'],
    [90, 'red'],
    [1e9, 'red'],
  ])('maps %d through thresholds to %s', (input, colour) => {
    const m = compileMap(thresholdMap('green', [70, 'orange'], [90, 'red']));
    expect(m(input)).toBe(colour);
  });

  it('looks values up in a table, with and without a fallback', () => {
    const withFallback = compileMap(lookupMap({ playing: 1, paused: 0 }, -1));
    expect(withFallback('playing')).toBe(1);
    expect(withFallback('stopped')).toBe(-1);
    const strict = compileMap(lookupMap({ playing: 1 }));
    expect(() => strict('nope')).toThrow(MapInputError);
  });

  it('never resolves a lookup through the prototype', () => {
    const m = compileMap(lookupMap({ a: 1 }, 0));
    expect(m('constructor')).toBe(0);
    expect(m('__proto__')).toBe(0);
    expect(m('toString')).toBe(0);
  });

  it('refuses non-numeric input to numeric maps with an error naming the value', () => {
    expect(() => compileMap(linearMap([0, 1], [0, 1]))('hot')).toThrow(/expected a number, got "hot"/);
  });

  it.each([
    [{ kind: 'linear', in: [0, 0], out: [0, 1] }, /map.in must be two different numbers/],
    [{ kind: 'linear', in: [0, 'x'], out: [0, 1] }, /map.in must be a pair of finite numbers/],
    [{ kind: 'thresholds', below: 0, steps: [] }, /map.steps must be a non-empty array/],
    [
      {
        kind: 'thresholds',
        below: 0,
        steps: [
          { from: 5, value: 1 },
          { from: 5, value: 2 },
        ],
      },
      /map.steps\[1\].from must be greater than steps\[0\].from, got 5/,
    ],
    [{ kind: 'lookup', table: { a: {} } }, /map.table.a must be a number, string or boolean/],
    [{ kind: 'spline' }, /map.kind must be "linear", "thresholds" or "lookup", got "spline"/],
  ])('refuses a bad declarative map at compile time (%#)', (map, message) => {
    expect(() => compileMap(map as never)).toThrow(message);
  });
});
