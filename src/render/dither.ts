/**
 * Images (icons, pictures) onto a framebuffer, dithered where the format has few levels.
 *
 * The source is RGBA (4 bytes per pixel, what `decodePng` returns) or grey (1 byte per pixel); which
 * one is told by the length of `data`. Its grey level is the BT.601 luma `luma` computes, in integers.
 * On `mono` (2 levels) and `gray4` (16 levels) the grey is dithered:
 *
 * - `'ordered'`: an 8x8 Bayer matrix anchored at the image's top-left pixel, so an image that moves
 *   keeps its pattern. A pixel of grey g whose matrix entry is t (0..63) takes level
 *   `floor(g L / 255 + (63.5 - t) / 64)` of the L + 1 levels: on mono it is lit when
 *   `g / 255 >= (t + 0.5) / 64`, entry 0 first. Flat areas stay flat, gradients get a regular texture.
 * - `'floyd-steinberg'` (the default): error diffusion left to right, top to bottom, weights 7/16,
 *   3/16, 5/16, 1/16, kept in integers (16ths of a grey level).
 * - `'threshold'`: the nearest level, no dithering.
 *
 * On `gray8` the luma is written as it is; on `rgb565` and `rgb888` each pixel's colour is converted
 * (`rgbToValue`). Pixels whose alpha is below 128 are transparent: not written, and error diffusion
 * drops the error that would flow into them. Only the part inside the clip is written; Floyd-Steinberg
 * still walks the rows above it, whose error reaches the visible ones, so a clipped image shows exactly
 * the pixels of the unclipped one.
 */
import { type Framebuffer, luma, rgbToValue } from './framebuffer.js';
import { pixelOf } from './span.js';

/**
 * How an image becomes mono or grey pixels: `ordered` (Bayer matrix), `floyd-steinberg` (error
 * diffusion) or `threshold`.
 */
export type DitherMode = 'ordered' | 'floyd-steinberg' | 'threshold';

/** Every `DitherMode`. */
export const ditherModes: readonly DitherMode[] = ['ordered', 'floyd-steinberg', 'threshold'];

/**
 * What `ditherInto` draws, row-major: RGBA (`width * height * 4` bytes, as `decodePng` gives) or grey
 * (`width * height` bytes, 0 black .. 255 white).
 */
