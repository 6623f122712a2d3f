import { exp, expm1 } from './exp.js';
import { acos, asin, atan, atan2 } from './inverse-trig.js';
import { log, log1p } from './log.js';
import { pow } from './pow.js';
import { cos, sin, tan } from './trig.js';

/**
 * Math functions that return the same bits on every platform, for everything that feeds a frame.
 *
 * `Math.sin`, `Math.exp`, `Math.pow` (and `**`) & co. are not correctly rounded in V8 and are
 * compiled differently per architecture: on some inputs x86_64 and arm64 differ by an ulp, and
 * through an easing that can move a pixel. These are written only with operations IEEE 754 defines
 * exactly (`+ - * /`, `Math.sqrt`, comparisons, bit access through typed arrays, and BigInt for the
 * reduction of huge trigonometric arguments), so a replay gives the same frames on a laptop and on
 * a Raspberry Pi. Use them in your own map functions and custom easings too: a callback that calls
 * `Math.sin` is not portable bit for bit.
 *
 * Accuracy: within 1 ulp of the exact result for every finite input (fdlibm's algorithms, tested
 * against BigInt references), including subnormals; `-0`, `Infinity` and `NaN` behave as in `Math`
 * (`pow` follows `**`, e.g. `pow(1, NaN)` is NaN). sin, cos and tan reduce every finite argument
 * exactly: Cody-Waite below 2^20 * pi/2 (about 1.6e6), an exact BigInt reduction above it (a few
 * microseconds a call, against tens of nanoseconds, but correct up to 1.8e308).
 */
export const detMath = Object.freeze({
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  atan2,
  exp,
  expm1,
  log,
  log1p,
  pow,
  /** IEEE 754 square root (exact everywhere; here so `detMath` can replace `Math` in a formula). */
  sqrt: Math.sqrt,
});

/** The type of `detMath`. */
export type DetMath = typeof detMath;
