/**
 * Gauge: an arc that shows `value` between `min` and `max`, either as a needle over a thin arc or as
 * a filled sweep over a track. Angles are degrees clockwise from 12 o'clock; the arc is symmetric
 * about the top: `sweep` 270 (default) runs from -135 to +135, 180 is a half dial whose centre sits
 * on the bottom row of the box. Animatable: `value`, `colour`, `trackColour` and the box.
 *
 * Drawn with the drawing module's arcs and integer directions (exact operations only): the same
 * pixels on every platform.
 */

import { directionOf, directionScale } from '../angle.js';
import { drawArc } from '../circle.js';
import type { Framebuffer } from '../framebuffer.js';
import { drawLine } from '../line.js';
import { fillRect } from '../shapes.js';
import { type BoxOptions, BoxWidget, type ColourInput, colourOption, numberOption } from './widget.js';

/**
 * Options of a `Gauge`: its value between `min` and `max` (default 0..1), the arc's sweep in
 * degrees (default 270), fill or needle, thickness and colours.
 */
export interface GaugeOptions extends BoxOptions {
  readonly value?: number;
  /** Value at the start of the arc; default 0. */
  readonly min?: number;
  /** Value at the end of the arc; default 1. */
  readonly max?: number;
  /** Degrees the arc spans, 10..360; default 270. */
  readonly sweep?: number;
  /** `'fill'` (default): a filled sweep over a track; `'needle'`: a needle over a 1-pixel arc. */
  readonly mode?: 'fill' | 'needle';
  /** Thickness of the filled ring in pixels; default 4. */
  readonly thickness?: number;
  /** Sweep, needle and arc; default white. */
  readonly colour?: ColourInput;
  /** The unfilled part of the ring (`fill` mode); default black. */
  readonly trackColour?: ColourInput;
}

const P_VALUE = 6;
const P_COLOUR = 7;
const P_TRACK = 8;

/**
 * An arc gauge: the value fills the arc or points a needle along it. Animatable: `value`, colours.
 */
export class Gauge extends BoxWidget {
  readonly min: number;
  readonly max: number;
  readonly sweep: number;
  readonly mode: 'fill' | 'needle';
  readonly thickness: number;
  readonly #direction = new Int32Array(2);

  constructor(options: GaugeOptions) {
    super('Gauge', options, [
      { name: 'value', kind: 'number' },
      { name: 'colour', kind: 'colour' },
      { name: 'trackColour', kind: 'colour' },
    ]);
    const where = this.describe();
    this.min = numberOption(`${where}: 'min'`, options.min, 0, -1e12, 1e12);
    this.max = numberOption(`${where}: 'max'`, options.max, 1, -1e12, 1e12);
    if (!(this.max > this.min))
      throw new RangeError(`${where}: 'max' (${this.max}) must be above 'min' (${this.min})`);
    this.sweep = numberOption(`${where}: 'sweep'`, options.sweep, 270, 10, 360);
    const mode = options.mode ?? 'fill';
    if (mode !== 'fill' && mode !== 'needle') {
      throw new RangeError(`${where}: 'mode' must be 'fill' or 'needle', received ${JSON.stringify(mode)}`);
    }
    this.mode = mode;
    this.thickness = Math.round(numberOption(`${where}: 'thickness'`, options.thickness, 4, 1, 512));
    this.base[P_VALUE] = numberOption(`${where}: 'value'`, options.value, this.min, -1e12, 1e12);
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
    this.base[P_TRACK] = colourOption(`${where}: 'trackColour'`, options.trackColour ?? 0);
  }

  protected paint(fb: Framebuffer): void {
    const x = this.left;
    const y = this.top;
    const w = this.width;
    const h = this.height;
    const half = this.sweep <= 180;
    const cx = x + (w >> 1);
    const cy = half ? y + h - 1 : y + (h >> 1);
    const r = half ? Math.min((w - 1) >> 1, h - 1) : Math.min((w - 1) >> 1, (h - 1) >> 1);
    if (r < 1) return;
    const frac = Math.max(
      0,
      Math.min(1, ((this.values[P_VALUE] as number) - this.min) / (this.max - this.min)),
    );
    const from = -this.sweep / 2;
    const to = this.sweep / 2;
    const at = from + this.sweep * frac;
    const ink = fb.ink(this.values[P_COLOUR] as number);
    if (this.mode === 'fill') {
      // The track where the sweep has not reached, then the sweep: each ring pixel drawn once.
      const t = Math.min(this.thickness, r + 1);
      if (frac < 1) drawArc(fb, cx, cy, r, at, to, fb.ink(this.values[P_TRACK] as number), t);
      if (frac > 0) drawArc(fb, cx, cy, r, from, at, ink, t);
      return;
    }
    drawArc(fb, cx, cy, r, from, to, ink, 1);
    const d = this.#direction;
    directionOf(at, d);
    const len = r - 2;
    drawLine(
      fb,
      cx,
      cy,
      cx + Math.round(((d[0] as number) * len) / directionScale),
      cy + Math.round(((d[1] as number) * len) / directionScale),
      ink,
    );
    fillRect(fb, cx - 1, cy - 1, 3, 3, ink);
  }
}
