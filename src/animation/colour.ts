/**
 * Colour strings as animations emit them: `'#rrggbb'` (or `'#rgb'` on input). One parser for every
 * layer: the animation engine parses keyframe colours with it, the renderer maps frame colours to a
 * framebuffer's pixel format with it.
 */

/** `0xRRGGBB` of a `'#rrggbb'` or `'#rgb'` string (hex digits in either case), or -1 if it is not one. */
export function parseColour(value: string): number {
  const n = value.length;
  if ((n !== 4 && n !== 7) || value.charCodeAt(0) !== 35 /* # */) return -1;
  let rgb = 0;
  for (let i = 1; i < n; i++) {
    const d = hexDigit(value.charCodeAt(i));
    if (d < 0) return -1;
    rgb = n === 4 ? (rgb << 8) | (d << 4) | d : (rgb << 4) | d;
  }
  return rgb;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f
  return -1;
}

/** `'#rrggbb'` (lower case) of `0xRRGGBB`. */
export function formatColour(rgb: number): `#${string}` {
  return `#${(rgb & 0xffffff).toString(16).padStart(6, '0')}`;
}
