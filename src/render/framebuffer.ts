/**
 * Framebuffers in the pixel formats small panels use, and their packed forms in the byte order each
 * panel takes.
 *
 * A framebuffer keeps one typed-array element per pixel, row-major, holding the pixel's value in its
 * format (`mono`: 0 or 1; `gray4`: 0..15; `gray8`: 0..255; `rgb565`: the 16-bit value; `rgb888`:
 * `0xRRGGBB`). Drawing writes whole spans with `TypedArray.fill`, which is why pixels are not bit-packed
 * while drawing: packing happens once per frame, for the rectangles that changed, in `pack`.
 *
 * Colours from frames (`'#rrggbb'`) become a format's value through `ink`: mono thresholds the luma at
 * 50 %, grey takes the luma; dithering of images and gradients is the drawing layer's (`dither.ts`).
 */
import { parseColour } from '../animation/index.js';
import type { MutableRect, Rect } from './rect.js';

/** How a framebuffer stores a pixel: `mono` (1 bit), `gray4`, `gray8`, `rgb565` or `rgb888`. */
export type PixelFormat = 'mono' | 'gray4' | 'gray8' | 'rgb565' | 'rgb888';

/** Every `PixelFormat`. */
export const pixelFormats: readonly PixelFormat[] = ['mono', 'gray4', 'gray8', 'rgb565', 'rgb888'];

/** Bits per pixel of each format as panels store it. */
export const bitsPerPixel: Readonly<Record<PixelFormat, number>> = {
  mono: 1,
  gray4: 4,
  gray8: 8,
  rgb565: 16,
  rgb888: 24,
};

/** A framebuffer's pixel storage, one element per pixel (8, 16 or 32 bits wide by format). */
export type PixelArray = Uint8Array | Uint16Array | Uint32Array;

/** Byte order of 16-bit pixels: `be` as ST7789/ILI9341/ST7735 take them over SPI, `le` as Linux fbdev. */
export type Endianness = 'be' | 'le';

const maxSide = 4096;
const maxClipDepth = 32;

/** ITU-R BT.601 luma of `0xRRGGBB` in 0..255, integer arithmetic (the same bits everywhere). */
export function luma(rgb: number): number {
  const r = (rgb >>> 16) & 0xff;
  const g = (rgb >>> 8) & 0xff;
  const b = rgb & 0xff;
  return ((r * 299 + g * 587 + b * 114 + 500) / 1000) | 0;
}

/** A format's value for `0xRRGGBB`. */
export function rgbToValue(format: PixelFormat, rgb: number): number {
  switch (format) {
    case 'mono':
      return luma(rgb) >= 128 ? 1 : 0;
    case 'gray4':
      return ((luma(rgb) * 15 + 127) / 255) | 0;
    case 'gray8':
      return luma(rgb);
    case 'rgb565':
      return (((rgb >>> 19) & 0x1f) << 11) | (((rgb >>> 10) & 0x3f) << 5) | ((rgb >>> 3) & 0x1f);
    case 'rgb888':
      return rgb & 0xffffff;
  }
}

/** `0xRRGGBB` of a format's value (mono 1 is white; 565 channels widen by bit replication). */
export function valueToRgb(format: PixelFormat, value: number): number {
  switch (format) {
    case 'mono':
      return value ? 0xffffff : 0;
    case 'gray4': {
      const g = (value & 0xf) * 17;
      return (g << 16) | (g << 8) | g;
    }
    case 'gray8': {
      const g = value & 0xff;
      return (g << 16) | (g << 8) | g;
    }
    case 'rgb565': {
      const r5 = (value >>> 11) & 0x1f;
      const g6 = (value >>> 5) & 0x3f;
      const b5 = value & 0x1f;
      return (((r5 << 3) | (r5 >>> 2)) << 16) | (((g6 << 2) | (g6 >>> 4)) << 8) | ((b5 << 3) | (b5 >>> 2));
    }
    case 'rgb888':
      return value & 0xffffff;
  }
}

