/**
 * Rectangle: a filled box, an outline, or both, with square or rounded corners. Animatable: `x`, `y`,
 * `w`, `h`, `colour` (the fill), `borderColour`, `border` (thickness in pixels), `radius` (corners).
 */
import type { Framebuffer } from '../framebuffer.js';
import { drawRect, fillRect } from '../shapes.js';
import { type BoxOptions, BoxWidget, type ColourInput, colourOption, numberOption } from './widget.js';

/**
 * Options of a `Rectangle`: fill colour, filled or outline only, border thickness and colour,
 * corner radius (pixels).
 */
export interface RectangleOptions extends BoxOptions {
  /** Fill colour; default white. */
  readonly colour?: ColourInput;
  /** Fill the box. Default true (false: outline only). */
  readonly fill?: boolean;
  /** Outline thickness in pixels, inside the box. Default 0. */
  readonly border?: number;
  /** Outline colour; default the fill colour. */
  readonly borderColour?: ColourInput;
  /** Corner radius in pixels; default 0 (square). */
  readonly radius?: number;
}

const P_COLOUR = 6;
const P_BORDER_COLOUR = 7;
const P_BORDER = 8;
const P_RADIUS = 9;

/**
 * A filled or outlined rectangle, optionally with rounded corners. Animatable: colours, radius,
 * box.
 */
export class Rectangle extends BoxWidget {
  readonly filled: boolean;

  constructor(options: RectangleOptions) {
    super('Rectangle', options, [
      { name: 'colour', kind: 'colour' },
      { name: 'borderColour', kind: 'colour' },
      { name: 'border', kind: 'number', min: 0, max: 64 },
      { name: 'radius', kind: 'number', min: 0, max: 2048 },
    ]);
    const where = this.describe();
    this.filled = options.fill !== false;
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
    this.base[P_BORDER_COLOUR] = colourOption(
      `${where}: 'borderColour'`,
      options.borderColour ?? options.colour ?? 0xffffff,
    );
    this.base[P_BORDER] = numberOption(`${where}: 'border'`, options.border, 0, 0, 64);
    this.base[P_RADIUS] = numberOption(`${where}: 'radius'`, options.radius, 0, 0, 2048);
  }

  protected paint(fb: Framebuffer): void {
    const x = this.left;
    const y = this.top;
    const w = this.width;
    const h = this.height;
    const r = Math.round(this.values[P_RADIUS] as number);
    if (this.filled) fillRect(fb, x, y, w, h, fb.ink(this.values[P_COLOUR] as number), r);
    const t = Math.round(this.values[P_BORDER] as number);
    if (t > 0) drawRect(fb, x, y, w, h, fb.ink(this.values[P_BORDER_COLOUR] as number), t, r);
  }
}
