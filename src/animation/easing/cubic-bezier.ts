import type { EasingFn } from './types.js';

/**
 * CSS `cubic-bezier(x1, y1, x2, y2)`: the curve from (0,0) to (1,1) with control points (x1,y1) and
 * (x2,y2); `x1` and `x2` must lie in [0, 1] so the curve is a function of x. Solved per call by
 * Newton iterations falling back to bisection (precision 1e-7).
 */
export function cubicBezier(x1: number, y1: number, x2: number, y2: number): EasingFn {
  for (const [name, v] of [
    ['x1', x1],
    ['y1', y1],
    ['x2', x2],
    ['y2', y2],
  ] as const) {
    if (!Number.isFinite(v))
      throw new RangeError(`cubic-bezier: ${name} must be a finite number, received ${v}`);
  }
  if (x1 < 0 || x1 > 1 || x2 < 0 || x2 > 1) {
    throw new RangeError(`cubic-bezier: x1 and x2 must be in [0, 1], received x1=${x1}, x2=${x2}`);
  }
  // Polynomial coefficients of B(s) = ((a s + b) s + c) s per axis.
  const cx = 3 * x1;
  const bx = 3 * (x2 - x1) - cx;
  const ax = 1 - cx - bx;
  const cy = 3 * y1;
  const by = 3 * (y2 - y1) - cy;
  const ay = 1 - cy - by;
  const sampleX = (s: number) => ((ax * s + bx) * s + cx) * s;
  const sampleY = (s: number) => ((ay * s + by) * s + cy) * s;
  const slopeX = (s: number) => (3 * ax * s + 2 * bx) * s + cx;
  const solve = (x: number): number => {
    let s = x;
    for (let i = 0; i < 8; i++) {
      const err = sampleX(s) - x;
      if (Math.abs(err) < 1e-7) return s;
      const d = slopeX(s);
      if (Math.abs(d) < 1e-6) break;
      s -= err / d;
    }
    let lo = 0;
    let hi = 1;
    s = x;
    for (let i = 0; i < 60; i++) {
      const v = sampleX(s);
      if (Math.abs(v - x) < 1e-7) return s;
      if (v < x) lo = s;
      else hi = s;
      s = (lo + hi) / 2;
    }
    return s;
  };
  return (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : sampleY(solve(t)));
}
