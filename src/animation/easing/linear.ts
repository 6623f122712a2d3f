/** No easing: `f(t) = t`. */
export function linear(t: number): number {
  return +t;
}
