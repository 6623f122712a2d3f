/**
 * Gauge: an arc that shows `value` between `min` and `max`, either as a needle over a thin arc or as
 * a filled sweep over a track. Angles are degrees clockwise from 12 o'clock; the arc is symmetric
 * about the top: `sweep` 270 (default) runs from -135 to +135, 180 is a half dial whose centre sits
 * on the bottom row of the box. Animatable: `value`, `colour`, `trackColour` and the box.
 *
 * Drawn with exact operations only (+ - * /, integer distances, cross products against direction
 * vectors): the same pixels on every platform.
 */
import type { Framebuffer } from '../framebuffer.js';
import { fallbackLine } from './fallback-draw.js';
import { type BoxOptions, BoxWidget, type ColourInput, colourOption, numberOption } from './widget.js';

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

export class Gauge extends BoxWidget {
  readonly min: number;
  readonly max: number;
  readonly sweep: number;
  readonly mode: 'fill' | 'needle';
  readonly thickness: number;
  readonly #start = new Float64Array(2);
  readonly #end = new Float64Array(2);
  readonly #full = new Float64Array(2);

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
    let frac = ((this.values[P_VALUE] as number) - this.min) / (this.max - this.min);
    frac = Math.max(0, Math.min(1, frac));
    const from = -this.sweep / 2;
    const span = this.sweep * frac;
    directionOf(from, this.#start);
    directionOf(from + span, this.#end);
    const ink = fb.ink(this.values[P_COLOUR] as number);
    if (this.mode === 'fill') {
      const track = fb.ink(this.values[P_TRACK] as number);
      const inner = Math.max(0, r - this.thickness);
      this.#ring(fb, cx, cy, r, inner, span, this.#end, ink, track);
    } else {
      this.#ring(fb, cx, cy, r, r - 1, this.sweep, directionOf(this.sweep / 2, this.#full), ink, -1);
      const len = r - 2;
      const e = this.#end;
      fallbackLine(
        fb,
        cx,
        cy,
        cx + Math.round((e[0] as number) * len),
        cy + Math.round((e[1] as number) * len),
        ink,
      );
      fb.fillRect(cx - 1, cy - 1, 3, 3, ink);
    }
  }

  /**
   * Pixels at distance (inner, outer] from the centre within the full sweep: `ink` inside the first
   * `span` degrees (up to direction `end`), `track` (when >= 0) in the rest. Visits only the clip.
   */
  #ring(
    fb: Framebuffer,
    cx: number,
    cy: number,
    outer: number,
    inner: number,
    span: number,
    end: Float64Array,
    ink: number,
    track: number,
  ): void {
    const c = fb.clip;
    const x0 = Math.max(c.x, cx - outer);
    const x1 = Math.min(c.x + c.w, cx + outer + 1);
    const y0 = Math.max(c.y, cy - outer);
    const y1 = Math.min(c.y + c.h, cy + outer + 1);
    const o2 = outer * outer + outer;
    const i2 = inner * inner + inner;
    const s = this.#start;
    const full = directionOf(this.sweep / 2, this.#full);
    const sx = s[0] as number;
    const sy = s[1] as number;
    const ex = end[0] as number;
    const ey = end[1] as number;
    const fx = full[0] as number;
    const fy = full[1] as number;
    const px = fb.pixels;
    const W = fb.width;
    for (let y = y0; y < y1; y++) {
      const dy = y - cy;
      for (let x = x0; x < x1; x++) {
        const dx = x - cx;
        const d2 = dx * dx + dy * dy;
        if (d2 > o2 || d2 <= i2) continue;
        if (!within(sx, sy, fx, fy, this.sweep, dx, dy)) continue;
        if (span > 0 && within(sx, sy, ex, ey, span, dx, dy)) px[y * W + x] = ink;
        else if (track >= 0) px[y * W + x] = track;
      }
    }
  }
}

/** Whether (dx, dy) lies within `span` degrees clockwise from direction a to direction b. */
function within(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  span: number,
  dx: number,
  dy: number,
): boolean {
  if (span >= 360) return true;
  if (span <= 180) return ax * dy - ay * dx >= 0 && dx * by - dy * bx >= 0;
  return !(bx * dy - by * dx > 0 && dx * ay - dy * ax > 0);
}

/**
 * The unit vector (screen coordinates, y down) at `deg` degrees clockwise from 12 o'clock, into `out`.
 * TEMPORARY: sine and cosine from a Taylor polynomial on [-45, 45] degrees (exact operations only, so
 * the same bits everywhere); swap for the project's deterministic math (`src/math`) when it lands.
 */
function directionOf(angle: number, out: Float64Array): Float64Array {
  // sin is odd and cos even: computing from |angle| keeps a symmetric dial symmetric to the bit.
  const deg = Math.abs(angle);
  const q = Math.round(deg / 90);
  const t = ((deg - q * 90) * Math.PI) / 180;
  const t2 = t * t;
  const s =
    t *
    (1 +
      t2 *
        (-1 / 6 +
          t2 *
            (1 / 120 + t2 * (-1 / 5040 + t2 * (1 / 362880 + t2 * (-1 / 39916800 + t2 * (1 / 6227020800)))))));
  const c =
    1 +
    t2 *
      (-1 / 2 +
        t2 * (1 / 24 + t2 * (-1 / 720 + t2 * (1 / 40320 + t2 * (-1 / 3628800 + t2 * (1 / 479001600))))));
  const m = ((q % 4) + 4) % 4;
  const sin = m === 0 ? s : m === 1 ? c : m === 2 ? -s : -c;
  const cos = m === 0 ? c : m === 1 ? -s : m === 2 ? -c : s;
  out[0] = angle < 0 ? -sin : sin;
  out[1] = -cos;
  return out;
}
