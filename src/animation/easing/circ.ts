/** Circular ease-in: `1 - sqrt(1 - t²)`. */
export function circIn(t: number): number {
  return 1 - Math.sqrt(1 - t * t);
}

export function circOut(t: number): number {
  const u = t - 1;
  return Math.sqrt(1 - u * u);
}

export function circInOut(t: number): number {
  let u = t * 2;
  if (u <= 1) return (1 - Math.sqrt(1 - u * u)) / 2;
  u -= 2;
  return (Math.sqrt(1 - u * u) + 1) / 2;
}
