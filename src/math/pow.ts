/*
 * pow: fdlibm's e_pow.c (log2(x) in two pieces with extra precision, y * log2(x) = n + y' simulated
 * in multi-precision, then 2^n * exp(y' ln2)).
 *
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved.
 */
import { fromWords, highWord, lowWord, pow2, scalbn, withHighWord, withLowWord } from './bits.js';

const bp = [1.0, 1.5] as const;
const dp_h = [0.0, 0.5849624872207642] as const;
const dp_l = [0.0, 1.350039202129749e-8] as const;
const two53 = pow2(53);
// Polynomial for (3/2) * (log(x) - 2s - 2/3 s^3).
const L1 = 0.5999999999999946;
const L2 = 0.4285714285785502;
const L3 = 0.33333332981837743;
const L4 = 0.272728123808534;
const L5 = 0.23066074577556175;
const L6 = 0.20697501780033842;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
const lg2 = Math.LN2;
const lg2_h = 0.6931471824645996;
const lg2_l = -1.904654299957768e-9;
const ovt = 8.008566259537294e-17; // -(1024 - log2(overflow + 0.5 ulp))
const cp = 0.9617966939259756; // 2 / (3 ln2)
const cp_h = 0.9617967009544373;
const cp_l = -7.028461650952758e-9;
const ivln2 = Math.LOG2E;
const ivln2_h = 1.4426950216293335;
const ivln2_l = 1.9259629911266175e-8;

/**
 * `x` to the power `y`, with the special cases of `Math.pow` and the `**` operator (which differ
 * from C's pow in two places: `1 ** NaN` and `(+-1) ** (+-Infinity)` are NaN).
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x ** 0 = 1, even for NaN
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;

  // yisint: 0 = y is not an integer, 1 = odd integer, 2 = even integer (only needed when x < 0)
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2;
    else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff;
      if (k > 20) {
        const j = ly >>> (52 - k);
        if ((j << (52 - k)) >>> 0 === ly) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if (j << (20 - k) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y is +-Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return Number.NaN; // (+-1) ** +-Infinity, as in JavaScript
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // (|x| > 1) ** +-Infinity = Infinity, 0
      return hy < 0 ? -y : 0; // (|x| < 1) ** -+Infinity = Infinity, 0
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y is +-1
    if (hy === 0x40000000) return x * x; // y is 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y is 0.5, x >= +0
  }

  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x is +-0, +-Infinity or +-1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) return Number.NaN; // (-1) ** non-integer
      if (yisint === 1) z = -z; // (x < 0) ** odd = -(|x| ** odd)
    }
    return z;
  }

  const negativeX = hx < 0;
  if (negativeX && yisint === 0) return Number.NaN; // (x < 0) ** non-integer
  const s = negativeX && yisint === 1 ? -1 : 1; // sign of the result

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Number.POSITIVE_INFINITY : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Number.POSITIVE_INFINITY : 0;
    }
    // overflow or underflow unless x is close to 1
    if (ix < 0x3fefffff) return hy < 0 ? s * Number.POSITIVE_INFINITY : s * 0;
    if (ix > 0x3ff00000) return hy > 0 ? s * Number.POSITIVE_INFINITY : s * 0;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1; // 20 trailing zeros
    const w = t * t * (0.5 - t * (0.3333333333333333 - t * 0.25));
    const u = ivln2_h * t; // ivln2_h has 21 significant bits
    const v = t * ivln2_l - w * ivln2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    let n = 0;
    let jx = ix;
    if (jx < 0x00100000) {
      // subnormal x
      ax *= two53;
      n -= 53;
      jx = highWord(ax);
    }
    n += (jx >> 20) - 0x3ff;
    const j = jx & 0x000fffff;
    // the interval of x: [1, sqrt(3/2)), [sqrt(3/2), sqrt(3)), or halved into the first
    jx = j | 0x3ff00000;
    let k: 0 | 1;
    if (j <= 0x3988e) k = 0;
    else if (j < 0xbb67a) k = 1;
    else {
      k = 0;
      n += 1;
      jx -= 0x00100000;
    }
    ax = withHighWord(ax, jx);

    // ss = s_h + s_l = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5)
    let u = ax - bp[k];
    let v = 1 / (ax + bp[k]);
    const ss = u * v;
    const s_h = withLowWord(ss, 0);
    let t_h = fromWords(((jx >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // ax + bp[k], high part
    let t_l = ax - (t_h - bp[k]);
    const s_l = v * (u - s_h * t_h - s_h * t_l);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += s_l * (s_h + ss);
    s2 = s_h * s_h;
    t_h = withLowWord(3.0 + s2 + r, 0);
    t_l = r - (t_h - 3.0 - s2);
    // u + v = ss * (1 + ...)
    u = s_h * t_h;
    v = s_l * t_h + t_l * ss;
    // 2 / (3 log2) * (ss + ...)
    const p_h = withLowWord(u + v, 0);
    const p_l = v - (p_h - u);
    const z_h = cp_h * p_h; // cp_h + cp_l = 2 / (3 log2)
    const z_l = cp_l * p_h + p_l * cp + dp_l[k];
    // log2(ax) = (ss + ...) * 2 / (3 log2) = n + dp_h + z_h + z_l
    t1 = withLowWord(z_h + z_l + dp_h[k] + n, 0);
    t2 = z_l - (t1 - n - dp_h[k] - z_h);
  }

  // (y1 + y2) * (t1 + t2), y split so that y1 * t1 is exact
  const y1 = withLowWord(y, 0);
  const p_l = (y - y1) * t1 + y * t2;
  let p_h = y1 * t1;
  let z = p_l + p_h;
  let j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * Number.POSITIVE_INFINITY;
    if (p_l + ovt > z - p_h) return s * Number.POSITIVE_INFINITY;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * 0;
    if (p_l <= z - p_h) return s * 0;
  }

  // 2 ** (p_h + p_l)
  const ia = j & 0x7fffffff;
  let k = (ia >> 20) - 0x3ff;
  let n = 0;
  if (ia > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const whole = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    p_h -= whole;
  }
  const t = withLowWord(p_l + p_h, 0);
  const u = t * lg2_h;
  const v = (p_l - (t - p_h)) * lg2 + t * lg2_l;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const tt1 = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * tt1) / (tt1 - 2) - (w + z * w);
  z = 1 - (r - z);
  j = highWord(z);
  j += n << 20;
  if (j >> 20 <= 0)
    z = scalbn(z, n); // subnormal result
  else z = withHighWord(z, j);
  return s * z;
}
