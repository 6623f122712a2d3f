/*
 * Argument reduction for sin, cos and tan: x = n * pi/2 + r with |r| <= ~pi/4, r returned as a
 * double-double (hi + lo). The medium path follows fdlibm's e_rem_pio2.c:
 *
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely granted, provided that
 * this notice is preserved.
 */
import { highWord, scalbn } from './bits.js';

/** The remainder of the last `remPio2` call: `reduced[0] + reduced[1]` (reused, never reallocated). */
export const reduced = new Float64Array(2);

const invpio2 = 0.6366197723675814; // 53 bits of 2/pi
const pio2_1 = 1.5707963267341256; // first 33 bits of pi/2
const pio2_1t = 6.077100506506192e-11; // pi/2 - pio2_1
const pio2_2 = 6.077100506303966e-11; // second 33 bits of pi/2
const pio2_2t = 2.0222662487959506e-21; // pi/2 - (pio2_1 + pio2_2)
const pio2_3 = 2.0222662487111665e-21; // third 33 bits of pi/2
const pio2_3t = 8.4784276603689e-32; // pi/2 - (pio2_1 + pio2_2 + pio2_3)
const toInt = 6755399441055744; // 0x1.8p52: adding and subtracting it rounds to an integer

/**
 * Reduce `x` (finite, |x| > pi/4) modulo pi/2 into `reduced`; returns n (only n mod 4 matters to the
 * callers). Below 2^20 * pi/2 a three-step Cody-Waite reduction with 33-bit pieces of pi/2 (exact
 * products, up to 151 bits of pi/2); above it, an exact reduction with BigInt (Payne-Hanek style, see
 * `remPio2Large`), so every finite argument is reduced correctly.
 */
export function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x413921fb) {
    const fn = x * invpio2 + toInt - toInt;
    const n = fn | 0;
    let r = x - fn * pio2_1;
    let w = fn * pio2_1t; // first round, good to 85 bits
    const j = ix >> 20;
    let y0 = r - w;
    let i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 16) {
      // second round, good to 118 bits
      let t = r;
      w = fn * pio2_2;
      r = t - w;
      w = fn * pio2_2t - (t - r - w);
      y0 = r - w;
      i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 49) {
        // third round, 151 bits: covers every case
        t = r;
        w = fn * pio2_3;
        r = t - w;
        w = fn * pio2_3t - (t - r - w);
        y0 = r - w;
      }
    }
    reduced[0] = y0;
    reduced[1] = r - y0 - w;
    return n;
  }
  return remPio2Large(x);
}

/** Fraction bits of the 2/pi table: enough for the largest double (2^1024) plus 300 bits to spare. */
const TABLE_BITS = 1330;
/** Fraction bits of the pi/2 used to turn the reduced fraction back into radians. */
const PIO2_BITS = 200;

let twoOverPi = 0n;
let pio2 = 0n;

/** atan(1/n) * 2^bits (fixed point, truncated terms): the sum of (-1)^k / ((2k+1) n^(2k+1)). */
function arctanInverse(n: bigint, bits: bigint): bigint {
  const n2 = n * n;
  let power = (1n << bits) / n;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= n2;
    const term = power / (2n * k + 1n);
    sum = k % 2n === 1n ? sum - term : sum + term;
  }
  return sum;
}

/** pi * 2^bits, within a few units (Machin: pi/4 = 4 atan(1/5) - atan(1/239)). */
function piScaled(bits: number): bigint {
  const guard = 32n;
  const b = BigInt(bits) + guard;
  return (4n * (4n * arctanInverse(5n, b) - arctanInverse(239n, b))) >> guard;
}

/** Computed once, on the first argument that needs it (about a millisecond). */
function tables(): void {
  if (twoOverPi !== 0n) return;
  const w = TABLE_BITS + 64;
  const pi = piScaled(w);
  twoOverPi = (1n << BigInt(TABLE_BITS + w + 1)) / pi;
  pio2 = piScaled(PIO2_BITS) >> 1n;
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/**
 * Exact reduction for |x| >= 2^20 * pi/2 with integer arithmetic: x = M * 2^e exactly, and
 * M * floor(2/pi * 2^TABLE_BITS) holds x * 2/pi to far more bits than any cancellation can eat (the
 * closest a double comes to a multiple of pi/2 is about 2^-61). BigInt arithmetic is exact and
 * `Number(bigint)` rounds to nearest by the language's definition, so this gives the same bits on
 * every platform.
 */
function remPio2Large(x: number): number {
  tables();
  const negative = x < 0;
  const ax = negative ? -x : x;
  const hx = highWord(ax);
  const exponent = ((hx >>> 20) & 0x7ff) - 1075;
  // The mantissa as an integer: ax = mantissa * 2^exponent exactly.
  const mantissa = BigInt(scalbn(ax, -exponent));
  const shift = BigInt(TABLE_BITS - exponent);
  const product = mantissa * twoOverPi;
  let n = Number((product >> shift) & 3n);
  let fraction = product & ((1n << shift) - 1n);
  if (fraction >= 1n << (shift - 1n)) {
    fraction -= 1n << shift;
    n += 1;
  }
  // r = fraction * 2^-shift * pi/2, kept to 120 bits before it becomes a double-double.
  let r = fraction * pio2;
  const sign = r < 0n ? -1 : 1;
  if (r < 0n) r = -r;
  let scale = -Number(shift) - PIO2_BITS;
  const drop = bitLength(r) - 120;
  if (drop > 0) {
    r >>= BigInt(drop);
    scale += drop;
  }
  const hi = Number(r);
  const lo = Number(r - BigInt(hi));
  reduced[0] = sign * scalbn(hi, scale);
  reduced[1] = sign * scalbn(lo, scale);
  if (negative) {
    reduced[0] = -reduced[0];
    reduced[1] = -reduced[1];
    return -n;
  }
  return n;
}
