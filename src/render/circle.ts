/**
 * Circles, rings and arcs, outlined, thick or filled, drawn as row spans.
 *
 * Geometry, all integer: the centre is a pixel; the disc of radius `r` holds the pixels (dx, dy) from
 * the centre with `dx² + dy² <= r² + r`, the set the midpoint circle algorithm traces (radius 0 is one
 * pixel, radius 1 a 3x3 square). A stroke of width `w` is the disc of radius `r` minus the disc of
 * radius `r - w`: it grows inwards from the outer edge, so a circle's outer size does not depend on its
 * width. Width 1 is the classic one-pixel circle; a width beyond `r` fills the disc.
 *
 * Arcs and pie slices take angles in degrees, clockwise from 12 o'clock (0 up, 90 right, 180 down,
 * 270 left), from `startDeg` to `endDeg`: the arc sweeps `endDeg - startDeg` degrees, clockwise when
 * positive and anticlockwise when negative; a sweep of 0 draws nothing and a sweep of 360 or more the
 * whole ring. So `drawArc(fb, cx, cy, r, -120, -120 + 240 * value, ...)` is a gauge from 8 to 4 o'clock.
 * A pixel belongs to the arc when its centre lies inside the angular sector, boundary rays included,
 * decided with integer cross products against the end directions (see `angle.ts`), never with atan2.
 *
 * Each row is clipped before it is filled: the rows outside the clip are not visited, and each span is
 * cut to the clip once, so no pixel is bounds-checked.
 */
import { directionOf } from './angle.js';
import type { Framebuffer } from './framebuffer.js';
import { ceilDiv, floorDiv } from './intdiv.js';
import { fillSpan, maxCoordinate, pixelOf } from './span.js';

/** `floor(sqrt(n))` for an integer `n >= 0`, exact. */
export function isqrt(n: number): number {
  let s = Math.floor(Math.sqrt(n));
  while (s * s > n) s--;
  while ((s + 1) * (s + 1) <= n) s++;
  return s;
}

/**
 * Half the width of the disc of radius `r` on the row `d` rows from its centre: the row holds columns
 * `-halfWidth .. halfWidth`; -1 when the row misses the disc (or `r < 0`).
 */
export function discHalfWidth(r: number, d: number): number {
  if (r < 0) return -1;
  const n = r * r + r - d * d;
  return n < 0 ? -1 : isqrt(n);
}

// Sector state for the row loop, set once per call (module scratch: a call allocates nothing).
// Negations below are written `0 - x` and products `x * y + 0`: -0 is not a small integer to V8, and
// a -0 passed or stored where an integer was expected is boxed on the heap.
const dir = new Int32Array(2);
let sx = 0;
let sy = 0;
let ex = 0;
let ey = 0;
/** `'full'`: no angular limit; `'convex'`: sweep <= 180; `'reflex'`: sweep > 180. */
let sectorKind: 'full' | 'convex' | 'reflex' = 'full';
// Result of `halfPlane`.
let lo = 0;
let hi = 0;

/** Narrow [lo, hi] to the integers x with `coef * x + k >= 0` (`> 0` when strict). */
function halfPlane(coef: number, k: number, strict: boolean): void {
  if (coef > 0) {
    const min = strict ? floorDiv(0 - k, coef) + 1 : ceilDiv(0 - k, coef);
    if (min > lo) lo = min;
  } else if (coef < 0) {
    const max = strict ? ceilDiv(k, 0 - coef) - 1 : floorDiv(k, 0 - coef);
    if (max < hi) hi = max;
  } else if (strict ? k <= 0 : k < 0) {
    hi = lo - 1;
  }
}

/** Fill columns a..b (relative to cx) of row dy (relative to cy), limited to the sector. */
function sectorSpan(
  fb: Framebuffer,
  cx: number,
  cy: number,
  dy: number,
  a: number,
  b: number,
  value: number,
): void {
  if (sectorKind === 'full') {
    fillSpan(fb, cy + dy, cx + a, cx + b, value);
    return;
  }
  lo = a;
  hi = b;
  if (sectorKind === 'convex') {
    // cross(S, p) >= 0 and cross(p, E) >= 0, with p = (x, dy): clockwise from S and anticlockwise from E.
    halfPlane(0 - sy, sx * dy + 0, false);
    halfPlane(ey, 0 - ex * dy, false);
    if (lo <= hi) fillSpan(fb, cy + dy, cx + lo, cx + hi, value);
    return;
  }
  // Reflex: everything but the open convex wedge from E clockwise to S.
  halfPlane(0 - ey, ex * dy + 0, true);
  halfPlane(sy, 0 - sx * dy, true);
  if (lo > hi) {
    fillSpan(fb, cy + dy, cx + a, cx + b, value);
    return;
  }
  const cutLo = lo;
  const cutHi = hi;
  if (cutLo > a) fillSpan(fb, cy + dy, cx + a, cx + cutLo - 1, value);
  if (cutHi < b) fillSpan(fb, cy + dy, cx + cutHi + 1, cx + b, value);
}