/** The largest value of a format (mono 1, gray4 15, gray8 255, rgb565 0xffff, rgb888 0xffffff): white. */
export function maxValue(format: PixelFormat): number {
  return format === 'mono'
    ? 1
    : format === 'gray4'
      ? 15
      : format === 'gray8'
        ? 255
        : format === 'rgb565'
          ? 0xffff
          : 0xffffff;
}

function checkSide(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1 || v > maxSide) {
    throw new RangeError(
      `Framebuffer: '${name}' must be an integer from 1 to ${maxSide}, received ${String(v)}`,
    );
  }
}

/** Options of a framebuffer. */
export interface FramebufferOptions {
  readonly width: number;
  readonly height: number;
  /** Pixel format; default `'mono'`. */
  readonly format?: PixelFormat;
}

/**
 * A width x height picture in one `PixelFormat` (at most 4096 a side), row-major, with a clip
 * stack the drawing functions respect.
 */
export class Framebuffer {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** One element per pixel, row-major: pixel (x, y) is `pixels[y * width + x]`. */
  readonly pixels: PixelArray;
  /**
   * Where drawing may write: always inside the framebuffer. Drawing routines read it once per call and
   * clip their spans against it, so inner loops carry no bounds checks. Change it with `setClip`,
   * `pushClip` and `popClip`.
   */
  readonly clip: Readonly<MutableRect>;
  private readonly clipRect: MutableRect;
  private readonly clipStack: Int32Array = new Int32Array(maxClipDepth * 4);
  private clipDepth = 0;

  constructor(options: FramebufferOptions) {
    const format = options.format ?? 'mono';
    if (!pixelFormats.includes(format)) {
      throw new RangeError(
        `Framebuffer: 'format' must be one of ${pixelFormats.join(', ')}, received ${JSON.stringify(format)}`,
      );
    }
    checkSide('width', options.width);
    checkSide('height', options.height);
    this.width = options.width;
    this.height = options.height;
    this.format = format;
    const n = this.width * this.height;
    this.pixels =
      format === 'rgb888' ? new Uint32Array(n) : format === 'rgb565' ? new Uint16Array(n) : new Uint8Array(n);
    this.clipRect = { x: 0, y: 0, w: this.width, h: this.height };
    this.clip = this.clipRect;
  }

  /** A format's value for a colour: `'#rrggbb'`, `'#rgb'` or `0xRRGGBB`. An unknown string throws. */
  ink(colour: string | number): number {
    if (typeof colour === 'number') return rgbToValue(this.format, colour);
    const rgb = parseColour(colour);
    if (rgb < 0) throw new RangeError(`Framebuffer.ink: expected '#rrggbb' or '#rgb', received '${colour}'`);
    return rgbToValue(this.format, rgb);
  }

  /** `0xRRGGBB` of a value of this format. */
  rgbOf(value: number): number {
    return valueToRgb(this.format, value);
  }

  // ---- clip -------------------------------------------------------------------------------------

  /** Set the clip to `r` intersected with the framebuffer (no argument: the whole framebuffer). */
  setClip(r?: Rect): void {
    const c = this.clipRect;
    if (!r) {
      c.x = 0;
      c.y = 0;
      c.w = this.width;
      c.h = this.height;
      return;
    }
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(this.width, Math.floor(r.x + r.w));
    const y1 = Math.min(this.height, Math.floor(r.y + r.h));
    c.x = x0;
    c.y = y0;
    c.w = Math.max(0, x1 - x0);
    c.h = Math.max(0, y1 - y0);
  }

