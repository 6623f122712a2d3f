/*
 * sin, cos, tan: fdlibm's kernels (k_sin.c, k_cos.c, k_tan.c) on [-pi/4, pi/4] after `remPio2`.
 *
 * Copyright (C) 1993-2004 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved.
 */
import { highWord, withLowWord } from './bits.js';
import { reduced, remPio2 } from './rem-pio2.js';

const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 2.7557313707070068e-6;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;

/** sin(x + y) for |x| <= ~pi/4, y the tail of x (`hasTail` false: y is taken as 0). */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!hasTail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 2.480158728947673e-5;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;

/** cos(x + y) for |x| <= ~pi/4, y the tail of x. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (1 - w - hz + (z * r - x * y));
}

const T = [
  0.3333333333333341, 0.13333333333320124, 0.05396825397622605, 0.021869488294859542, 0.0088632398235993,
  0.0035920791075913124, 0.0014562094543252903, 0.0005880412408202641, 0.0002464631348184699,
  7.817944429395571e-5, 7.140724913826082e-5, -1.8558637485527546e-5, 2.590730518636337e-5,
] as const;
const pio4 = 0.7853981633974483;
const pio4lo = 3.061616997868383e-17;

/** tan(x + y) (`sign` 1) or -1/tan(x + y) (`sign` -1) for |x| <= ~pi/4, y the tail of x. */
function kernelTan(xIn: number, yIn: number, sign: 1 | -1): number {
  let x = xIn;
  let y = yIn;
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  const big = ix >= 0x3fe59428; // |x| >= 0.6744: tan(pi/4 - y) = (1 - tan y) / (1 + tan y)
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = pio4 - x + (pio4lo - y);
    y = 0;
  }
  const z = x * x;
  let w = z * z;
  // x^5 (T1 + x^2 T2 + ...) split into odd and even halves.
  let r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  let v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  let s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  w = x + r;
  if (big) {
    v = sign;
    return (1 - ((hx >> 30) & 2)) * (v - 2 * (x - ((w * w) / (w + v) - r)));
  }
  if (sign === 1) return w;
  // -1/(x + r), computed accurately: split w and -1/w into high parts with zero low words.
  const zh = withLowWord(w, 0);
  v = r - (zh - x);
  const a = -1 / w;
  const t = withLowWord(a, 0);
  s = 1 + t * zh;
  return t + a * (s + t * v);
}

/** Sine of `x` (radians); see the layer's index for accuracy and range. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e500000) return x; // |x| < 2^-26: sin x = x to within half an ulp (keeps -0)
    return kernelSin(x, 0, false);
  }
  if (ix >= 0x7ff00000) return Number.NaN;
  const n = remPio2(x);
  const y0 = reduced[0] as number;
  const y1 = reduced[1] as number;
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/** Cosine of `x` (radians). */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27 * sqrt(2)
    return kernelCos(x, 0);
  }
  if (ix >= 0x7ff00000) return Number.NaN;
  const n = remPio2(x);
  const y0 = reduced[0] as number;
  const y1 = reduced[1] as number;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}

/** Tangent of `x` (radians). */
export function tan(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    return kernelTan(x, 0, 1);
  }
  if (ix >= 0x7ff00000) return Number.NaN;
  const n = remPio2(x);
  return kernelTan(reduced[0] as number, reduced[1] as number, (n & 1) === 0 ? 1 : -1);
}
