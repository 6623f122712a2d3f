/**
 * Spans: horizontal and vertical runs of one value, clipped once per run, never per pixel. Every
 * filled shape of the drawing layer ends here, one row span at a time.
 *
 * Coordinates are integer pixels. A coordinate that is not an integer is rounded to the nearest one,
 * halves up (`Math.floor(v + 0.5)`), so an animated position moves by whole pixels the same way on
 * every platform; a coordinate that is not finite draws nothing.
 */
import type { Framebuffer } from './framebuffer.js';

/** Shapes and lines whose coordinates lie further out than this from the origin draw nothing. */
export const maxCoordinate = 1 << 24;

/** The integer pixel a coordinate rounds to (halves up); `NaN` when it is not finite or too far. */
export function pixelOf(v: number): number {
  const p = Math.floor(v + 0.5);
  return p >= -maxCoordinate && p <= maxCoordinate ? p : Number.NaN;
}

/**
 * Fill columns `xa..xb` (inclusive, `xa <= xb`) of row `y` with `value`, inside the clip. The drawing
 * layer's inner primitive: callers give integers and have checked nothing.
 */
export function fillSpan(fb: Framebuffer, y: number, xa: number, xb: number, value: number): void {
  const c = fb.clip;
  if (y < c.y || y >= c.y + c.h) return;
  const x0 = Math.max(xa, c.x);
  const x1 = Math.min(xb, c.x + c.w - 1);
  if (x1 < x0) return;
  const row = y * fb.width;
  const pixels = fb.pixels;
  // TypedArray.fill costs a builtin call (tens of ns); a plain loop wins on the short spans of
  // circles, arcs and outlines (measured crossover around 16 pixels here).
  if (x1 - x0 < shortSpan) {
    for (let i = row + x0, end = row + x1; i <= end; i++) pixels[i] = value;
  } else {
    pixels.fill(value, row + x0, row + x1 + 1);
  }
}

const shortSpan = 16;

/** A horizontal line of `w` pixels from (x, y) to the right; `w <= 0` draws nothing. */
export function drawHLine(fb: Framebuffer, x: number, y: number, w: number, value: number): void {
  const px = pixelOf(x);
  const py = pixelOf(y);
  const pw = pixelOf(w);
  if (!(pw > 0) || Number.isNaN(px) || Number.isNaN(py)) return;
  fillSpan(fb, py, px, px + pw - 1, value);
}

/** A vertical line of `h` pixels from (x, y) downwards; `h <= 0` draws nothing. */
export function drawVLine(fb: Framebuffer, x: number, y: number, h: number, value: number): void {
  const px = pixelOf(x);
  const py = pixelOf(y);
  const ph = pixelOf(h);
  if (!(ph > 0) || Number.isNaN(px) || Number.isNaN(py)) return;
  const c = fb.clip;
  if (px < c.x || px >= c.x + c.w) return;
  const y0 = Math.max(py, c.y);
  const y1 = Math.min(py + ph, c.y + c.h);
  const W = fb.width;
  const pixels = fb.pixels;
  for (let i = y0 * W + px, end = y1 * W; i < end; i += W) pixels[i] = value;
}
