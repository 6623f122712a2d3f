/**
 * Line: from (`x`, `y`) to (`x2`, `y2`), both ends drawn, relative to the parent. Animatable: the
 * four coordinates and `colour`. Its box is the bounding box of its ends.
 */
import type { Framebuffer } from '../framebuffer.js';
import { drawLine } from '../line.js';
import type { MutableRect } from '../rect.js';
import {
  type ColourInput,
  colourOption,
  numberOption,
  P_X,
  P_Y,
  Widget,
  type WidgetOptions,
} from './widget.js';

/** Options of a `Line`: its end point (`x2`, `y2`, pixels) and colour (default white). */
export interface LineOptions extends WidgetOptions {
  readonly x2: number;
  readonly y2: number;
  /** Default white. */
  readonly colour?: ColourInput;
}

const P_X2 = 4;
const P_Y2 = 5;
const P_COLOUR = 6;

/**
 * A straight line from (x, y) to (x2, y2), one pixel wide. Animatable: both ends and the colour.
 */
export class Line extends Widget {
  constructor(options: LineOptions) {
    super('Line', options, [
      { name: 'x2', kind: 'number', layout: true },
      { name: 'y2', kind: 'number', layout: true },
      { name: 'colour', kind: 'colour' },
    ]);
    const where = this.describe();
    this.base[P_X2] = numberOption(`${where}: 'x2'`, options.x2, Number.NaN);
    this.base[P_Y2] = numberOption(`${where}: 'y2'`, options.y2, Number.NaN);
    if (Number.isNaN(this.base[P_X2]) || Number.isNaN(this.base[P_Y2])) {
      throw new RangeError(`${where}: 'x2' and 'y2' are required numbers`);
    }
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
  }

  boxInto(out: MutableRect): void {
    const x0 = Math.round(this.values[P_X] as number);
    const y0 = Math.round(this.values[P_Y] as number);
    const x1 = Math.round(this.values[P_X2] as number);
    const y1 = Math.round(this.values[P_Y2] as number);
    out.x = Math.min(x0, x1);
    out.y = Math.min(y0, y1);
    out.w = Math.abs(x1 - x0) + 1;
    out.h = Math.abs(y1 - y0) + 1;
  }

  protected paint(fb: Framebuffer): void {
    const ox = this.originX;
    const oy = this.originY;
    drawLine(
      fb,
      ox + Math.round(this.values[P_X] as number),
      oy + Math.round(this.values[P_Y] as number),
      ox + Math.round(this.values[P_X2] as number),
      oy + Math.round(this.values[P_Y2] as number),
      fb.ink(this.values[P_COLOUR] as number),
    );
  }
}