/** Set the sector from the angles; false when the sweep is empty. */
function setSector(startDeg: number, endDeg: number): boolean {
  let sweep = endDeg - startDeg;
  if (!Number.isFinite(sweep) || sweep === 0) return false;
  if (sweep >= 360 || sweep <= -360) {
    sectorKind = 'full';
    return true;
  }
  let from = startDeg;
  if (sweep < 0) {
    from = endDeg;
    sweep = -sweep;
  }
  directionOf(from, dir);
  sx = dir[0] as number;
  sy = dir[1] as number;
  directionOf(from + sweep, dir);
  ex = dir[0] as number;
  ey = dir[1] as number;
  sectorKind = sweep <= 180 ? 'convex' : 'reflex';
  return true;
}

/** The ring between radius r and radius inner (exclusive; inner < 0 for a full disc), in the sector. */
function ring(fb: Framebuffer, cx: number, cy: number, r: number, inner: number, value: number): void {
  const c = fb.clip;
  const top = Math.max(0 - r, c.y - cy);
  const bottom = Math.min(r, c.y + c.h - 1 - cy);
  for (let dy = top; dy <= bottom; dy++) {
    const d = dy < 0 ? 0 - dy : dy;
    const a = discHalfWidth(r, d);
    if (a < 0) continue;
    const b = discHalfWidth(inner, d);
    if (b < 0) {
      sectorSpan(fb, cx, cy, dy, 0 - a, a, value);
    } else {
      sectorSpan(fb, cx, cy, dy, 0 - a, -b - 1, value);
      sectorSpan(fb, cx, cy, dy, b + 1, a, value);
    }
  }
}

function roundRadius(r: number): number {
  const p = pixelOf(r);
  return p >= 0 && p <= maxCoordinate ? p : Number.NaN;
}

/**
 * A circle of radius `r` centred on pixel (cx, cy), stroked `width` pixels wide inwards (default 1).
 * `r < 0` or `width <= 0` draws nothing; radius 0 is the centre pixel.
 */
export function drawCircle(
  fb: Framebuffer,
  cx: number,
  cy: number,
  r: number,
  value: number,
  width = 1,
): void {
  const x = pixelOf(cx);
  const y = pixelOf(cy);
  const pr = roundRadius(r);
  const pw = pixelOf(width);
  if (Number.isNaN(x + y + pr) || !(pw > 0)) return;
  sectorKind = 'full';
  ring(fb, x, y, pr, pr - pw, value);
}

/** A filled disc of radius `r` centred on pixel (cx, cy). `r < 0` draws nothing. */
export function fillCircle(fb: Framebuffer, cx: number, cy: number, r: number, value: number): void {
  const x = pixelOf(cx);
  const y = pixelOf(cy);
  const pr = roundRadius(r);
  if (Number.isNaN(x + y + pr)) return;
  sectorKind = 'full';
  ring(fb, x, y, pr, -1, value);
}

/**
 * An arc of the circle of radius `r` centred on (cx, cy), from `startDeg` to `endDeg` (degrees
 * clockwise from 12 o'clock; see the top of this file), stroked `width` pixels wide inwards (default 1;
 * a width beyond `r` gives a pie slice).
 */
export function drawArc(
  fb: Framebuffer,
  cx: number,
  cy: number,
  r: number,
  startDeg: number,
  endDeg: number,
  value: number,
  width = 1,
): void {
  const x = pixelOf(cx);
  const y = pixelOf(cy);
  const pr = roundRadius(r);
  const pw = pixelOf(width);
  if (Number.isNaN(x + y + pr) || !(pw > 0)) return;
  if (!setSector(startDeg, endDeg)) return;
  ring(fb, x, y, pr, pr - pw, value);
}

/** A filled pie slice of the disc of radius `r` centred on (cx, cy), from `startDeg` to `endDeg`. */
export function fillArc(
  fb: Framebuffer,
  cx: number,
  cy: number,
  r: number,
  startDeg: number,
  endDeg: number,
  value: number,
): void {
  const x = pixelOf(cx);
  const y = pixelOf(cy);
  const pr = roundRadius(r);
  if (Number.isNaN(x + y + pr)) return;
  if (!setSector(startDeg, endDeg)) return;
  ring(fb, x, y, pr, -1, value);
}