  /** Save the clip and narrow it to its intersection with `r`. Pair with `popClip`. */
  pushClip(r: Rect): void {
    if (this.clipDepth >= maxClipDepth) {
      throw new RangeError(`Framebuffer.pushClip: more than ${maxClipDepth} nested clips`);
    }
    const c = this.clipRect;
    const s = this.clipDepth++ * 4;
    this.clipStack[s] = c.x;
    this.clipStack[s + 1] = c.y;
    this.clipStack[s + 2] = c.w;
    this.clipStack[s + 3] = c.h;
    const x0 = Math.max(c.x, Math.floor(r.x));
    const y0 = Math.max(c.y, Math.floor(r.y));
    const x1 = Math.min(c.x + c.w, Math.floor(r.x + r.w));
    const y1 = Math.min(c.y + c.h, Math.floor(r.y + r.h));
    c.x = x0;
    c.y = y0;
    c.w = Math.max(0, x1 - x0);
    c.h = Math.max(0, y1 - y0);
  }

  /** Restore the clip saved by the matching `pushClip`. */
  popClip(): void {
    if (this.clipDepth === 0) throw new RangeError('Framebuffer.popClip: no clip to restore');
    const s = --this.clipDepth * 4;
    const c = this.clipRect;
    c.x = this.clipStack[s] as number;
    c.y = this.clipStack[s + 1] as number;
    c.w = this.clipStack[s + 2] as number;
    c.h = this.clipStack[s + 3] as number;
  }

  // ---- pixels -----------------------------------------------------------------------------------

  /** The value at (x, y), or 0 outside the framebuffer. */
  get(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return 0;
    return this.pixels[y * this.width + x] as number;
  }

  /** Write one pixel if it is inside the clip. */
  set(x: number, y: number, value: number): void {
    const c = this.clipRect;
    if (x < c.x || y < c.y || x >= c.x + c.w || y >= c.y + c.h) return;
    this.pixels[y * this.width + x] = value;
  }

  /** Fill the part of a rectangle inside the clip (integer coordinates; empty sizes draw nothing). */
  fillRect(x: number, y: number, w: number, h: number, value: number): void {
    const c = this.clipRect;
    const x0 = Math.max(c.x, x);
    const y0 = Math.max(c.y, y);
    const x1 = Math.min(c.x + c.w, x + w);
    const y1 = Math.min(c.y + c.h, y + h);
    if (x1 <= x0 || y1 <= y0) return;
    const px = this.pixels;
    const W = this.width;
    if (x0 === 0 && x1 === W) {
      px.fill(value, y0 * W, y1 * W);
      return;
    }
    for (let row = y0; row < y1; row++) px.fill(value, row * W + x0, row * W + x1);
  }

  /** Fill the whole framebuffer (ignores the clip). */
  clear(value = 0): void {
    this.pixels.fill(value);
  }

  /** Copy every pixel of a framebuffer of the same size and format. */
  copyFrom(other: Framebuffer): void {
    this.checkSame(other, 'copyFrom');
    this.pixels.set(other.pixels);
  }

  /** A new framebuffer with the same size, format and pixels (clip reset). */
  clone(): Framebuffer {
    const fb = new Framebuffer({ width: this.width, height: this.height, format: this.format });
    fb.pixels.set(this.pixels);
    return fb;
  }

  /** Whether the pixels of `other` (same size and format) equal these, in `r` or everywhere. */
  equals(other: Framebuffer, r?: Rect): boolean {
    this.checkSame(other, 'equals');
    const a = this.pixels;
    const b = other.pixels;
    const W = this.width;
    const x0 = r ? Math.max(0, r.x) : 0;
    const y0 = r ? Math.max(0, r.y) : 0;
    const x1 = r ? Math.min(W, r.x + r.w) : W;
    const y1 = r ? Math.min(this.height, r.y + r.h) : this.height;
    for (let y = y0; y < y1; y++) {
      for (let i = y * W + x0, end = y * W + x1; i < end; i++) if (a[i] !== b[i]) return false;
    }
    return true;
  }

