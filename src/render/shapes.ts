/**
 * Rectangles, square or with rounded corners, outlined (any stroke width) or filled, drawn as row
 * spans clipped once per row.
 *
 * A rectangle `(x, y, w, h)` covers columns `x .. x + w - 1` and rows `y .. y + h - 1`, like `Rect`; an
 * outline of width `t` lies inside it (the outer edge is the rectangle's edge), so a bordered box and a
 * filled box of the same rectangle cover the same pixels. A corner of radius `r` is the quarter of the
 * disc of radius `r` drawn by `fillCircle` (so radius 1 is square and radius 2 cuts the corner pixel);
 * the radius is limited to half the shorter side. The inner edge of a rounded outline is rounded with
 * radius `r - t`, so the stroke keeps its width around the corner.
 */
import { discHalfWidth } from './circle.js';
import type { Framebuffer } from './framebuffer.js';
import { fillSpan, pixelOf } from './span.js';

/** Columns the rounded rectangle (x, y, w, h, radius rad, already limited) leaves out on row yy's left and right. */
function inset(y: number, h: number, rad: number, yy: number): number {
  if (rad <= 0) return 0;
  const fromTop = y + rad - yy;
  const fromBottom = yy - (y + h - 1 - rad);
  const d = fromTop > 0 ? fromTop : Math.max(fromBottom, 0);
  return rad - discHalfWidth(rad, d);
}

function limitRadius(radius: number, w: number, h: number): number {
  const r = pixelOf(radius);
  if (!(r > 0)) return 0;
  const max = (Math.min(w, h) - 1) >> 1;
  return Math.min(r, max);
}

/**
 * Fill the rectangle (x, y, w, h), with corners rounded to `radius` (default 0: square). An empty size
 * (`w <= 0` or `h <= 0`) draws nothing.
 */
export function fillRect(
  fb: Framebuffer,
  x: number,
  y: number,
  w: number,
  h: number,
  value: number,
  radius = 0,
): void {
  const px = pixelOf(x);
  const py = pixelOf(y);
  const pw = pixelOf(w);
  const ph = pixelOf(h);
  if (Number.isNaN(px + py) || !(pw > 0) || !(ph > 0)) return;
  const rad = limitRadius(radius, pw, ph);
  if (rad === 0) {
    fb.fillRect(px, py, pw, ph, value);
    return;
  }
  const c = fb.clip;
  const top = Math.max(py, c.y);
  const bottom = Math.min(py + ph, c.y + c.h);
  const right = px + pw - 1;
  for (let yy = top; yy < bottom; yy++) {
    const i = inset(py, ph, rad, yy);
    fillSpan(fb, yy, px + i, right - i, value);
  }
}

/**
 * Outline the rectangle (x, y, w, h) with a stroke `width` pixels wide inside it (default 1), corners
 * rounded to `radius` (default 0). An empty size or `width <= 0` draws nothing; a stroke as wide as
 * half the shorter side fills the rectangle.
 */
export function drawRect(
  fb: Framebuffer,
  x: number,
  y: number,
  w: number,
  h: number,
  value: number,
  width = 1,
  radius = 0,
): void {
  const px = pixelOf(x);
  const py = pixelOf(y);
  const pw = pixelOf(w);
  const ph = pixelOf(h);
  const t = pixelOf(width);
  if (Number.isNaN(px + py) || !(pw > 0) || !(ph > 0) || !(t > 0)) return;
  const rad = limitRadius(radius, pw, ph);
  // The hole: the rectangle shrunk by t on every side, its corners rounded by rad - t.
  const ix = px + t;
  const iy = py + t;
  const iw = pw - 2 * t;
  const ih = ph - 2 * t;
  if (iw <= 0 || ih <= 0) {
    fillRect(fb, px, py, pw, ph, value, rad);
    return;
  }
  const irad = limitRadius(rad - t, iw, ih);
  const c = fb.clip;
  const top = Math.max(py, c.y);
  const bottom = Math.min(py + ph, c.y + c.h);
  const right = px + pw - 1;
  const iright = ix + iw - 1;
  for (let yy = top; yy < bottom; yy++) {
    const o = inset(py, ph, rad, yy);
    if (yy < iy || yy >= iy + ih) {
      fillSpan(fb, yy, px + o, right - o, value);
      continue;
    }
    const i = inset(iy, ih, irad, yy);
    fillSpan(fb, yy, px + o, ix + i - 1, value);
    fillSpan(fb, yy, iright - i + 1, right - o, value);
  }
}
