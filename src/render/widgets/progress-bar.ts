/**
 * ProgressBar: a bar filled from 0 to 1, horizontal (filling from the left) or vertical (from the
 * bottom), with an optional border. Animatable: `fill` (clamped to 0..1), `colour` (the filled part),
 * `background` (the empty part), `borderColour`, and the box.
 */
import type { Framebuffer } from '../framebuffer.js';
import { drawRect } from '../shapes.js';
import { type BoxOptions, BoxWidget, type ColourInput, colourOption, numberOption } from './widget.js';

/**
 * Options of a `ProgressBar`: `fill` in 0..1, orientation (default horizontal), border thickness
 * in pixels (default 1) and colours.
 */
export interface ProgressBarOptions extends BoxOptions {
  /** 0..1; default 0. */
  readonly fill?: number;
  /** Default `'horizontal'`. */
  readonly orientation?: 'horizontal' | 'vertical';
  /** Border thickness in pixels; default 1. The bar fills inside it, after a 1-pixel gap when > 0. */
  readonly border?: number;
  /** Filled part; default white. */
  readonly colour?: ColourInput;
  /** Empty part; default black. */
  readonly background?: ColourInput;
  /** Default the filled colour. */
  readonly borderColour?: ColourInput;
}

const P_FILL = 6;
const P_COLOUR = 7;
const P_BACKGROUND = 8;
const P_BORDER_COLOUR = 9;

/**
 * A bar filled to `fill` (0..1) of its box, inside an optional border. Animatable: `fill`,
 * colours.
 */
export class ProgressBar extends BoxWidget {
  readonly orientation: 'horizontal' | 'vertical';
  readonly border: number;

  constructor(options: ProgressBarOptions) {
    super('ProgressBar', options, [
      { name: 'fill', kind: 'number', min: 0, max: 1 },
      { name: 'colour', kind: 'colour' },
      { name: 'background', kind: 'colour' },
      { name: 'borderColour', kind: 'colour' },
    ]);
    const where = this.describe();
    const o = options.orientation ?? 'horizontal';
    if (o !== 'horizontal' && o !== 'vertical') {
      throw new RangeError(
        `${where}: 'orientation' must be 'horizontal' or 'vertical', received ${JSON.stringify(o)}`,
      );
    }
    this.orientation = o;
    this.border = Math.round(numberOption(`${where}: 'border'`, options.border, 1, 0, 64));
    this.base[P_FILL] = numberOption(`${where}: 'fill'`, options.fill, 0, 0, 1);
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
    this.base[P_BACKGROUND] = colourOption(`${where}: 'background'`, options.background ?? 0);
    this.base[P_BORDER_COLOUR] = colourOption(
      `${where}: 'borderColour'`,
      options.borderColour ?? options.colour ?? 0xffffff,
    );
  }

  protected paint(fb: Framebuffer): void {
    const x = this.left;
    const y = this.top;
    const w = this.width;
    const h = this.height;
    const b = this.border;
    fb.fillRect(x, y, w, h, fb.ink(this.values[P_BACKGROUND] as number));
    if (b > 0) drawRect(fb, x, y, w, h, fb.ink(this.values[P_BORDER_COLOUR] as number), b);
    const inset = b > 0 ? b + 1 : 0;
    const iw = w - 2 * inset;
    const ih = h - 2 * inset;
    if (iw <= 0 || ih <= 0) return;
    const f = this.values[P_FILL] as number;
    const ink = fb.ink(this.values[P_COLOUR] as number);
    if (this.orientation === 'horizontal') {
      fb.fillRect(x + inset, y + inset, Math.round(f * iw), ih, ink);
    } else {
      const fh = Math.round(f * ih);
      fb.fillRect(x + inset, y + inset + ih - fh, iw, fh, ink);
    }
  }
}