  private checkSame(other: Framebuffer, fn: string): void {
    if (other.width !== this.width || other.height !== this.height || other.format !== this.format) {
      throw new RangeError(
        `Framebuffer.${fn}: expected a ${this.width}x${this.height} ${this.format} framebuffer, received ${other.width}x${other.height} ${other.format}`,
      );
    }
  }

  // ---- packed forms -----------------------------------------------------------------------------

  /**
   * The bytes of a window in the order this format's panels take them:
   * - `mono`: SSD1306/SH1106 pages. The window is widened to whole 8-row pages; for each page from top
   *   to bottom, one byte per column from left to right, bit 0 the page's top row.
   * - `gray4`: rows top to bottom, two pixels per byte, the left pixel in the high nibble (an odd
   *   window width pads the last nibble with 0).
   * - `gray8`: one byte per pixel, row-major.
   * - `rgb565`: two bytes per pixel, row-major, big-endian by default (ST7789, ILI9341, ST7735 over SPI)
   *   or little-endian (`'le'`, Linux fbdev).
   * - `rgb888`: three bytes per pixel, R G B, row-major.
   *
   * The window defaults to the whole framebuffer and is clamped to it. `out` is used when it is large
   * enough, so a caller can pack every frame without allocating.
   */
  pack(window?: Rect, options: { readonly endian?: Endianness; readonly out?: Uint8Array } = {}): Uint8Array {
    const size = this.packedSizeOf(window);
    const out =
      options.out && options.out.length >= size ? options.out.subarray(0, size) : new Uint8Array(size);
    this.packInto(out, window, options.endian);
    return out;
  }

  /** Bytes `pack(window)` gives (mono windows widened to whole pages). */
  packedSizeOf(window?: Rect): number {
    const W = this.width;
    const H = this.height;
    const x0 = window ? Math.max(0, Math.floor(window.x)) : 0;
    let y0 = window ? Math.max(0, Math.floor(window.y)) : 0;
    const x1 = window ? Math.min(W, Math.floor(window.x + window.w)) : W;
    let y1 = window ? Math.min(H, Math.floor(window.y + window.h)) : H;
    if (x1 <= x0 || y1 <= y0) return 0;
    if (this.format === 'mono') {
      y0 &= ~7;
      y1 = Math.min(H, (y1 + 7) & ~7);
    }
    return packedSize(this.format, x1 - x0, y1 - y0);
  }

