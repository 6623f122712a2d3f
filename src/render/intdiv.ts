/** Exact integer division for the drawing layer's geometry (values well inside 2^53). */

/** `floor(a / b)` for integers, `b > 0`, exact where the float quotient might round across an integer. */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b) + 0; // + 0: never -0 (see circle.ts)
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** `ceil(a / b)` for integers, `b > 0`. */
export function ceilDiv(a: number, b: number): number {
  return 0 - floorDiv(0 - a, b);
}
