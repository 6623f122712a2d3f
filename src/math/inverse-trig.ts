/*
 * asin, acos, atan, atan2: fdlibm's e_asin.c, e_acos.c, s_atan.c and e_atan2.c.
 *
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved.
 */
import { highWord, lowWord, withLowWord } from './bits.js';

const pio2_hi = 1.5707963267948966;
const pio2_lo = 6.123233995736766e-17;
const pio4_hi = 0.7853981633974483;
const pi = Math.PI;
const pi_lo = 1.2246467991473532e-16;

// Rational approximation R(x^2) of (asin(x) - x) / x^3 on [0, 0.5].
const pS0 = 0.16666666666666666;
const pS1 = -0.3255658186224009;
const pS2 = 0.20121253213486293;
const pS3 = -0.04005553450067941;
const pS4 = 0.0007915349942898145;
const pS5 = 3.479331075960212e-5;
const qS1 = -2.403394911734414;
const qS2 = 2.0209457602335057;
const qS3 = -0.6882839716054533;
const qS4 = 0.07703815055590194;

function rational(t: number): number {
  const p = t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))));
  const q = 1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4)));
  return p / q;
}

/** Arcsine of `x` in [-1, 1], in [-pi/2, pi/2]; NaN outside. */
export function asin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return x * pio2_hi + x * pio2_lo; // asin(+-1) = +-pi/2
    return Number.NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix < 0x3e400000) return x; // |x| < 2^-27 (keeps -0)
    return x + x * rational(x * x);
  }
  // 0.5 <= |x| < 1: asin(x) = pi/2 - 2 asin(sqrt((1 - x) / 2))
  const t = (1 - Math.abs(x)) * 0.5;
  const s = Math.sqrt(t);
  let result: number;
  if (ix >= 0x3fef3333) {
    // |x| > 0.975
    result = pio2_hi - (2 * (s + s * rational(t)) - pio2_lo);
  } else {
    const f = withLowWord(s, 0);
    const c = (t - f * f) / (s + f); // f + c = sqrt(t)
    const p = 2 * s * rational(t) - (pio2_lo - 2 * c);
    const q = pio4_hi - 2 * f;
    result = pio4_hi - (p - q);
  }
  return hx > 0 ? result : -result;
}

/** Arccosine of `x` in [-1, 1], in [0, pi]; NaN outside. */
export function acos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return hx > 0 ? 0 : pi + 2 * pio2_lo;
    return Number.NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix <= 0x3c600000) return pio2_hi + pio2_lo; // |x| < 2^-57
    return pio2_hi - (x - (pio2_lo - x * rational(x * x)));
  }
  if (hx < 0) {
    // x < -0.5
    const z = (1 + x) * 0.5;
    const s = Math.sqrt(z);
    const w = rational(z) * s - pio2_lo;
    return pi - 2 * (s + w);
  }
  // x > 0.5
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const df = withLowWord(s, 0);
  const c = (z - df * df) / (s + df);
  const w = rational(z) * s + c;
  return 2 * (df + w);
}

const atanhi = [0.4636476090008061, 0.7853981633974483, 0.982793723247329, 1.5707963267948966];
const atanlo = [2.2698777452961687e-17, 3.061616997868383e-17, 1.3903311031230998e-17, 6.123233995736766e-17];
const aT = [
  0.3333333333333293, -0.19999999999876483, 0.14285714272503466, -0.11111110405462356, 0.09090887133436507,
  -0.0769187620504483, 0.06661073137387531, -0.058335701337905735, 0.049768779946159324,
  -0.036531572744216916, 0.016285820115365782,
] as const;

/** Arctangent of `x`, in [-pi/2, pi/2]. */
export function atan(xIn: number): number {
  let x = xIn;
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  let id: number;
  if (ix >= 0x44100000) {
    // |x| >= 2^66
    if (Number.isNaN(x)) return x;
    const big = (atanhi[3] as number) + (atanlo[3] as number);
    return hx > 0 ? big : -big;
  }
  if (ix < 0x3fdc0000) {
    // |x| < 0.4375
    if (ix < 0x3e200000) return x; // |x| < 2^-29 (keeps -0)
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      // |x| < 1.1875
      if (ix < 0x3fe60000) {
        id = 0; // 7/16 <= |x| < 11/16
        x = (2 * x - 1) / (2 + x);
      } else {
        id = 1; // 11/16 <= |x| < 19/16
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) {
      id = 2; // |x| < 2.4375
      x = (x - 1.5) / (1 + 1.5 * x);
    } else {
      id = 3; // 2.4375 <= |x| < 2^66
      x = -1 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  const s1 = z * (aT[0] + w * (aT[2] + w * (aT[4] + w * (aT[6] + w * (aT[8] + w * aT[10])))));
  const s2 = w * (aT[1] + w * (aT[3] + w * (aT[5] + w * (aT[7] + w * aT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const r = (atanhi[id] as number) - (x * (s1 + s2) - (atanlo[id] as number) - x);
  return hx < 0 ? -r : r;
}

const pi_o_4 = 0.7853981633974483;
const pi_o_2 = 1.5707963267948966;

/** The angle of the point (x, y) from the positive x axis, in [-pi, pi] (argument order as `Math.atan2`). */
export function atan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === 1) return atan(y);
  const hx = highWord(x);
  const hy = highWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  const m = ((hy >>> 31) & 1) | ((hx >>> 30) & 2); // 2 * sign(x) + sign(y)
  if (y === 0) {
    if (m < 2) return y; // atan2(+-0, +anything) = +-0
    return m === 2 ? pi : -pi; // atan2(+-0, -anything) = +-pi
  }
  if (x === 0) return hy < 0 ? -pi_o_2 : pi_o_2;
  if (ix === 0x7ff00000) {
    if (iy === 0x7ff00000) {
      // both infinite
      if (m === 0) return pi_o_4;
      if (m === 1) return -pi_o_4;
      if (m === 2) return 3 * pi_o_4;
      return -3 * pi_o_4;
    }
    if (m === 0) return 0;
    if (m === 1) return -0;
    return m === 2 ? pi : -pi;
  }
  if (iy === 0x7ff00000) return hy < 0 ? -pi_o_2 : pi_o_2;
  const k = (iy - ix) >> 20;
  let z: number;
  let mm = m;
  if (k > 60) {
    // |y/x| > 2^60
    z = pi_o_2 + 0.5 * pi_lo;
    mm &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0; // 0 > |y|/x > -2^-60
  } else {
    z = atan(Math.abs(y / x));
  }
  switch (mm) {
    case 0:
      return z;
    case 1:
      return -z;
    case 2:
      return pi - (z - pi_lo);
    default:
      return z - pi_lo - pi;
  }
}
