/**
 * Copying pixels in: a framebuffer onto another (sprites, cached icons, off-screen layers), optionally
 * with a transparent colour, and a 1-bit mask in one ink (glyphs, icons in XBM/BDF form).
 *
 * Both clip the destination rectangle once and then walk only the visible part of the source.
 */
import { type Framebuffer, rgbToValue, valueToRgb } from './framebuffer.js';
import type { RgbaImage } from './png.js';
import { pixelOf } from './span.js';

/**
 * A 1-bit image: row-major, each row `stride` bytes (default `ceil(width / 8)`), the leftmost pixel in
 * the most significant bit of its byte (the layout of BDF bitmaps and XBM files); 1 draws.
 */
export interface Mask {
  readonly width: number;
  readonly height: number;
  readonly bits: Uint8Array;
  /** Bytes per row; default `ceil(width / 8)`. */
  readonly stride?: number;
}

/**
 * Copy `src` onto `fb` with its top-left pixel at (x, y). `transparent` is a value of `src`'s format
 * that is not copied (default -1: copy everything). A source of another format is converted pixel by
 * pixel through its colour (`rgbToValue(fb.format, valueToRgb(src.format, v))`). `src` may not be `fb`.
 */
export function blit(fb: Framebuffer, src: Framebuffer, x: number, y: number, transparent = -1): void {
  if (src === fb) throw new RangeError('blit: the source is the destination framebuffer; blit from a copy');
  const px = pixelOf(x);
  const py = pixelOf(y);
  if (Number.isNaN(px + py)) return;
  const c = fb.clip;
  const x0 = Math.max(px, c.x);
  const y0 = Math.max(py, c.y);
  const x1 = Math.min(px + src.width, c.x + c.w);
  const y1 = Math.min(py + src.height, c.y + c.h);
  if (x1 <= x0 || y1 <= y0) return;
  const W = fb.width;
  const SW = src.width;
  const dst = fb.pixels;
  const from = src.pixels;
  const n = x1 - x0;
  const same = src.format === fb.format;
  for (let yy = y0; yy < y1; yy++) {
    let s = (yy - py) * SW + (x0 - px);
    let d = yy * W + x0;
    if (same && transparent < 0) {
      // A loop, not set(subarray): a view per row would allocate on every frame.
      for (const end = d + n; d < end; d++, s++) dst[d] = from[s] as number;
      continue;
    }
    for (const end = d + n; d < end; d++, s++) {
      const v = from[s] as number;
      if (v === transparent) continue;
      dst[d] = same ? v : rgbToValue(fb.format, valueToRgb(src.format, v));
    }
  }
}

/**
 * Draw the 1 bits of `mask` in `value` with its top-left pixel at (x, y); 0 bits draw `background`
 * when it is given (>= 0) and are transparent otherwise (the default). Throws when `bits` is shorter
 * than the mask's size needs.
 */
export function drawMask(
  fb: Framebuffer,
  mask: Mask,
  x: number,
  y: number,
  value: number,
  background = -1,
): void {
  const stride = mask.stride ?? (mask.width + 7) >> 3;
  if (mask.bits.length < stride * mask.height || stride * 8 < mask.width) {
    throw new RangeError(
      `drawMask: a ${mask.width}x${mask.height} mask with stride ${stride} needs ${stride * mask.height} bytes, received ${mask.bits.length}`,
    );
  }
  const px = pixelOf(x);
  const py = pixelOf(y);
  if (Number.isNaN(px + py)) return;
  const c = fb.clip;
  const x0 = Math.max(px, c.x);
  const y0 = Math.max(py, c.y);
  const x1 = Math.min(px + mask.width, c.x + c.w);
  const y1 = Math.min(py + mask.height, c.y + c.h);
  if (x1 <= x0 || y1 <= y0) return;
  const W = fb.width;
  const dst = fb.pixels;
  const bits = mask.bits;
  const opaque = background >= 0;
  const mx0 = x0 - px;
  const n = x1 - x0;
  for (let yy = y0; yy < y1; yy++) {
    const row = (yy - py) * stride;
    let d = yy * W + x0;
    for (let mx = mx0, end = mx0 + n; mx < end; mx++, d++) {
      if (((bits[row + (mx >> 3)] as number) & (0x80 >> (mx & 7))) !== 0) dst[d] = value;
      else if (opaque) dst[d] = background;
    }
  }
}

/** The mask of an RGBA image's opaque pixels: alpha >= `threshold` (default 128) is 1. */
export function alphaMask(image: RgbaImage, threshold = 128): Mask {
  const stride = (image.width + 7) >> 3;
  const bits = new Uint8Array(stride * image.height);
  const data = image.data;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if ((data[(y * image.width + x) * 4 + 3] as number) >= threshold) {
        const at = y * stride + (x >> 3);
        bits[at] = (bits[at] as number) | (0x80 >> (x & 7));
      }
    }
  }
  return { width: image.width, height: image.height, bits, stride };
}
