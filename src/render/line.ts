/**
 * Lines of any slope, one pixel wide, both end points included.
 *
 * The line steps one pixel at a time along its major axis (x when `|dx| >= |dy|`, else y); at step `k`
 * the minor axis has moved `floor((2 k |dminor| + dmajor) / (2 dmajor))` pixels: the nearest pixel to
 * the ideal line, a tie going one step further along the minor axis. The end points are put in
 * increasing major order first, so a line from A to B and from B to A are the same pixels.
 *
 * Clipping is exact and done before the loop: the steps whose pixel lies inside the clip form one
 * range (each axis is monotonic in `k`), found with integer division, and the loop starts there with
 * the error term it would have had. A clipped line is therefore pixel for pixel the unclipped line
 * inside the clip, and the inner loop carries no bounds check.
 */
import type { Framebuffer } from './framebuffer.js';
import { ceilDiv, floorDiv } from './intdiv.js';
import { fillWideLine } from './polygon.js';
import { drawHLine, drawVLine, pixelOf } from './span.js';

/**
 * A line from (x0, y0) to (x1, y1), both ends included, `width` pixels wide (default 1). Width 1 is the
 * stepped one-pixel line described above; a wider line is the polygon `fillWideLine` describes (see
 * `polygon.ts`); `width <= 0` draws nothing.
 */
export function drawLine(
  fb: Framebuffer,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  value: number,
  width = 1,
): void {
  if (width !== 1) {
    const w = pixelOf(width);
    if (w > 1) fillWideLine(fb, x0, y0, x1, y1, value, w);
    if (w !== 1) return;
  }
  let ax = pixelOf(x0);
  let ay = pixelOf(y0);
  let bx = pixelOf(x1);
  let by = pixelOf(y1);
  if (Number.isNaN(ax + ay + bx + by)) return;
  if (ay === by) {
    drawHLine(fb, Math.min(ax, bx), ay, Math.abs(bx - ax) + 1, value);
    return;
  }
  if (ax === bx) {
    drawVLine(fb, ax, Math.min(ay, by), Math.abs(by - ay) + 1, value);
    return;
  }
  const xMajor = Math.abs(bx - ax) >= Math.abs(by - ay);
  // Put the end points in increasing major order.
  if (xMajor ? ax > bx : ay > by) {
    // Swapped through temporaries: a destructuring swap may allocate before the optimiser runs.
    const tx = ax;
    ax = bx;
    bx = tx;
    const ty = ay;
    ay = by;
    by = ty;
  }
  const c = fb.clip;
  const W = fb.width;
  // Major axis m, minor axis n: start, extent and the clip's inclusive bounds along each.
  const m0 = xMajor ? ax : ay;
  const n0 = xMajor ? ay : ax;
  const dm = xMajor ? bx - ax : by - ay; // > 0
  const dnSigned = xMajor ? by - ay : bx - ax;
  const sn = dnSigned < 0 ? -1 : 1;
  const dn = dnSigned * sn; // 0 < dn <= dm
  const mLo = xMajor ? c.x : c.y;
  const mHi = (xMajor ? c.x + c.w : c.y + c.h) - 1;
  const nLo = xMajor ? c.y : c.x;
  const nHi = (xMajor ? c.y + c.h : c.x + c.w) - 1;
  if (mHi < mLo || nHi < nLo) return;

  // Steps k in [0, dm] whose major coordinate m0 + k is inside the clip.
  let k0 = Math.max(0, mLo - m0);
  let k1 = Math.min(dm, mHi - m0);
  // Minor offset o(k) = floor((2 k dn + dm) / (2 dm)) must lie in [oLo, oHi].
  const oLo = sn > 0 ? nLo - n0 : n0 - nHi;
  const oHi = sn > 0 ? nHi - n0 : n0 - nLo;
  const dm2 = 2 * dm;
  const dn2 = 2 * dn;
  // o(k) >= oLo  <=>  k >= ceil((2 dm oLo - dm) / (2 dn));  o(k) <= oHi  <=>  k < ((2 dm (oHi + 1) - dm) / (2 dn)).
  k0 = Math.max(k0, ceilDiv(dm2 * oLo - dm, dn2));
  k1 = Math.min(k1, ceilDiv(dm2 * (oHi + 1) - dm, dn2) - 1);
  if (k1 < k0) return;

  const num = dn2 * k0 + dm;
  const o = floorDiv(num, dm2);
  let r = num - o * dm2; // 0 <= r < 2 dm
  const n = n0 + sn * o;
  const m = m0 + k0;
  let i = xMajor ? n * W + m : m * W + n;
  const majorStep = xMajor ? 1 : W;
  const minorStep = xMajor ? sn * W : sn;
  const pixels = fb.pixels;
  for (let k = k0; k <= k1; k++) {
    pixels[i] = value;
    r += dn2;
    if (r >= dm2) {
      r -= dm2;
      i += minorStep;
    }
    i += majorStep;
  }
}
