import { detMath } from '../../math/index.js';

const halfPi = Math.PI / 2;

/** Sinusoidal ease-in; exact 1 at t = 1 (cos(π/2) is not exactly 0 in float64). */
export function sineIn(t: number): number {
  return +t === 1 ? 1 : 1 - detMath.cos(t * halfPi);
}

/** Sinusoidal ease-out: `sin(t·π/2)`. */
export function sineOut(t: number): number {
  return detMath.sin(t * halfPi);
}

/** Sinusoidal ease-in-out: `(1 - cos(π·t)) / 2`. */
export function sineInOut(t: number): number {
  return (1 - detMath.cos(Math.PI * t)) / 2;
}
