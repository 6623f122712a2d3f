const b1 = 4 / 11;
const b2 = 6 / 11;
const b3 = 8 / 11;
const b4 = 3 / 4;
const b5 = 9 / 11;
const b6 = 10 / 11;
const b7 = 15 / 16;
const b8 = 21 / 22;
const b9 = 63 / 64;
const b0 = 1 / b1 / b1;

/** Bouncing ease-out (a ball dropped on the end value). */
export function bounceOut(t: number): number {
  if (t < b1) return b0 * t * t;
  if (t < b3) {
    const u = t - b2;
    return b0 * u * u + b4;
  }
  if (t < b6) {
    const u = t - b5;
    return b0 * u * u + b7;
  }
  const u = t - b8;
  return b0 * u * u + b9;
}

/** Bouncing ease-in: `1 - bounceOut(1 - t)`. */
export function bounceIn(t: number): number {
  return 1 - bounceOut(1 - t);
}

/** Bouncing ease-in-out: `bounceIn` then `bounceOut`, each over half the time. */
export function bounceInOut(t: number): number {
  const u = t * 2;
  return (u <= 1 ? 1 - bounceOut(1 - u) : bounceOut(u - 1) + 1) / 2;
}