  /**
   * `pack` into the start of `out` without allocating (a frame loop's form): returns the number of
   * bytes written. Throws when `out` is shorter than `packedSizeOf(window)`.
   */
  packInto(out: Uint8Array, window?: Rect, endian?: Endianness): number {
    const W = this.width;
    const H = this.height;
    const x0 = window ? Math.max(0, Math.floor(window.x)) : 0;
    let y0 = window ? Math.max(0, Math.floor(window.y)) : 0;
    const x1 = window ? Math.min(W, Math.floor(window.x + window.w)) : W;
    let y1 = window ? Math.min(H, Math.floor(window.y + window.h)) : H;
    if (x1 <= x0 || y1 <= y0) return 0;
    if (this.format === 'mono') {
      y0 &= ~7;
      y1 = Math.min(H, (y1 + 7) & ~7);
    }
    const w = x1 - x0;
    const h = y1 - y0;
    const size = packedSize(this.format, w, h);
    if (out.length < size) {
      throw new RangeError(`Framebuffer.packInto: 'out' holds ${out.length} bytes, the window needs ${size}`);
    }
    const px = this.pixels;
    switch (this.format) {
      case 'mono': {
        // Mono pixels are 0 or 1 in a Uint8Array: a whole page packs 8 rows per column in one
        // expression (a third of the time of a bit loop).
        const mono = px as Uint8Array;
        let o = 0;
        for (let page = y0; page < y1; page += 8) {
          const rows = Math.min(8, H - page);
          if (rows === 8) {
            for (let x = x0, i = page * W + x0; x < x1; x++, i++) {
              out[o++] =
                (mono[i] as number) |
                ((mono[i + W] as number) << 1) |
                ((mono[i + 2 * W] as number) << 2) |
                ((mono[i + 3 * W] as number) << 3) |
                ((mono[i + 4 * W] as number) << 4) |
                ((mono[i + 5 * W] as number) << 5) |
                ((mono[i + 6 * W] as number) << 6) |
                ((mono[i + 7 * W] as number) << 7);
            }
            continue;
          }
          for (let x = x0; x < x1; x++) {
            let byte = 0;
            for (let bit = 0, i = page * W + x; bit < rows; bit++, i += W) byte |= (mono[i] as number) << bit;
            out[o++] = byte;
          }
        }
        break;
      }
      case 'gray4': {
        let o = 0;
        for (let y = y0; y < y1; y++) {
          const row = y * W;
          for (let x = x0; x < x1; x += 2) {
            const hi = px[row + x] as number;
            const lo = x + 1 < x1 ? (px[row + x + 1] as number) : 0;
            out[o++] = ((hi & 0xf) << 4) | (lo & 0xf);
          }
        }
        break;
      }
      case 'gray8': {
        let o = 0;
        for (let y = y0; y < y1; y++) {
          out.set(px.subarray(y * W + x0, y * W + x1), o);
          o += w;
        }
        break;
      }
      case 'rgb565': {
        const le = endian === 'le';
        let o = 0;
        for (let y = y0; y < y1; y++) {
          for (let i = y * W + x0, end = y * W + x1; i < end; i++) {
            const v = px[i] as number;
            out[o++] = le ? v & 0xff : v >>> 8;
            out[o++] = le ? v >>> 8 : v & 0xff;
          }
        }
        break;
      }
      case 'rgb888': {
        let o = 0;
        for (let y = y0; y < y1; y++) {
          for (let i = y * W + x0, end = y * W + x1; i < end; i++) {
            const v = px[i] as number;
            out[o++] = v >>> 16;
            out[o++] = (v >>> 8) & 0xff;
            out[o++] = v & 0xff;
          }
        }
        break;
      }
    }
    return size;
  }

  /**
   * RGBA bytes (4 per pixel, row-major, alpha 255) of a window, default the whole framebuffer: what PNG
   * and GIF encoders, canvases and the browser simulator take.
   */
  toRgba(window?: Rect, out?: Uint8Array): Uint8Array {
    const W = this.width;
    const x0 = window ? Math.max(0, Math.floor(window.x)) : 0;
    const y0 = window ? Math.max(0, Math.floor(window.y)) : 0;
    const x1 = window ? Math.min(W, Math.floor(window.x + window.w)) : W;
    const y1 = window ? Math.min(this.height, Math.floor(window.y + window.h)) : this.height;
    const size = Math.max(0, x1 - x0) * Math.max(0, y1 - y0) * 4;
    const buf = out && out.length >= size ? out.subarray(0, size) : new Uint8Array(size);
    const px = this.pixels;
    const format = this.format;
    let o = 0;
    for (let y = y0; y < y1; y++) {
      for (let i = y * W + x0, end = y * W + x1; i < end; i++) {
        const rgb = valueToRgb(format, px[i] as number);
        buf[o++] = rgb >>> 16;
        buf[o++] = (rgb >>> 8) & 0xff;
        buf[o++] = rgb & 0xff;
        buf[o++] = 255;
      }
    }
    return buf;
  }
}

/** Bytes of a `w` x `h` window packed as `pack` packs it (`h` already whole pages for mono). */
export function packedSize(format: PixelFormat, w: number, h: number): number {
  switch (format) {
    case 'mono':
      return w * Math.ceil(h / 8);
    case 'gray4':
      return Math.ceil(w / 2) * h;
    case 'gray8':
      return w * h;
    case 'rgb565':
      return w * h * 2;
    case 'rgb888':
      return w * h * 3;
  }
}
