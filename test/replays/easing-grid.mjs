// Hashes of every registered easing over a fixed grid: the golden any platform must match. Plain
// JavaScript that takes the library as a parameter (see determinism-scene.mjs).
import { createHash } from 'node:crypto';

export const name = 'easing-grid';

/** How the inputs are made: both parts use only exact or correctly rounded operations. */
export const GRID =
  't = i / 99999 for i = 0..99999 (100,000 points on [0, 1], ends included), then t = -0.5 + j / 500 ' +
  'for j = 0..1000 (1,001 points on [-0.5, 1.5]); each value hashed as a little-endian float64, every ' +
  'NaN as 0x7ff8000000000000';

/** The grid's inputs, in order. */
export function gridInputs() {
  const t = new Float64Array(100_000 + 1_001);
  for (let i = 0; i < 100_000; i++) t[i] = i / 99999;
  for (let j = 0; j <= 1000; j++) t[100_000 + j] = -0.5 + j / 500;
  return t;
}

/**
 * Every built-in name (the parameterised forms `steps(n)` and `cubic-bezier(...)` by a few
 * instances), plus the variants that take parameters: a non-integer poly exponent goes through pow.
 */
export function easings(lib) {
  const named = lib
    .easingNames()
    .filter((n) => !n.includes('('))
    .concat([
      'steps(1)',
      'steps(4)',
      'steps(10)',
      'cubic-bezier(0.25,0.1,0.25,1)',
      'cubic-bezier(0.3,-0.5,0.7,1.5)',
    ])
    .map((n) => [n, lib.resolveEasing(n)]);
  return named.concat([
    ['polyIn.exponent(2.5)', lib.polyIn.exponent(2.5)],
    ['polyOut.exponent(0.5)', lib.polyOut.exponent(0.5)],
    ['polyInOut.exponent(1.7)', lib.polyInOut.exponent(1.7)],
    ['backInOut.overshoot(2.5)', lib.backInOut.overshoot(2.5)],
    ['elasticIn.amplitude(1.5)', lib.elasticIn.amplitude(1.5)],
    ['elasticInOut.period(0.45)', lib.elasticInOut.period(0.45)],
  ]);
}

/**
 * The bits of a NaN are not part of its value (JavaScript cannot tell NaNs apart) and differ between
 * CPUs: x86_64 makes 0xfff8000000000000 where arm64 makes 0x7ff8000000000000 (circIn(1.5) is
 * 1 - sqrt(-1.25)). Every NaN is hashed as one pattern.
 */
const CANONICAL_NAN = 0x7ff8000000000000n;

/** One sha256 per easing over the grid. */
export function run(lib) {
  const t = gridInputs();
  const bytes = new DataView(new ArrayBuffer(t.length * 8));
  const out = {};
  for (const [label, fn] of easings(lib)) {
    for (let i = 0; i < t.length; i++) {
      const v = fn(t[i]);
      if (Number.isNaN(v)) bytes.setBigUint64(i * 8, CANONICAL_NAN, true);
      else bytes.setFloat64(i * 8, v, true);
    }
    out[label] = createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
  }
  return out;
}
