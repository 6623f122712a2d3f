/**
 * Rectangles in pixels: what a widget occupies, what a clip allows, what changed between two frames.
 * Integer coordinates, half-open: a rectangle covers columns `x .. x + w - 1` and rows `y .. y + h - 1`.
 * A rectangle with `w <= 0` or `h <= 0` is empty.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A rectangle that can be updated in place (damage accumulators, clip stacks). */
export interface MutableRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Does `r` cover no pixel (a width or height of 0 or less)? */
export function isEmpty(r: Rect): boolean {
  return r.w <= 0 || r.h <= 0;
}

/** The intersection of `a` and `b` (empty, with `w = h = 0`, when they do not overlap). */
export function intersect(a: Rect, b: Rect): Rect {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: x0, y: y0, w: 0, h: 0 };
}

/** The smallest rectangle holding both (an empty side is ignored). */
export function union(a: Rect, b: Rect): Rect {
  if (isEmpty(a)) return { x: b.x, y: b.y, w: b.w, h: b.h };
  if (isEmpty(b)) return { x: a.x, y: a.y, w: a.w, h: a.h };
  const x0 = Math.min(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  return { x: x0, y: y0, w: Math.max(a.x + a.w, b.x + b.w) - x0, h: Math.max(a.y + a.h, b.y + b.h) - y0 };
}

/** Do `a` and `b` share at least one pixel? */
export function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h && !isEmpty(a) && !isEmpty(b)
  );
}

/** Does `outer` cover every pixel of `inner`? */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/**
 * The rectangle grown to whole 8-row pages (SSD1306/SH1106 memory is written a page at a time): `y`
 * rounded down and the bottom rounded up to a multiple of 8, clamped to `height`.
 */
export function toPages(r: Rect, height: number): Rect {
  const y0 = Math.max(0, r.y & ~7);
  const y1 = Math.min(height, (r.y + r.h + 7) & ~7);
  return { x: r.x, y: y0, w: r.w, h: Math.max(0, y1 - y0) };
}

/** Are `a` and `b` the same rectangle (position and size)? */
export function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}
