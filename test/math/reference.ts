/**
 * High-precision reference values for the math layer's tests, computed with BigInt fixed-point
 * arithmetic only (no `Math.*`): a value v is held as round(v * 2^W) with W = 1300 fraction bits, far
 * below the smallest subnormal (2^-1074), so every double converts exactly and the reference is good
 * to ~2^-1280 absolute, whatever the magnitude of the result.
 */

export const W = 1300n;
export const ONE = 1n << W;

const view = new DataView(new ArrayBuffer(8));

/** A finite double as sign, integer mantissa and exponent: x = sign * mantissa * 2^exponent exactly. */
export function decompose(x: number): { negative: boolean; mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0x7ff) throw new RangeError(`reference: ${x} is not finite`);
  if (biased === 0) return { negative, mantissa: fraction, exponent: -1074 };
  return { negative, mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** A finite double in fixed point, exactly. */
export function fixed(x: number): bigint {
  const { negative, mantissa, exponent } = decompose(x);
  const shift = BigInt(exponent) + W; // >= 1300 - 1074 > 0 for every double
  const v = mantissa << shift;
  return negative ? -v : v;
}

export function mul(a: bigint, b: bigint): bigint {
  return (a * b) >> W;
}

export function div(a: bigint, b: bigint): bigint {
  return (a << W) / b;
}

function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(a: bigint): bigint {
  return isqrt(a << W);
}

export function bitLength(v: bigint): number {
  const a = v < 0n ? -v : v;
  return a === 0n ? 0 : a.toString(2).length;
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** atan(1/n) * 2^bits by its series. */
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

/** pi with `extra` more fraction bits than W (the reduction of 2^1024-sized arguments needs them). */
const EXTRA = 1200n;
const PI_EXTRA =
  (4n * (4n * arctanInverse(5n, W + EXTRA + 16n) - arctanInverse(239n, W + EXTRA + 16n))) >> 16n;
export const PI = PI_EXTRA >> EXTRA;
const PIO2 = PI >> 1n;
const PIO2_EXTRA = PI_EXTRA >> 1n;

/** ln 2 = 2 atanh(1/3). */
function atanhInverse(n: bigint, bits: bigint): bigint {
  const n2 = n * n;
  let power = (1n << bits) / n;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= n2;
    sum += power / (2n * k + 1n);
  }
  return sum;
}
const LN2 = (2n * atanhInverse(3n, W + 16n)) >> 16n;

/** Round to the nearest integer (ties away from zero). */
function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a - q * b;
  if (2n * abs(r) >= abs(b)) return q + (a < 0n !== b < 0n ? -1n : 1n);
  return q;
}

const GUARD = 40n;

/** sin and cos of a fixed-point r with |r| <= ~1: Taylor on r / 2^8, then eight double angles. */
function sinCosSmall(r: bigint): { s: bigint; c: bigint } {
  const steps = 8n;
  const x = (r << GUARD) >> steps; // work with GUARD more bits
  const one = ONE << GUARD;
  const m = (a: bigint, b: bigint) => (a * b) >> (W + GUARD);
  const x2 = m(x, x);
  let s = x;
  let term = x;
  for (let k = 1n; term !== 0n; k++) {
    term = -m(term, x2) / (2n * k * (2n * k + 1n));
    s += term;
  }
  let c = one;
  term = one;
  for (let k = 1n; term !== 0n; k++) {
    term = -m(term, x2) / ((2n * k - 1n) * (2n * k));
    c += term;
  }
  for (let i = 0n; i < steps; i++) {
    const s2 = 2n * m(s, c);
    c = m(c, c) - m(s, s);
    s = s2;
  }
  return { s: s >> GUARD, c: c >> GUARD };
}

/** x mod pi/2: the quadrant n (mod 4) and the remainder r (|r| <= pi/4). */
function reduce(x: bigint): { n: bigint; r: bigint } {
  const n = roundDiv(x << EXTRA, PIO2_EXTRA);
  const r = ((x << EXTRA) - n * PIO2_EXTRA) >> EXTRA;
  return { n: ((n % 4n) + 4n) % 4n, r };
}

export function sinRef(x: bigint): bigint {
  const { n, r } = reduce(x);
  const { s, c } = sinCosSmall(r);
  return [s, c, -s, -c][Number(n)] as bigint;
}

export function cosRef(x: bigint): bigint {
  const { n, r } = reduce(x);
  const { s, c } = sinCosSmall(r);
  return [c, -s, -c, s][Number(n)] as bigint;
}

export function tanRef(x: bigint): bigint {
  const { n, r } = reduce(x);
  const { s, c } = sinCosSmall(r);
  return n % 2n === 0n ? div(s, c) : -div(c, s);
}

/** atan of a fixed-point |x| <= 1: six argument halvings, then the series. */
function atanSmall(x: bigint): bigint {
  const halvings = 6n;
  let y = x << GUARD;
  const one = ONE << GUARD;
  const m = (a: bigint, b: bigint) => (a * b) >> (W + GUARD);
  for (let i = 0n; i < halvings; i++) {
    // atan(y) = 2 atan(y / (1 + sqrt(1 + y^2)))
    const root = isqrt((one + m(y, y)) << (W + GUARD));
    y = (y << (W + GUARD)) / (one + root);
  }
  const y2 = m(y, y);
  let sum = y;
  let power = y;
  for (let k = 1n; power !== 0n; k++) {
    power = -m(power, y2);
    sum += power / (2n * k + 1n);
  }
  return (sum << halvings) >> GUARD;
}