export interface ImageSource {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The 8x8 Bayer index matrix (0..63), row-major. */
export const bayer8 = Uint8Array.of(
  0,
  32,
  8,
  40,
  2,
  34,
  10,
  42,
  48,
  16,
  56,
  24,
  50,
  18,
  58,
  26,
  12,
  44,
  4,
  36,
  14,
  46,
  6,
  38,
  60,
  28,
  52,
  20,
  62,
  30,
  54,
  22,
  3,
  35,
  11,
  43,
  1,
  33,
  9,
  41,
  51,
  19,
  59,
  27,
  49,
  17,
  57,
  25,
  15,
  47,
  7,
  39,
  13,
  45,
  5,
  37,
  63,
  31,
  55,
  23,
  61,
  29,
  53,
  21,
);

// Scratch rows, grown on demand and kept: drawing an icon every frame allocates nothing after the first.
let rowOut = new Int32Array(0);
let errCur = new Int32Array(0);
let errNext = new Int32Array(0);

function scratch(w: number): void {
  if (rowOut.length < w) {
    rowOut = new Int32Array(w);
    errCur = new Int32Array(w + 2);
    errNext = new Int32Array(w + 2);
  }
}

/**
 * Draw `image` with its top-left pixel at (x, y), dithered with `mode` where `fb`'s format needs it
 * (see the top of this file). Throws when `data` is neither `width * height` nor `width * height * 4`
 * bytes, or the mode is unknown.
 */
export function ditherInto(
  fb: Framebuffer,
  image: ImageSource,
  x: number,
  y: number,
  mode: DitherMode = 'floyd-steinberg',
): void {
  const w = image.width;
  const h = image.height;
  const n = w * h;
  const channels = image.data.length === n * 4 ? 4 : image.data.length === n ? 1 : 0;
  if (channels === 0 || !Number.isInteger(w) || !Number.isInteger(h) || w < 0 || h < 0) {
    throw new RangeError(
      `ditherInto: a ${w}x${h} image needs ${n} grey or ${n * 4} RGBA bytes, received ${image.data.length}`,
    );
  }
  if (!ditherModes.includes(mode)) {
    throw new RangeError(
      `ditherInto: 'mode' must be one of ${ditherModes.join(', ')}, received ${String(mode)}`,
    );
  }
  const px = pixelOf(x);
  const py = pixelOf(y);
  if (Number.isNaN(px + py) || n === 0) return;
  const c = fb.clip;
  // Visible source columns [sx0, sx1) and rows [sy0, sy1).
  const sx0 = Math.max(0, c.x - px);
  const sx1 = Math.min(w, c.x + c.w - px);
  const sy0 = Math.max(0, c.y - py);
  const sy1 = Math.min(h, c.y + c.h - py);
  if (sx1 <= sx0 || sy1 <= sy0) return;
  const format = fb.format;
  const levels = format === 'mono' ? 1 : format === 'gray4' ? 15 : format === 'gray8' ? 255 : 0;
  const data = image.data;
  const dst = fb.pixels;
  const W = fb.width;
  scratch(w);
  const out = rowOut;

  if (levels === 0) {
    // Colour: no dithering, each pixel's colour converted.
    for (let sy = sy0; sy < sy1; sy++) {
      let d = (py + sy) * W + px + sx0;
      for (let sx = sx0; sx < sx1; sx++, d++) {
        const i = sy * w + sx;
        if (channels === 1) {
          const g = data[i] as number;
          dst[d] = rgbToValue(format, (g << 16) | (g << 8) | g);
        } else if ((data[i * 4 + 3] as number) >= 128) {
          const o = i * 4;
          dst[d] = rgbToValue(
            format,
            ((data[o] as number) << 16) | ((data[o + 1] as number) << 8) | (data[o + 2] as number),
          );
        }
      }
    }
    return;
  }

  const diffuse = mode === 'floyd-steinberg' && levels < 255;
  // Error diffusion must walk every row from the top, the others only the visible ones.
  const firstRow = diffuse ? 0 : sy0;
  const firstCol = diffuse ? 0 : sx0;
  const lastCol = diffuse ? w : sx1;
  if (diffuse) {
    errCur.fill(0, 0, w + 2);
    errNext.fill(0, 0, w + 2);
  }
  for (let sy = firstRow; sy < sy1; sy++) {
    const bayerRow = (sy & 7) * 8;
    for (let sx = firstCol; sx < lastCol; sx++) {
      const i = sy * w + sx;
      let g: number;
      if (channels === 1) {
        g = data[i] as number;
      } else {
        const o = i * 4;
        if ((data[o + 3] as number) < 128) {
          out[sx] = -1;
          continue;
        }
        g = luma(((data[o] as number) << 16) | ((data[o + 1] as number) << 8) | (data[o + 2] as number));
      }
      let level: number;
      if (diffuse) {
        // errCur[sx + 1] holds 16x the error flowing into this pixel.
        const v = g + (((errCur[sx + 1] as number) + 8) >> 4);
        level = Math.floor((v * levels + 127) / 255);
        level = level < 0 ? 0 : Math.min(level, levels);
        const e = v - (((level * 255) / levels) | 0);
        errCur[sx + 2] = (errCur[sx + 2] as number) + e * 7;
        errNext[sx] = (errNext[sx] as number) + e * 3;
        errNext[sx + 1] = (errNext[sx + 1] as number) + e * 5;
        errNext[sx + 2] = (errNext[sx + 2] as number) + e;
      } else if (mode === 'ordered') {
        const t = bayer8[bayerRow + (sx & 7)] as number;
        level = Math.floor((g * levels * 128 + (127 - 2 * t) * 255) / (255 * 128));
        if (level > levels) level = levels;
      } else {
        level = Math.floor((g * levels + 127) / 255);
      }
      out[sx] = level;
    }
    if (diffuse) {
      // Rotate the error rows (error that flowed into a transparent pixel was never read: dropped).
      const t = errCur;
      errCur = errNext;
      errNext = t;
      errNext.fill(0, 0, w + 2);
    }
    if (sy < sy0) continue;
    let d = (py + sy) * W + px + sx0;
    for (let sx = sx0; sx < sx1; sx++, d++) {
      const level = out[sx] as number;
      if (level >= 0) dst[d] = level;
    }
  }
}
