import type { EasingFn } from './types.js';

/**
 * `steps(n)`: jumps in `n` equal steps at the end of each interval (CSS `steps(n, jump-end)`):
 * `floor(t × n) / n`, and exactly 1 at t = 1. `n` is a whole number >= 1.
 */
export function steps(n: number): EasingFn {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`steps(n): n must be a whole number >= 1, received ${n}`);
  return (t: number) => (t >= 1 ? 1 : t <= 0 ? 0 : Math.floor(t * n) / n);
}
