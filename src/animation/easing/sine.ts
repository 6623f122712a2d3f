import { detMath } from '../../math/index.js';

const halfPi = Math.PI / 2;

/** Sinusoidal ease-in; exact 1 at t = 1 (cos(π/2) is not exactly 0 in float64). */
export function sineIn(t: number): number {
  return +t === 1 ? 1 : 1 - detMath.cos(t * halfPi);
}

export function sineOut(t: number): number {
  return detMath.sin(t * halfPi);
}

export function sineInOut(t: number): number {
  return (1 - detMath.cos(Math.PI * t)) / 2;
}
