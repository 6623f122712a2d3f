import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detMath } from '../../src/index.js';
import {
  acosRef,
  asinRef,
  atan2Ref,
  atanRef,
  cosRef,
  expm1Ref,
  expRef,
  fixed,
  log1pRef,
  logRef,
  ONE,
  powRef,
  sinRef,
  tanRef,
  ulpError,
} from './reference.js';

/** Seeded samples: the same inputs on every run and every platform. */
function sample(arb: fc.Arbitrary<number>, n: number, seed: number): number[] {
  return fc.sample(arb, { numRuns: n, seed });
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** Any finite double: random bit patterns, so every exponent (subnormals too) is equally likely. */
const anyFinite = finite(-Number.MAX_VALUE, Number.MAX_VALUE);

const SUBNORMALS = [5e-324, -5e-324, 1e-310, 2.225073858507201e-308, 2.2250738585072014e-308];
/** Doubles whose sine is hardest to get right: the closest of all doubles to a multiple of pi/2, and friends. */
const HARD_TRIG = [
  6381956970095103 * 2 ** 797,
  5.319372648326541e255,
  Math.PI / 2,
  Math.PI,
  4.71238898038469,
  2 * Math.PI,
  2 ** 20 * (Math.PI / 2),
  1647099.3291652855, // just below the Cody-Waite limit
  1647099.329165286,
  2 ** 52 - 1,
  2 ** 60,
  1e22,
  Number.MAX_VALUE,
  0.7853981633974483,
  0.6744,
  0.67434,
];

/** Largest error of `fn` against `ref` over `inputs`, with the worst input (for the failure message). */
function worst(
  inputs: readonly number[],
  fn: (x: number) => number,
  ref: (x: bigint) => bigint,
): { error: number; at: number } {
  let error = 0;
  let at = Number.NaN;
  for (const x of inputs) {
    const e = ulpError(fn(x), ref(fixed(x)));
    if (e > error || Number.isNaN(e)) {
      error = e;
      at = x;
    }
  }
  return { error, at };
}

const unary: {
  name: 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'exp' | 'expm1' | 'log' | 'log1p';
  ref: (x: bigint) => bigint;
  inputs: () => number[];
}[] = [
  {
    name: 'sin',
    ref: sinRef,
    inputs: () => [
      ...HARD_TRIG,
      ...SUBNORMALS,
      ...sample(finite(-10, 10), 600, 1),
      ...sample(finite(-2e6, 2e6), 150, 2),
      ...sample(anyFinite, 150, 3),
    ],
  },
  {
    name: 'cos',
    ref: cosRef,
    inputs: () => [
      ...HARD_TRIG,
      ...SUBNORMALS,
      ...sample(finite(-10, 10), 600, 4),
      ...sample(finite(-2e6, 2e6), 150, 5),
      ...sample(anyFinite, 150, 6),
    ],
  },
  {
    name: 'tan',
    ref: tanRef,
    inputs: () => [
      ...HARD_TRIG,
      ...SUBNORMALS,
      ...sample(finite(-10, 10), 500, 7),
      ...sample(finite(-2e6, 2e6), 100, 8),
      ...sample(anyFinite, 100, 9),
    ],
  },
  {
    name: 'asin',
    ref: asinRef,
    inputs: () => [
      1,
      -1,
      0.5,
      -0.5,
      0.975,
      0.9999999999999999,
      ...SUBNORMALS,
      ...sample(finite(-1, 1), 700, 10),
    ],
  },
  {
    name: 'acos',
    ref: acosRef,
    inputs: () => [
      1,
      -1,
      0.5,
      -0.5,
      0.975,
      -0.9999999999999999,
      ...SUBNORMALS,
      ...sample(finite(-1, 1), 700, 11),
    ],
  },
  {
    name: 'atan',
    ref: atanRef,
    inputs: () => [
      0.4375,
      0.6875,
      1.1875,
      2.4375,
      2 ** 66,
      ...SUBNORMALS,
      ...sample(finite(-4, 4), 500, 12),
      ...sample(anyFinite, 200, 13),
    ],
  },
  {
    name: 'exp',
    ref: expRef,
    inputs: () => [
      709.782712893384,
      709.7827128933839,
      -745.1332191019411,
      -745.1332191019412,
      -708.4,
      -720,
      1e-10,
      0.34657359027997264,
      ...SUBNORMALS,
      ...sample(finite(-5, 5), 400, 14),
      ...sample(finite(-746, 710), 300, 15),
    ],
  },
  {
    name: 'expm1',
    ref: expm1Ref,
    inputs: () => [
      709.782712893384,
      -38.8,
      -37.5,
      1e-17,
      -1e-17,
      0.34657359027997264,
      ...SUBNORMALS,
      ...sample(finite(-1, 1), 400, 16),
      ...sample(finite(-60, 710), 300, 17),
    ],
  },
  {
    name: 'log',
    ref: logRef,
    inputs: () => [
      1,
      2,
      0.5,
      Number.MAX_VALUE,
      1.0000000000000002,
      0.9999999999999999,
      ...SUBNORMALS.filter((x) => x > 0),
      ...sample(finite(0.5, 2), 300, 18),
      ...sample(finite(5e-324, Number.MAX_VALUE), 300, 19),
    ],
  },
  {
    name: 'log1p',
    ref: log1pRef,
    inputs: () => [
      -0.9999999999999999,
      -0.5,
      1e-20,
      -1e-20,
      0.41421356,
      -0.29289321,
      Number.MAX_VALUE,
      ...SUBNORMALS,
      ...sample(finite(-0.5, 1), 300, 20),
      ...sample(finite(-1 + 2 ** -53, Number.MAX_VALUE), 300, 21),
    ],
  },
];

describe('detMath accuracy against BigInt references (1 ulp or better)', () => {
  for (const { name, ref, inputs } of unary) {
    it(`${name} is within 1 ulp of the exact value, including subnormal and huge arguments`, () => {
      const fn = detMath[name];
      const xs = inputs();
      expect(xs.length).toBeGreaterThan(300);
      const { error, at } = worst(xs, fn, ref);
      expect(error, `worst input: ${at}`).toBeLessThanOrEqual(1);
    }, 120_000);
  }

  it('atan2 is within 1 ulp in every quadrant and at extreme ratios', () => {
    const pairs: [number, number][] = [
      [1, 1],
      [-1, -1],
      [1e300, 1e-300],
      [1e-300, -1e300],
      [5e-324, 1],
      [-5e-324, -1],
      [3, -4],
    ];
    const ys = sample(finite(-10, 10), 400, 22);
    const xs = sample(finite(-10, 10), 400, 23);
    ys.forEach((y, i) => {
      pairs.push([y, xs[i] as number]);
    });
    pairs.push(...fc.sample(fc.tuple(anyFinite, anyFinite), { numRuns: 200, seed: 24 }));
    let error = 0;
    let at: [number, number] = [0, 0];
    for (const [y, x] of pairs) {
      if (y === 0) continue; // signed zeros: see the special values below
      const e = ulpError(detMath.atan2(y, x), atan2Ref(fixed(y), fixed(x)));
      if (e > error || Number.isNaN(e)) {
        error = e;
        at = [y, x];
      }
    }
    expect(error, `worst input: ${at}`).toBeLessThanOrEqual(1);
  }, 120_000);

  it('pow is within 1 ulp over bases and exponents of every size, including 2^x as the easings use it', () => {
    const pairs: [number, number][] = [
      [2, -10],
      [2, 0.5],
      [2, 1023.9999],
      [2, -1074],
      [2, -1074.5],
      [0.5, 1074],
      [10, 308.25],
      [1.0000001, 1e9],
      [0.9999999, -1e9],
      [5e-324, 0.5],
      [Number.MAX_VALUE, 0.999],
      [-2, 3],
      [-0.5, -1023],
    ];
    const xs = sample(finite(0, 4), 300, 25);
    const ys = sample(finite(-40, 40), 300, 26);
    xs.forEach((x, i) => {
      pairs.push([x, ys[i] as number]);
    });
    for (const t of sample(finite(-1.5, 1.5), 200, 27)) pairs.push([2, -10 * t]);
    const wideX = sample(finite(5e-324, Number.MAX_VALUE), 150, 28);
    const wideY = sample(finite(-1e3, 1e3), 150, 29);
    wideX.forEach((x, i) => {
      pairs.push([x, wideY[i] as number]);
    });
    let error = 0;
    let at: [number, number] = [0, 0];
    for (const [x, y] of pairs) {
      if (x === 0) continue; // zeros: see the special values below
      const got = detMath.pow(x, y);
      const negative = x < 0 && isOddInteger(y);
      const exact = powRef(fixed(Math.abs(x)), fixed(y));
      const e = ulpError(got, negative ? -exact : exact);
      if (e > error || Number.isNaN(e)) {
        error = e;
        at = [x, y];
      }
    }
    expect(error, `worst input: ${at}`).toBeLessThanOrEqual(1);
  }, 120_000);

  it('gives exact results where the exact result is a double', () => {
    expect(detMath.pow(2, 10)).toBe(1024);
    expect(detMath.pow(3, 5)).toBe(243);
    expect(detMath.pow(2, -1074)).toBe(5e-324);
    expect(detMath.pow(10, 15)).toBe(1e15);
    expect(detMath.exp(0)).toBe(1);
    expect(detMath.log(1)).toBe(0);
    expect(detMath.sqrt(2)).toBe(Math.SQRT2);
    // The checker itself: sin(pi/6) is 1/2 to within an ulp, and two ulps off is caught.
    expect(ulpError(0.5, sinRef(fixed(0.5235987755982989)))).toBeLessThan(1);
    const sin1 = detMath.sin(1);
    expect(ulpError(sin1 + 2 * 2 ** -53, sinRef(fixed(1)))).toBeGreaterThan(1.5);
    expect(ONE).toBe(1n << 1300n);
  });
});

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

describe('detMath special values (as Math and the ** operator define them)', () => {
  const nan = Number.NaN;
  const Inf = Number.POSITIVE_INFINITY;
  const pi = Math.PI;
  const halfPi = Math.PI / 2;
  it.each([
    ['sin', 0, 0],
    ['sin', -0, -0],
    ['sin', Inf, nan],
    ['sin', -Inf, nan],
    ['sin', nan, nan],
    ['sin', -5e-324, -5e-324],
    ['cos', -0, 1],
    ['cos', Inf, nan],
    ['cos', nan, nan],
    ['tan', -0, -0],
    ['tan', Inf, nan],
    ['asin', -0, -0],
    ['asin', 1, halfPi],
    ['asin', -1, -halfPi],
    ['asin', 1.0000000000000002, nan],
    ['asin', nan, nan],
    ['acos', 1, 0],
    ['acos', -1, pi],
    ['acos', -1.0000000000000002, nan],
    ['atan', -0, -0],
    ['atan', Inf, halfPi],
    ['atan', -Inf, -halfPi],
    ['atan', nan, nan],
    ['exp', -0, 1],
    ['exp', Inf, Inf],
    ['exp', -Inf, 0],
    ['exp', nan, nan],
    ['exp', 710, Inf],
    ['exp', -746, 0],
    ['expm1', -0, -0],
    ['expm1', Inf, Inf],
    ['expm1', -Inf, -1],
    ['expm1', 5e-324, 5e-324],
    ['log', 0, -Inf],
    ['log', -0, -Inf],
    ['log', -1, nan],
    ['log', Inf, Inf],
    ['log', -Inf, nan],
    ['log', nan, nan],
    ['log1p', -0, -0],
    ['log1p', -1, -Inf],
    ['log1p', -1.5, nan],
    ['log1p', Inf, Inf],
  ] as const)('%s(%d) is %d', (name, x, want) => {
    expect(Object.is(detMath[name](x), want)).toBe(true);
  });

  it.each([
    [0, 0, 0],
    [-0, 0, -0],
    [0, Inf, 0],
    [0, -0, pi],
    [-0, -0, -pi],
    [0, -1, pi],
    [-0, -1, -pi],
    [1, 0, halfPi],
    [-1, -0, -halfPi],
    [Inf, Inf, pi / 4],
    [-Inf, Inf, -pi / 4],
    [Inf, -Inf, (3 * pi) / 4],
    [-Inf, -Inf, (-3 * pi) / 4],
    [1, Inf, 0],
    [-1, Inf, -0],
    [1, -Inf, pi],
    [-1, -Inf, -pi],
    [Inf, 5, halfPi],
    [nan, 1, nan],
    [1, nan, nan],
  ])('atan2(%d, %d) is %d', (y, x, want) => {
    expect(Object.is(detMath.atan2(y, x), want)).toBe(true);
  });

  it.each([
    [nan, 0, 1],
    [nan, -0, 1],
    [1, nan, nan],
    [1, Inf, nan],
    [-1, -Inf, nan],
    [1, 1e300, 1],
    [-1, 3, -1],
    [-1, 0.5, nan],
    [0, -1, Inf],
    [-0, -1, -Inf],
    [-0, -2, Inf],
    [-0, 3, -0],
    [-0, 2.5, 0],
    [0, 5, 0],
    [Inf, -2, 0],
    [-Inf, 3, -Inf],
    [-Inf, -3, -0],
    [-Inf, 2, Inf],
    [2, Inf, Inf],
    [2, -Inf, 0],
    [0.5, Inf, 0],
    [0.5, -Inf, Inf],
    [-8, 1 / 3, nan],
    [-2, 1025, -Inf],
    [-2, -1075, -0],
    [2, 1024, Inf],
    [4, 0.5, 2],
    [-4, 0.5, nan],
    [3, 1, 3],
    [3, -1, 1 / 3],
    [3, 2, 9],
  ])('pow(%d, %d) is %d', (x, y, want) => {
    expect(Object.is(detMath.pow(x, y), want)).toBe(true);
  });
});

describe('detMath symmetries hold bit for bit', () => {
  it('sin, tan, asin, atan and expm1-free odd functions are odd; cos is even', () => {
    fc.assert(
      fc.property(finite(-1e6, 1e6), (x) => {
        expect(Object.is(detMath.sin(-x), -detMath.sin(x))).toBe(true);
        expect(Object.is(detMath.cos(-x), detMath.cos(x))).toBe(true);
        expect(Object.is(detMath.tan(-x), -detMath.tan(x))).toBe(true);
        expect(Object.is(detMath.atan(-x), -detMath.atan(x))).toBe(true);
      }),
      { numRuns: 2000, seed: 30 },
    );
    fc.assert(
      fc.property(finite(-1, 1), (x) => {
        expect(Object.is(detMath.asin(-x), -detMath.asin(x))).toBe(true);
      }),
      { numRuns: 1000, seed: 31 },
    );
  });
});
