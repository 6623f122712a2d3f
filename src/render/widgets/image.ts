/**
 * Image (and Icon): RGBA pixels drawn at (`x`, `y`), converted once to the framebuffer's format
 * (mono and grey: dithered; colour: exact), pixels with alpha below 128 left transparent. Load a PNG
 * with the PNG decoder and pass what it returns. Animatable: `x`, `y`, `visible`.
 */
import { type DitherMode, ditherInto, ditherModes } from '../dither.js';
import { Framebuffer, type PixelFormat } from '../framebuffer.js';
import type { RgbaImage } from '../png.js';
import type { MutableRect } from '../rect.js';
import { P_X, P_Y, Widget, type WidgetOptions } from './widget.js';

/**
 * Options of an `Image`: RGBA pixels (as `decodePng` returns them) and how mono and grey formats
 * dither them (default `floyd-steinberg`).
 */
export interface ImageOptions extends WidgetOptions {
  /** RGBA pixels, as `decodePng` returns them. */
  readonly image: RgbaImage;
  /** How mono and grey formats render it: `'floyd-steinberg'` (default), `'ordered'` (Bayer) or `'threshold'`. */
  readonly dither?: DitherMode;
}

/** A picture at (x, y), converted once to the scene's pixel format (dithered for mono and grey). */
export class Image extends Widget {
  readonly image: RgbaImage;
  readonly dither: DitherMode;
  #format: PixelFormat | undefined;
  #values = new Uint32Array(0);
  #opaque = new Uint8Array(0);

  constructor(options: ImageOptions) {
    super('Image', options, []);
    const where = this.describe();
    const img = options.image;
    if (
      img === null ||
      typeof img !== 'object' ||
      !Number.isInteger(img.width) ||
      !Number.isInteger(img.height) ||
      img.width < 1 ||
      img.height < 1 ||
      !(img.data instanceof Uint8Array) ||
      img.data.length !== img.width * img.height * 4
    ) {
      throw new TypeError(
        `${where}: 'image' must be { width, height, data } with width × height × 4 RGBA bytes`,
      );
    }
    const d = options.dither ?? 'floyd-steinberg';
    if (!ditherModes.includes(d)) {
      throw new RangeError(
        `${where}: 'dither' must be one of ${ditherModes.join(', ')}, received ${JSON.stringify(d)}`,
      );
    }
    this.image = img;
    this.dither = d;
  }

  boxInto(out: MutableRect): void {
    out.x = Math.round(this.values[P_X] as number);
    out.y = Math.round(this.values[P_Y] as number);
    out.w = this.image.width;
    out.h = this.image.height;
  }

  /** The image in `format`'s values, once per format (dithered as a whole, so any clip shows the same pixels). */
  #convert(format: PixelFormat): void {
    const { width, height, data } = this.image;
    const tmp = new Framebuffer({ width, height, format });
    ditherInto(tmp, this.image, 0, 0, this.dither);
    this.#values = Uint32Array.from(tmp.pixels);
    this.#opaque = new Uint8Array(width * height);
    for (let i = 0; i < this.#opaque.length; i++)
      this.#opaque[i] = (data[i * 4 + 3] as number) >= 128 ? 1 : 0;
    this.#format = format;
  }

  protected paint(fb: Framebuffer): void {
    if (this.#format !== fb.format) this.#convert(fb.format);
    const c = fb.clip;
    const ix = this.originX + Math.round(this.values[P_X] as number);
    const iy = this.originY + Math.round(this.values[P_Y] as number);
    const w = this.image.width;
    const x0 = Math.max(c.x, ix);
    const y0 = Math.max(c.y, iy);
    const x1 = Math.min(c.x + c.w, ix + w);
    const y1 = Math.min(c.y + c.h, iy + this.image.height);
    const px = fb.pixels;
    const W = fb.width;
    const vals = this.#values;
    const opaque = this.#opaque;
    for (let y = y0; y < y1; y++) {
      for (let x = x0, s = (y - iy) * w + (x0 - ix), o = y * W + x0; x < x1; x++, s++, o++) {
        if (opaque[s] === 1) px[o] = vals[s] as number;
      }
    }
  }
}
