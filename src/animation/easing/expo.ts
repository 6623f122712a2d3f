import { tpmt } from './tpmt.js';

/** Exponential ease-in (2^(10(t-1)), adjusted to be exactly 0 at t = 0). */
export function expoIn(t: number): number {
  return tpmt(1 - t);
}

/** Exponential ease-out: `1 - expoIn(1 - t)`, exactly 1 at t = 1. */
export function expoOut(t: number): number {
  return 1 - tpmt(t);
}

/** Exponential ease-in-out. */
export function expoInOut(t: number): number {
  const u = t * 2;
  return (u <= 1 ? tpmt(1 - u) : 2 - tpmt(u - 1)) / 2;
}
