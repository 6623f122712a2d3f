/**
 * Sparkline: the recent history of a value as a line or as bars, newest at the right edge. Values
 * come from a `Series` (a ring buffer's field through `historySeries`, or your own); a gap in the data
 * (NaN: a source's gap marker, or points too far apart) is drawn as a gap, never as a line across it.
 * The scale is fixed (`min`/`max`) or automatic (the visible values' range). Animatable: `colour` and
 * the box. Redrawn when the series' `version` changes.
 */
import { type ColumnarStore, FLAG_GAP_END, FLAG_GAP_START } from '../../data/index.js';
import type { Framebuffer } from '../framebuffer.js';
import { drawLine } from '../line.js';
import {
  type BoxOptions,
  BoxWidget,
  type ColourInput,
  colourOption,
  numberOption,
  type PollContext,
} from './widget.js';

/** A window of history. */
export interface Series {
  /** Changes whenever `read` may give other values (for `historySeries`: a new value of its key, or an eviction it shows). */
  readonly version: number;
  /** The last values (up to `out.length`), oldest first, into `out[0 .. n)`; NaN marks a gap. Returns n. */
  read(out: Float64Array): number;
}

/**
 * Options of `historySeries`: `gapAfterMs`, the arrival-time distance (ms) above which two values
 * get a gap between them (default never).
 */
export interface HistorySeriesOptions {
  /** Two consecutive values further apart than this (ms, arrival time) have a gap between them. */
  readonly gapAfterMs?: number;
}

/**
 * The numeric field `key` of a ring buffer as a `Series`: its values newest last, with a gap (NaN)
 * where the buffer holds a gap marker or, with `gapAfterMs`, where points are too far apart in time.
 * Points without the field are skipped. Reads the buffer's columns: nothing is allocated per read.
 */
export function historySeries(
  buffer: ColumnarStore,
  key: string,
  options: HistorySeriesOptions = {},
): Series {
  const gapAfterMs = options.gapAfterMs ?? Number.POSITIVE_INFINITY;
  if (typeof gapAfterMs !== 'number' || !(gapAfterMs > 0)) {
    throw new RangeError(
      `historySeries: 'gapAfterMs' must be a number of ms > 0, received ${String(gapAfterMs)}`,
    );
  }
  // What the last read depended on: the key's column and its last write, and (when the window held
  // every value the buffer has) the oldest held point, whose eviction shifts what is drawn. Points of
  // other keys change none of these, so a chart of one key is not redrawn for another's data.
  let seenColumn: unknown;
  let seenLastSeq = -1;
  let seenOldest = -1;
  let fitsAll = true;
  let version = 0;
  return {
    get version() {
      const col = buffer.columnsByKey.get(key);
      const lastSeq = col === undefined ? 0 : (col.lastSeq ?? buffer.newestSeq);
      const oldest = fitsAll ? buffer.oldestSeq : -1;
      if (col !== seenColumn || lastSeq !== seenLastSeq || oldest !== seenOldest) {
        seenColumn = col;
        seenLastSeq = lastSeq;
        seenOldest = oldest;
        version++;
      }
      return version;
    },
    read(out: Float64Array): number {
      const col = buffer.columnsByKey.get(key);
      if (col === undefined || col.type !== 'number') return 0;
      const data = col.data as ArrayLike<number>;
      const cap = buffer.capacity;
      const want = out.length;
      let i = want;
      let gapPending = false;
      let nextTime = Number.NaN;
      for (let s = buffer.newestSeq, oldest = buffer.oldestSeq; s >= oldest && s > 0 && i > 0; s--) {
        const slot = (s - 1) % cap;
        if (((buffer.flags[slot] as number) & (FLAG_GAP_START | FLAG_GAP_END)) !== 0) {
          gapPending = i < want;
          continue;
        }
        const v = data[slot] as number;
        if (Number.isNaN(v)) continue;
        const t = buffer.times[slot] as number;
        if ((gapPending || nextTime - t > gapAfterMs) && i < want && !Number.isNaN(out[i] as number)) {
          out[--i] = Number.NaN;
          if (i === 0) break;
        }
        gapPending = false;
        out[--i] = v;
        nextTime = t;
      }
      const n = want - i;
      fitsAll = i > 0;
      if (i > 0) out.copyWithin(0, i, want);
      return n;
    },
  };
}

/**
 * Options of a `Sparkline`: the `Series` it shows, line or bars, the scale (`min`/`max`, default
 * auto) and colour.
 */
export interface SparklineOptions extends BoxOptions {
  readonly series: Series;
  /** `'line'` (default) or `'bars'`. */
  readonly mode?: 'line' | 'bars';
  /** Lowest value on the scale, or `'auto'` (default): the lowest visible value. */
  readonly min?: number | 'auto';
  /** Highest value on the scale, or `'auto'` (default). */
  readonly max?: number | 'auto';
  /** Pixels between samples (line) or bar width (bars, plus a 1-pixel gap). Default 1 (line), 2 (bars). */
  readonly step?: number;
  /** Default white. */
  readonly colour?: ColourInput;
}

