/**
 * Directions of arc ends as integer vectors, computed with + - * / and floor only, so an arc covers the
 * same pixels on every platform (V8's Math.sin/cos are not correctly rounded and differ between x86_64
 * and arm64).
 *
 * Angles are degrees clockwise from 12 o'clock, on the screen (y grows downwards): 0 points up, 90 to
 * the right, 180 down, 270 to the left. Any finite number is accepted and taken modulo 360.
 */

/** Length of the integer direction vectors (2^16): angles resolve to ~1e-5 rad, far below a pixel. */
export const directionScale = 65536;

const degToRad = Math.PI / 180;

// Taylor series on [0, pi/4]: the truncation error is below 2e-9, and only + and * are used.
function sinSmall(t: number): number {
  const t2 = t * t;
  return t * (1 - (t2 / 6) * (1 - (t2 / 20) * (1 - (t2 / 42) * (1 - (t2 / 72) * (1 - t2 / 110)))));
}

function cosSmall(t: number): number {
  const t2 = t * t;
  return (
    1 - (t2 / 2) * (1 - (t2 / 12) * (1 - (t2 / 30) * (1 - (t2 / 56) * (1 - (t2 / 90) * (1 - t2 / 132)))))
  );
}

/**
 * The direction of `degrees` (clockwise from 12 o'clock) as an integer vector of length about
 * `directionScale`, written into `out` as `[x, y]` (screen axes, y down).
 */
export function directionOf(degrees: number, out: Int32Array): void {
  const a = degrees - 360 * Math.floor(degrees / 360); // [0, 360]
  const quadrant = Math.floor(a / 90) & 3;
  let f = a - 90 * Math.floor(a / 90); // [0, 90)
  // sin and cos of f from the half of the quadrant nearer 0, where the series is short.
  let s: number;
  let c: number;
  if (f <= 45) {
    f *= degToRad;
    s = sinSmall(f);
    c = cosSmall(f);
  } else {
    f = (90 - f) * degToRad;
    s = cosSmall(f);
    c = sinSmall(f);
  }
  // Screen direction of angle A is (sin A, -cos A); A = 90 q + f.
  let x: number;
  let y: number;
  switch (quadrant) {
    case 0:
      x = s;
      y = -c;
      break;
    case 1:
      x = c;
      y = s;
      break;
    case 2:
      x = -s;
      y = c;
      break;
    default:
      x = -c;
      y = -s;
      break;
  }
  out[0] = Math.floor(x * directionScale + 0.5);
  out[1] = Math.floor(y * directionScale + 0.5);
}
