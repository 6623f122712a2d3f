/*
 * exp and expm1: fdlibm's e_exp.c and s_expm1.c.
 *
 * Copyright (C) 1993-2004 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved.
 */
import { fromWords, highWord, lowWord, pow2 } from './bits.js';

const o_threshold = 709.782712893384;
const u_threshold = -745.1332191019411;
const ln2HI = 0.6931471803691238;
const ln2LO = 1.9082149292705877e-10;
const invln2 = Math.LOG2E;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
const twom1000 = pow2(-1000);
const two1023 = pow2(1023);

/** e^x. */
export function exp(xIn: number): number {
  let x = xIn;
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return Number.NaN;
      return negative ? 0 : x;
    }
    if (x > o_threshold) return Number.POSITIVE_INFINITY;
    if (x < u_threshold) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2: x = k ln2 + r, r = hi - lo
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      hi = negative ? x + ln2HI : x - ln2HI;
      lo = negative ? -ln2LO : ln2LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(invln2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * ln2HI; // exact: k * ln2HI has trailing zeros
      lo = k * ln2LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * two1023;
    return y * fromWords((0x3ff + k) << 20, 0);
  }
  return y * fromWords((0x3ff + k + 1000) << 20, 0) * twom1000;
}

const Q1 = -0.03333333333333313;
const Q2 = 0.0015873015872548146;
const Q3 = -7.93650757867488e-5;
const Q4 = 4.008217827329362e-6;
const Q5 = -2.0109921818362437e-7;

/** e^x - 1, accurate near 0 where `exp(x) - 1` loses its digits. */
export function expm1(xIn: number): number {
  let x = xIn;
  let hx = highWord(x);
  const negative = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return Number.NaN;
        return negative ? -1 : x;
      }
      if (x > o_threshold) return Number.POSITIVE_INFINITY;
    }
    if (negative) return -1; // x < -56 ln2
  }
  let k: number;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (!negative) {
        hi = x - ln2HI;
        lo = ln2LO;
        k = 1;
      } else {
        hi = x + ln2HI;
        lo = -ln2LO;
        k = -1;
      }
    } else {
      k = Math.trunc(invln2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * ln2HI;
      lo = k * ln2LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54 (keeps -0)
  } else {
    k = 0;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  const twopk = k === 1024 ? 0 : fromWords((0x3ff + k) << 20, 0);
  if (k <= -2 || k > 56) {
    let y = 1 - (e - x);
    y = k === 1024 ? y * 2 * two1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
    return (t - (e - x)) * twopk;
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^-k
  return (x - (e + t) + 1) * twopk;
}
