import { describe, expect, it } from 'vitest';
import {
  backIn,
  backOut,
  bounceOut,
  circIn,
  cubicBezier,
  cubicOut,
  EasingRegistry,
  easingNames,
  elasticIn,
  elasticOut,
  expoIn,
  linear,
  polyIn,
  quadIn,
  quintInOut,
  resolveEasing,
  sineIn,
  steps,
  UnknownEasingError,
} from '../../src/animation/index.js';

const families = ['quad', 'cubic', 'quart', 'quint', 'sine', 'expo', 'circ', 'back', 'elastic', 'bounce'];
const grid = Array.from({ length: 101 }, (_, i) => i / 100);

describe('built-in easings', () => {
  it.each([
    ['quadIn', 0.5, 0.25],
    ['quadOut', 0.5, 0.75],
    ['cubicIn', 0.5, 0.125],
    ['cubicOut', 0.5, 0.875],
    ['cubicInOut', 0.25, 0.0625],
    ['quartIn', 0.5, 0.0625],
    ['quintInOut', 0.25, 0.015625],
    ['sineIn', 0.5, 1 - Math.SQRT1_2],
    ['sineOut', 0.5, Math.SQRT1_2],
    ['sineInOut', 0.5, 0.5],
    ['expoIn', 0.5, 0.030303030303030304],
    ['circIn', 0.5, 1 - Math.sqrt(0.75)],
    ['backIn', 0.5, 0.25 * (1.70158 * -0.5 + 0.5)],
    ['bounceOut', 0.5, 0.765625],
    ['bounceIn', 0.5, 0.234375],
    ['linear', 0.3, 0.3],
  ])('%s(%f) matches the reference value', (name, t, expected) => {
    expect(resolveEasing(name)(t)).toBeCloseTo(expected, 12);
  });

  it.each(families.flatMap((f) => [`${f}In`, `${f}Out`, `${f}InOut`]))(
    '%s starts at exactly 0 and ends at exactly 1',
    (name) => {
      const f = resolveEasing(name);
      expect(Math.abs(f(0))).toBeLessThan(1e-12);
      expect(f(1)).toBeCloseTo(1, 12);
    },
  );

  it.each(families)('%sOut(t) = 1 - %sIn(1 - t)', (family) => {
    const fin = resolveEasing(`${family}In`);
    const fout = resolveEasing(`${family}Out`);
    for (const t of grid) expect(fout(t)).toBeCloseTo(1 - fin(1 - t), 10);
  });

  it.each(families)('%sInOut is symmetric: f(t) = 1 - f(1 - t), and f(0.5) = 0.5', (family) => {
    const f = resolveEasing(`${family}InOut`);
    expect(f(0.5)).toBeCloseTo(0.5, 10);
    for (const t of grid) expect(f(t)).toBeCloseTo(1 - f(1 - t), 10);
  });

  it('back and elastic overshoot; the others stay in [0, 1]', () => {
    expect(Math.min(...grid.map(backIn))).toBeLessThan(-0.09);
    expect(Math.max(...grid.map(backOut))).toBeGreaterThan(1.09);
    expect(Math.max(...grid.map(elasticOut))).toBeGreaterThan(1.1);
    expect(Math.min(...grid.map(elasticIn))).toBeLessThan(-0.1);
    for (const name of ['quadInOut', 'sineOut', 'expoInOut', 'circOut', 'bounceInOut']) {
      const f = resolveEasing(name);
      for (const t of grid) {
        expect(f(t)).toBeGreaterThanOrEqual(-1e-12);
        expect(f(t)).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it('offers variants as new functions: backOut.overshoot(s), polyIn.exponent(e), elastic amplitude and period', () => {
    expect(backIn.overshoot(0)(0.5)).toBeCloseTo(0.125, 12); // no overshoot: cubic
    expect(backIn(0.5)).toBeCloseTo(0.25 * (1.70158 * -0.5 + 0.5), 12); // original unchanged
    expect(polyIn.exponent(2)(0.5)).toBe(quadIn(0.5));
    expect(elasticOut.period(0.6)(0.3)).not.toBeCloseTo(elasticOut(0.3), 3);
    expect(elasticOut.amplitude(2)(1)).toBeCloseTo(1, 12);
    expect(() => backOut.overshoot(-1)).toThrow(/overshoot must be >= 0, received -1/);
  });

  it('functions are the same object whether imported or resolved by name', () => {
    expect(resolveEasing('cubicOut')).toBe(cubicOut);
    expect(resolveEasing('quintInOut')).toBe(quintInOut);
    expect(resolveEasing('sineIn')).toBe(sineIn);
    expect(resolveEasing('expoIn')).toBe(expoIn);
    expect(resolveEasing('circIn')).toBe(circIn);
    expect(resolveEasing('bounceOut')).toBe(bounceOut);
    expect(resolveEasing('linear')).toBe(linear);
  });
});

describe('steps(n)', () => {
  it.each([
    [4, 0, 0],
    [4, 0.24, 0],
    [4, 0.25, 0.25],
    [4, 0.6, 0.5],
    [4, 0.99, 0.75],
    [4, 1, 1],
    [1, 0.5, 0],
  ])('steps(%i)(%f) = %f', (n, t, expected) => {
    expect(steps(n)(t)).toBe(expected);
    expect(resolveEasing(`steps(${n})`)(t)).toBe(expected);
  });

  it('rejects a step count that is not a whole number >= 1', () => {
    expect(() => steps(0)).toThrow(/n must be a whole number >= 1, received 0/);
    expect(() => steps(2.5)).toThrow(/received 2.5/);
  });
});

describe('cubic-bezier(x1,y1,x2,y2)', () => {
  it('matches the CSS keyword curves', () => {
    expect(resolveEasing('ease')(0.5)).toBeCloseTo(0.8024033877, 5);
    expect(resolveEasing('ease-in-out')(0.5)).toBeCloseTo(0.5, 6);
    expect(resolveEasing('cubic-bezier(0.42, 0, 1, 1)')(0.25)).toBeCloseTo(
      resolveEasing('ease-in')(0.25),
      12,
    );
  });

  it('is the identity for control points on the diagonal', () => {
    const f = cubicBezier(0.25, 0.25, 0.75, 0.75);
    for (const t of grid) expect(f(t)).toBeCloseTo(t, 6);
  });

  it('ends exactly at 0 and 1 and allows y overshoot', () => {
    const f = resolveEasing('cubic-bezier(0.3,-0.5,0.7,1.5)');
    expect(f(0)).toBe(0);
    expect(f(1)).toBe(1);
    expect(Math.min(...grid.map(f))).toBeLessThan(0);
    expect(Math.max(...grid.map(f))).toBeGreaterThan(1);
  });

  it('rejects x control points outside [0, 1]', () => {
    expect(() => cubicBezier(1.2, 0, 0.5, 1)).toThrow(/x1 and x2 must be in \[0, 1\], received x1=1.2/);
  });
});

describe('EasingRegistry', () => {
  it('throws for an unknown name with a message listing the valid names', () => {
    const err = (() => {
      try {
        resolveEasing('quadratic');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownEasingError);
    const message = (err as Error).message;
    expect(message).toMatch(/^unknown easing 'quadratic'; valid names: linear, quadIn, quadOut/);
    expect(message).toContain('bounceInOut');
    expect(message).toContain('steps(n)');
    expect(message).toContain('cubic-bezier(x1,y1,x2,y2)');
    expect((err as UnknownEasingError).validNames).toEqual(easingNames());
  });

  it('takes custom easings by name and lists them among the valid names', () => {
    const reg = new EasingRegistry().register('snap', (t) => (t < 0.5 ? 0 : 1));
    expect(reg.resolve('snap')(0.7)).toBe(1);
    expect(reg.has('snap')).toBe(true);
    expect(reg.names().at(-1)).toBe('snap');
    expect(() => reg.register('quadIn', (t) => t)).toThrow(/'quadIn' is a built-in easing/);
    expect(() => reg.register('bad name', (t) => t)).toThrow(/name must match/);
  });

  it('returns a custom function given inline as is', () => {
    const f = (t: number) => t * t * t;
    expect(resolveEasing(f)).toBe(f);
  });

  it('lists every family in In, Out and InOut forms', () => {
    const names = easingNames();
    for (const f of families) for (const k of ['In', 'Out', 'InOut']) expect(names).toContain(`${f}${k}`);
  });
});
