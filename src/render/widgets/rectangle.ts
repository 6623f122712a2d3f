/**
 * Rectangle: a filled box, an outline, or both. Animatable: `x`, `y`, `w`, `h`, `colour` (the fill),
 * `borderColour`, `border` (thickness in pixels).
 */
import type { Framebuffer } from '../framebuffer.js';
import { fallbackStrokeRect } from './fallback-draw.js';
import { type BoxOptions, BoxWidget, type ColourInput, colourOption, numberOption } from './widget.js';

export interface RectangleOptions extends BoxOptions {
  /** Fill colour; default white. */
  readonly colour?: ColourInput;
  /** Fill the box. Default true (false: outline only). */
  readonly fill?: boolean;
  /** Outline thickness in pixels, inside the box. Default 0. */
  readonly border?: number;
  /** Outline colour; default the fill colour. */
  readonly borderColour?: ColourInput;
}

const P_COLOUR = 6;
const P_BORDER_COLOUR = 7;
const P_BORDER = 8;

export class Rectangle extends BoxWidget {
  readonly filled: boolean;

  constructor(options: RectangleOptions) {
    super('Rectangle', options, [
      { name: 'colour', kind: 'colour' },
      { name: 'borderColour', kind: 'colour' },
      { name: 'border', kind: 'number', min: 0, max: 64 },
    ]);
    const where = this.describe();
    this.filled = options.fill !== false;
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
    this.base[P_BORDER_COLOUR] = colourOption(
      `${where}: 'borderColour'`,
      options.borderColour ?? options.colour ?? 0xffffff,
    );
    this.base[P_BORDER] = numberOption(`${where}: 'border'`, options.border, 0, 0, 64);
  }

  protected paint(fb: Framebuffer): void {
    const x = this.left;
    const y = this.top;
    const w = this.width;
    const h = this.height;
    if (this.filled) fb.fillRect(x, y, w, h, fb.ink(this.values[P_COLOUR] as number));
    const t = Math.round(this.values[P_BORDER] as number);
    if (t > 0) fallbackStrokeRect(fb, x, y, w, h, t, fb.ink(this.values[P_BORDER_COLOUR] as number));
  }
}
