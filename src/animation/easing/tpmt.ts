import { detMath } from '../../math/index.js';

/**
 * `2^(-10t)` shifted and scaled so that it is exactly 1 at t = 0 and exactly 0 at t = 1 (d3-ease's
 * trick): the exponential and elastic easings then hit 0 and 1 exactly at their ends.
 */
export function tpmt(x: number): number {
  return (detMath.pow(2, -10 * x) - 0.0009765625) * 1.0009775171065494;
}