const P_COLOUR = 6;

/**
 * A small chart of a series' last values (one per pixel column), as a line or bars; gaps (NaN) are
 * never bridged.
 */
export class Sparkline extends BoxWidget {
  readonly series: Series;
  readonly mode: 'line' | 'bars';
  readonly #min: number;
  readonly #max: number;
  readonly #step: number;
  #values = new Float64Array(0);
  #count = 0;
  #version = Number.NaN;

  constructor(options: SparklineOptions) {
    super('Sparkline', options, [{ name: 'colour', kind: 'colour' }]);
    const where = this.describe();
    const s = options.series;
    if (s === null || typeof s !== 'object' || typeof s.read !== 'function') {
      throw new TypeError(
        `${where}: 'series' must be a Series ({ version, read(out) }), e.g. historySeries(buffer, key)`,
      );
    }
    this.series = s;
    const mode = options.mode ?? 'line';
    if (mode !== 'line' && mode !== 'bars') {
      throw new RangeError(`${where}: 'mode' must be 'line' or 'bars', received ${JSON.stringify(mode)}`);
    }
    this.mode = mode;
    this.#min =
      options.min === 'auto' || options.min === undefined
        ? Number.NaN
        : numberOption(`${where}: 'min'`, options.min, 0, -1e12, 1e12);
    this.#max =
      options.max === 'auto' || options.max === undefined
        ? Number.NaN
        : numberOption(`${where}: 'max'`, options.max, 1, -1e12, 1e12);
    if (this.#max <= this.#min)
      throw new RangeError(`${where}: 'max' (${this.#max}) must be above 'min' (${this.#min})`);
    this.#step = Math.round(numberOption(`${where}: 'step'`, options.step, mode === 'line' ? 1 : 2, 1, 256));
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
  }

  override poll(cx: PollContext): void {
    super.poll(cx);
    const v = this.series.version;
    if (v !== this.#version) {
      this.#version = v;
      this.#read();
      this.dirty = true;
    }
  }

  /** How many samples the box shows. */
  #capacity(): number {
    const w = Math.round(this.values[4] as number);
    const n =
      this.mode === 'line' ? Math.floor((w - 1) / this.#step) + 1 : Math.floor((w + 1) / (this.#step + 1));
    return Math.max(0, n);
  }

  /** The samples shown (oldest first; NaN for gaps): read when the series changed or the box's width did. */
  #read(): void {
    const n = this.#capacity();
    if (n !== this.#values.length) this.#values = new Float64Array(n);
    this.#count = n > 0 ? this.series.read(this.#values) : 0;
  }

  protected paint(fb: Framebuffer): void {
    if (this.#capacity() !== this.#values.length) this.#read();
    const vals = this.#values;
    const n = this.#count;
    if (n === 0 || this.height <= 0) return;
    let lo = this.#min;
    let hi = this.#max;
    if (Number.isNaN(lo) || Number.isNaN(hi)) {
      let a = Number.POSITIVE_INFINITY;
      let b = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        const v = vals[i] as number;
        if (v < a) a = v;
        if (v > b) b = v;
      }
      if (a > b) return;
      if (Number.isNaN(lo)) lo = a;
      if (Number.isNaN(hi)) hi = b;
      if (hi <= lo) {
        hi = lo + 1;
        lo -= 1;
      }
    }
    const ink = fb.ink(this.values[P_COLOUR] as number);
    const x = this.left;
    const y = this.top;
    const h = this.height;
    const bottom = y + h - 1;
    const range = hi - lo;
    if (this.mode === 'line') {
      const step = this.#step;
      const right = x + this.width - 1;
      let px = Number.NaN;
      let py = 0;
      for (let i = 0; i < n; i++) {
        const v = vals[i] as number;
        const cx = right - (n - 1 - i) * step;
        if (Number.isNaN(v)) {
          px = Number.NaN;
          continue;
        }
        const cy = yOf(v, lo, range, bottom, h);
        if (Number.isNaN(px)) fb.set(cx, cy, ink);
        else drawLine(fb, px, py, cx, cy, ink);
        px = cx;
        py = cy;
      }
    } else {
      const bw = this.#step;
      const right = x + this.width;
      for (let i = 0; i < n; i++) {
        const v = vals[i] as number;
        if (Number.isNaN(v)) continue;
        const top = yOf(v, lo, range, bottom, h);
        fb.fillRect(right - (n - i) * (bw + 1) + 1, top, bw, bottom - top + 1, ink);
      }
    }
  }
}

/** The row of value `v` on a scale from `lo` over `range`, in a box `h` rows high ending at `bottom`. */
function yOf(v: number, lo: number, range: number, bottom: number, h: number): number {
  const f = (v - lo) / range;
  return bottom - Math.round(Math.max(0, Math.min(1, f)) * (h - 1));
}
