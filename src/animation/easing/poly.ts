import { detMath } from '../../math/index.js';
import type { EasingFn } from './types.js';

/** Polynomial easings: quad (t²), cubic (t³), quart (t⁴), quint (t⁵); `polyIn.exponent(e)` for others. */
export interface PolyEasing extends EasingFn {
  /** The same curve with another exponent (> 0). */
  exponent(e: number): PolyEasing;
}

function checkExponent(e: number): number {
  if (!Number.isFinite(e) || e <= 0) throw new RangeError(`poly easing: exponent must be > 0, received ${e}`);
  return e;
}

/**
 * `t^e`, with the common integer exponents as plain products; others through `detMath.pow` (the same
 * bits on every platform, unlike `**`).
 */
function power(e: number): (t: number) => number {
  switch (e) {
    case 2:
      return (t) => t * t;
    case 3:
      return (t) => t * t * t;
    case 4:
      return (t) => {
        const u = t * t;
        return u * u;
      };
    case 5:
      return (t) => {
        const u = t * t;
        return u * u * t;
      };
    default:
      return (t) => detMath.pow(t, e);
  }
}

function makeIn(e: number): PolyEasing {
  const pow = power(e);
  const f = ((t: number) => pow(t)) as PolyEasing;
  f.exponent = (x) => makeIn(checkExponent(x));
  return f;
}

function makeOut(e: number): PolyEasing {
  const pow = power(e);
  const f = ((t: number) => 1 - pow(1 - t)) as PolyEasing;
  f.exponent = (x) => makeOut(checkExponent(x));
  return f;
}

function makeInOut(e: number): PolyEasing {
  const pow = power(e);
  const f = ((t: number) => {
    const u = t * 2;
    return (u <= 1 ? pow(u) : 2 - pow(2 - u)) / 2;
  }) as PolyEasing;
  f.exponent = (x) => makeInOut(checkExponent(x));
  return f;
}

/** Polynomial ease-in, exponent 3 by default; `polyIn.exponent(e)` for another. */
export const polyIn = makeIn(3);
/** Polynomial ease-out (`1 - polyIn(1 - t)`), exponent 3 by default; `polyOut.exponent(e)` for another. */
export const polyOut = makeOut(3);
/** Polynomial ease-in-out, exponent 3 by default; `polyInOut.exponent(e)` for another. */
export const polyInOut = makeInOut(3);

/** Quadratic ease-in: `t²`. */
export const quadIn = makeIn(2);
/** Quadratic ease-out: `1 - (1 - t)²`. */
export const quadOut = makeOut(2);
/** Quadratic ease-in-out. */
export const quadInOut = makeInOut(2);
/** Cubic ease-in: `t³`. */
export const cubicIn = makeIn(3);
/** Cubic ease-out: `1 - (1 - t)³`. */
export const cubicOut = makeOut(3);
/** Cubic ease-in-out. */
export const cubicInOut = makeInOut(3);
/** Quartic ease-in: `t⁴`. */
export const quartIn = makeIn(4);
/** Quartic ease-out: `1 - (1 - t)⁴`. */
export const quartOut = makeOut(4);
/** Quartic ease-in-out. */
export const quartInOut = makeInOut(4);
/** Quintic ease-in: `t⁵`. */
export const quintIn = makeIn(5);
/** Quintic ease-out: `1 - (1 - t)⁵`. */
export const quintOut = makeOut(5);
/** Quintic ease-in-out. */
export const quintInOut = makeInOut(5);
