/**
 * Filled polygons and triangles, and lines wider than one pixel (a needle, a thick stroke), by scanline.
 *
 * Vertices are points in pixel units where pixel (x, y) is the unit square from (x, y) to (x + 1, y + 1),
 * its centre at (x + 0.5, y + 0.5); they are rounded to 1/256 pixel. A pixel is filled when its centre
 * lies inside the polygon by the even-odd rule; a centre exactly on a left or top edge is inside, on a
 * right or bottom edge outside, so two polygons sharing an edge never both fill a pixel along it. Every
 * crossing is computed in integers (1/256 pixel fixed point, exact division), so the same polygon
 * covers the same pixels on every platform. Each row's spans are clipped before they are filled.
 *
 * Coordinates must lie within +-32768 pixels of the origin (the fixed-point products stay exact);
 * a polygon reaching further draws nothing.
 */
import type { Framebuffer } from './framebuffer.js';
import { ceilDiv } from './intdiv.js';
import { fillSpan } from './span.js';

const sub = 256;
const half = 128;
const limit = 32768 * sub;

// Scratch, grown on demand: fixed-point vertices and one row's crossings.
let fx = new Float64Array(16);
let fy = new Float64Array(16);
let crossings = new Float64Array(16);

function ensure(n: number): void {
  if (fx.length < n) {
    fx = new Float64Array(n * 2);
    fy = new Float64Array(n * 2);
    crossings = new Float64Array(n * 2);
  }
}

/** Fill the polygon held in fx/fy[0..n), fixed point. */
function fillFixed(fb: Framebuffer, n: number, value: number): void {
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = fx[i] as number;
    const y = fy[i] as number;
    if (!(x >= -limit && x <= limit && y >= -limit && y <= limit)) return;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  const c = fb.clip;
  // Rows whose centre y * 256 + 128 lies in [yMin, yMax).
  const top = Math.max(c.y, ceilDiv(yMin - half, sub));
  const bottom = Math.min(c.y + c.h - 1, ceilDiv(yMax - half, sub) - 1);
  for (let row = top; row <= bottom; row++) {
    const yc = row * sub + half;
    let count = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      // The edge from its upper end (a) to its lower end (b).
      const down = (fy[j] as number) < (fy[i] as number);
      const xa = (down ? fx[j] : fx[i]) as number;
      const ya = (down ? fy[j] : fy[i]) as number;
      const xb = (down ? fx[i] : fx[j]) as number;
      const yb = (down ? fy[i] : fy[j]) as number;
      if (ya === yb) continue;
      if (yc < ya || yc >= yb) continue;
      // The edge crosses the row's centre line at x = xa + (yc - ya) (xb - xa) / (yb - ya); the first
      // pixel whose centre is at or right of it is ceil((x - 128) / 256).
      const den = yb - ya;
      const p = ceilDiv(xa * den + (yc - ya) * (xb - xa) - half * den, sub * den);
      // Insertion sort: a row crosses few edges.
      let k = count++;
      while (k > 0 && (crossings[k - 1] as number) > p) {
        crossings[k] = crossings[k - 1] as number;
        k--;
      }
      crossings[k] = p;
    }
    for (let k = 0; k + 1 < count; k += 2) {
      const from = crossings[k] as number;
      const to = (crossings[k + 1] as number) - 1;
      if (to >= from) fillSpan(fb, row, from, to, value);
    }
  }
}

/**
 * Fill the polygon whose vertices are `points` = `[x0, y0, x1, y1, ...]` (pixel units, see the top of
 * this file). Fewer than three vertices draw nothing; the last vertex joins the first.
 */
export function fillPolygon(fb: Framebuffer, points: ArrayLike<number>, value: number): void {
  const n = points.length >> 1;
  if (n < 3) return;
  ensure(n);
  for (let i = 0; i < n; i++) {
    fx[i] = Math.floor((points[2 * i] as number) * sub + 0.5);
    fy[i] = Math.floor((points[2 * i + 1] as number) * sub + 0.5);
  }
  fillFixed(fb, n, value);
}

/** Fill the triangle (x0, y0), (x1, y1), (x2, y2) (pixel units, see `fillPolygon`). */
export function fillTriangle(
  fb: Framebuffer,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  value: number,
): void {
  ensure(3);
  fx[0] = Math.floor(x0 * sub + 0.5);
  fy[0] = Math.floor(y0 * sub + 0.5);
  fx[1] = Math.floor(x1 * sub + 0.5);
  fy[1] = Math.floor(y1 * sub + 0.5);
  fx[2] = Math.floor(x2 * sub + 0.5);
  fy[2] = Math.floor(y2 * sub + 0.5);
  fillFixed(fb, 3, value);
}

/**
 * The pixels of a line `width` pixels wide (`drawLine` with a width > 1) from pixel (x0, y0) to pixel
 * (x1, y1), square ends: the rectangle around the segment between the two pixels' centres, lengthened
 * by half a pixel at each end, so a horizontal or vertical wide line covers both end pixels and exactly
 * `width` rows or columns (for an even width, the extra one above or left of the centre). A zero-length
 * line is a `width` x `width` square. Uses only + - * / and sqrt, which give the same bits everywhere.
 */
export function fillWideLine(
  fb: Framebuffer,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  value: number,
  width: number,
): void {
  const w = Math.floor(width + 0.5);
  if (!(w > 0)) return;
  const ax = Math.floor(x0 + 0.5);
  const ay = Math.floor(y0 + 0.5);
  const bx = Math.floor(x1 + 0.5);
  const by = Math.floor(y1 + 0.5);
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.sqrt(dx * dx + dy * dy);
  // Unit direction (a point takes the x axis); along: half a pixel past each centre (half the width
  // for a point, making a square); across: half the width; in fixed point.
  const ux = len === 0 ? 1 : dx / len;
  const uy = len === 0 ? 0 : dy / len;
  const along = len === 0 ? w * half : half;
  const ex = ux * along;
  const ey = uy * along;
  const nx = -uy * w * half;
  const ny = ux * w * half;
  const cx0 = ax * sub + half - ex;
  const cy0 = ay * sub + half - ey;
  const cx1 = bx * sub + half + ex;
  const cy1 = by * sub + half + ey;
  ensure(4);
  fx[0] = Math.floor(cx0 + nx + 0.5);
  fy[0] = Math.floor(cy0 + ny + 0.5);
  fx[1] = Math.floor(cx1 + nx + 0.5);
  fy[1] = Math.floor(cy1 + ny + 0.5);
  fx[2] = Math.floor(cx1 - nx + 0.5);
  fy[2] = Math.floor(cy1 - ny + 0.5);
  fx[3] = Math.floor(cx0 - nx + 0.5);
  fy[3] = Math.floor(cy0 - ny + 0.5);
  fillFixed(fb, 4, value);
}
