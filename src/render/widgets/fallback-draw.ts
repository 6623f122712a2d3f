/**
 * TEMPORARY: the two drawing routines the widgets need before the drawing module lands on main
 * (`line`, `strokeRect`). Replace the imports with the drawing module's and delete this file.
 */
import type { Framebuffer } from '../framebuffer.js';

/** A 1-pixel line from (x0, y0) to (x1, y1), both ends included (Bresenham), clipped by `fb.set`. */
export function fallbackLine(
  fb: Framebuffer,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  value: number,
): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    fb.set(x, y, value);
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/** The outline of a rectangle, `t` pixels thick, inside it. */
export function fallbackStrokeRect(
  fb: Framebuffer,
  x: number,
  y: number,
  w: number,
  h: number,
  t: number,
  value: number,
): void {
  if (w <= 0 || h <= 0 || t <= 0) return;
  fb.fillRect(x, y, w, Math.min(t, h), value);
  fb.fillRect(x, y + h - Math.min(t, h), w, Math.min(t, h), value);
  fb.fillRect(x, y, Math.min(t, w), h, value);
  fb.fillRect(x + w - Math.min(t, w), y, Math.min(t, w), h, value);
}
