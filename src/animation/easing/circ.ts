/** Circular ease-in: `1 - sqrt(1 - t²)`. */
export function circIn(t: number): number {
  return 1 - Math.sqrt(1 - t * t);
}

/** Circular ease-out: `sqrt(1 - (1 - t)²)`. */
export function circOut(t: number): number {
  const u = t - 1;
  return Math.sqrt(1 - u * u);
}

/** Circular ease-in-out. */
export function circInOut(t: number): number {
  let u = t * 2;
  if (u <= 1) return (1 - Math.sqrt(1 - u * u)) / 2;
  u -= 2;
  return (Math.sqrt(1 - u * u) + 1) / 2;
}
