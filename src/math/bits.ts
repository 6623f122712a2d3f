/**
 * Exact access to the two 32-bit words of a float64 (fdlibm's GET_HIGH_WORD & co.). Reading and
 * writing bits through a typed array is exact on every platform; the word order is detected once, so
 * the same code runs on little- and big-endian hosts.
 */
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const u32 = new Uint32Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

/** The high word (sign, exponent, top 20 mantissa bits) as a signed 32-bit integer. */
export function highWord(x: number): number {
  f64[0] = x;
  return i32[HI] as number;
}

/** The low word (bottom 32 mantissa bits) as an unsigned 32-bit integer. */
export function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO] as number;
}

/** The float64 whose words are `hi` and `lo` (both taken modulo 2^32). */
export function fromWords(hi: number, lo: number): number {
  i32[HI] = hi;
  u32[LO] = lo >>> 0;
  return f64[0] as number;
}

/** `x` with its low word replaced by `lo`. */
export function withLowWord(x: number, lo: number): number {
  f64[0] = x;
  u32[LO] = lo >>> 0;
  return f64[0] as number;
}

/** `x` with its high word replaced by `hi`. */
export function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0] as number;
}

/** 2^k for -1022 <= k <= 1023, built from its bits (exact). */
export function pow2(k: number): number {
  return fromWords((k + 0x3ff) << 20, 0);
}

const two1023 = pow2(1023);
const twoM1022 = pow2(-1022);
const two53 = pow2(53);

/**
 * `x * 2^n`, rounded once (musl's scalbn): the steps towards the target exponent are exact, and a
 * subnormal result is rounded by the last multiplication only.
 */
export function scalbn(x: number, n: number): number {
  let y = x;
  let k = n;
  if (k > 1023) {
    y *= two1023;
    k -= 1023;
    if (k > 1023) {
      y *= two1023;
      k -= 1023;
      if (k > 1023) k = 1023;
    }
  } else if (k < -1022) {
    // Scale by 2^-1022 * 2^53 (not 2^-1022 alone) so that an intermediate result is never subnormal:
    // a subnormal intermediate would round twice.
    y *= twoM1022 * two53;
    k += 1022 - 53;
    if (k < -1022) {
      y *= twoM1022 * two53;
      k += 1022 - 53;
      if (k < -1022) k = -1022;
    }
  }
  return y * pow2(k);
}