export function atanRef(x: bigint): bigint {
  if (abs(x) <= ONE) return atanSmall(x);
  const inv = atanSmall(div(ONE, abs(x)));
  return x < 0n ? -(PIO2 - inv) : PIO2 - inv;
}

export function asinRef(x: bigint): bigint {
  if (abs(x) === ONE) return x < 0n ? -PIO2 : PIO2;
  const c = sqrt(ONE - mul(x, x));
  // |x| <= c: atan(x / c); else pi/2 - atan(c / |x|)
  if (abs(x) <= c) return atanSmall(div(x, c));
  const r = PIO2 - atanSmall(div(c, abs(x)));
  return x < 0n ? -r : r;
}

export function acosRef(x: bigint): bigint {
  return PIO2 - asinRef(x);
}

/** atan2(y, x) for finite y, x not both zero. */
export function atan2Ref(y: bigint, x: bigint): bigint {
  let a: bigint;
  if (abs(y) <= abs(x)) a = atanSmall((abs(y) << W) / abs(x));
  else a = PIO2 - atanSmall((abs(x) << W) / abs(y));
  // a = atan(|y| / |x|) in [0, pi/2]
  if (x < 0n) a = PI - a;
  return y < 0n ? -a : a;
}

/** e^x; 2^1030 stands for "overflows". */
export function expRef(x: bigint): bigint {
  if (x > 710n * ONE) return ONE << 1030n;
  if (x < -746n * ONE) return 0n;
  const k = roundDiv(x, LN2);
  const r = x - k * LN2; // |r| <= ln2/2 (+ k * 2^-W)
  const steps = 16n;
  const one = ONE << GUARD;
  const m = (a: bigint, b: bigint) => (a * b) >> (W + GUARD);
  const y = (r << GUARD) >> steps;
  let sum = one;
  let term = one;
  for (let n = 1n; term !== 0n; n++) {
    term = m(term, y) / n;
    sum += term;
  }
  for (let i = 0n; i < steps; i++) sum = m(sum, sum);
  const scaled = k >= 0n ? sum << k : sum >> -k;
  return scaled >> GUARD;
}

export function expm1Ref(x: bigint): bigint {
  if (x < -746n * ONE) return -ONE;
  return expRef(x) - ONE;
}

/** ln v for a fixed-point v > 0. */
export function logFixed(v: bigint): bigint {
  if (v <= 0n) throw new RangeError('log of a non-positive number');
  // v = m * 2^k with m in [1, 2); m in fixed point (dropping bits below 2^-W relative at most).
  const k = BigInt(bitLength(v) - 1) - W;
  const m = k >= 0n ? v >> k : v << -k;
  const one = ONE << GUARD;
  const p = (a: bigint, b: bigint) => (a * b) >> (W + GUARD);
  // m^(1/64) by six square roots, then ln m = 64 * 2 atanh((t - 1) / (t + 1)).
  let t = m << GUARD;
  const roots = 6n;
  for (let i = 0n; i < roots; i++) t = isqrt(t << (W + GUARD));
  const z = ((t - one) << (W + GUARD)) / (t + one);
  const z2 = p(z, z);
  let sum = z;
  let power = z;
  for (let n = 1n; power !== 0n; n++) {
    power = p(power, z2);
    sum += power / (2n * n + 1n);
  }
  return (((2n * sum) << roots) >> GUARD) + k * LN2;
}

export function logRef(x: bigint): bigint {
  return logFixed(x);
}

export function log1pRef(x: bigint): bigint {
  return logFixed(ONE + x);
}

/** x^y for x > 0 (the sign of a negative base with an integer exponent is the caller's). */
export function powRef(x: bigint, y: bigint): bigint {
  return expRef(mul(y, logFixed(x)));
}

/** The reference in ulps of the exact result: |got - exact| / ulp(exact), to 1/1000 of an ulp. */
export function ulpError(got: number, exact: bigint): number {
  const maxDouble = (((1n << 53n) - 1n) << 971n) << W;
  if (got === Number.POSITIVE_INFINITY || got === Number.NEGATIVE_INFINITY) {
    // Infinity is right when the exact value is beyond the largest double (by at least half an ulp,
    // or within an ulp of it, which is what "within 1 ulp" allows).
    const sameSign = got > 0 === exact > 0n;
    return sameSign && abs(exact) >= maxDouble ? 0 : Number.POSITIVE_INFINITY;
  }
  if (Number.isNaN(got)) return Number.POSITIVE_INFINITY;
  const err = abs(fixed(got) - exact);
  const e = BigInt(bitLength(exact) - 1) - W; // exponent of the exact value
  let ulpExp = e - 52n;
  if (ulpExp < -1074n) ulpExp = -1074n;
  const ulpUnits = 1n << (ulpExp + W);
  return Number((err * 1000n) / ulpUnits) / 1000;
}
