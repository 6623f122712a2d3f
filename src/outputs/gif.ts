/**
 * An animated GIF of a range of ticks, written when the output closes.
 *
 * Timing: the GIF covers ticks `from` to `to` inclusive, each frame shown from its tick until the next
 * frame's. GIF delays are whole 1/100 s, so each frame's delay is the difference of the *accumulated*
 * times rounded once (`cs(t) = round(t * 100 / fps)`, half up): the sum of the delays is the range's
 * exact length rounded once, never the sum of each frame's rounding error. A frame whose delay rounds
 * to 0 is never shown (above 100 fps) and is left out; consecutive identical frames become one frame
 * with the sum of their delays.
 *
 * Palette: from the pixel format, so the same frames give the same bytes: mono black and white, gray4
 * 16 and gray8 256 evenly spaced greys, indexed by value. RGB565 and RGB888 frames with 256 colours
 * or fewer (in all frames together) get exactly those colours, sorted by value; with more, every
 * colour is rounded to the fixed 3-3-2 palette (8 reds, 8 greens, 4 blues).
 *
 * Frames are held in memory until `close` (as copies of the framebuffer's pixels), up to `maxBytes`;
 * a frame past that limit ends the recording there, is counted in `stats.dropped` and reported once.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type Gifenc from 'gifenc';
import type { PixelArray, PixelFormat } from '../render/index.js';
import { valueToRgb } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/**
 * Options of a `GifOutput`: the file, the tick range recorded, a byte budget, and `onError` for a
 * failed write.
 */
export interface GifOptions {
  /** File written on close. */
  readonly path: string;
  /** First tick of the GIF; default the first frame's tick. Frames before it only set the opening picture. */
  readonly from?: number;
  /** Last tick of the GIF, inclusive; default the last frame's tick (shown for one tick). Later frames are ignored. */
  readonly to?: number;
  /** 0 loops forever (default), -1 plays once, n > 0 repeats n times. */
  readonly repeat?: number;
  /** Most bytes of frame copies held until close; default 64 MiB. */
  readonly maxBytes?: number;
  /** Where failures (writing the file) are reported. Default `console.warn`. */
  readonly onError?: ErrorSink;
}

/**
 * A `GifOutput`'s counters: the output counters plus frames in the GIF and frames dropped at the
 * byte budget.
 */
export interface GifStats extends OutputStats {
  /** Frames in the GIF after merging identical neighbours. */
  readonly gifFrames: number;
  /** Frames not kept because `maxBytes` was reached. */
  readonly dropped: number;
}

let gifencModule: typeof Gifenc | undefined;

/** gifenc is loaded the first time a GIF is encoded: importing tinydisplay does not load it. */
function gifenc(): typeof Gifenc {
  gifencModule ??= createRequire(import.meta.url)('gifenc') as typeof Gifenc;
  return gifencModule;
}

interface HeldFrame {
  /** Tick the frame appears, relative to `from` (0 for a frame before the range). */
  at: number;
  readonly pixels: PixelArray;
}

type GifState = 'new' | 'open' | 'closed';

/**
 * Records frames into an animated GIF written on `close`, one tick per `1/fps` s, identical
 * neighbours merged; bounded by `maxBytes`.
 */
export class GifOutput implements Output {
  readonly name = 'gif';
  private readonly options: GifOptions;
  private readonly maxBytes: number;
  private readonly counters: OutputCounters;
  private state: GifState = 'new';
  private display: DisplayInfo | undefined;
  private from: number | undefined;
  private readonly frames: HeldFrame[] = [];
  private heldBytes = 0;
  private lastTick = Number.NEGATIVE_INFINITY;
  /** Tick (absolute) where recording stopped because of `maxBytes`, if it did. */
  private cutAt: number | undefined;
  private droppedFrames = 0;

  constructor(options: GifOptions) {
    refuseRenamedOptions('gif', options, { report: 'onError' });
    if (typeof options?.path !== 'string' || options.path === '') {
      throw new TypeError(`gif: 'path' must be a file path, received ${JSON.stringify(options?.path)}`);
    }
    for (const key of ['from', 'to'] as const) {
      const v = options[key];
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
        throw new RangeError(`gif: '${key}' must be a tick (integer >= 0), received ${String(v)}`);
      }
    }
    if (options.from !== undefined && options.to !== undefined && options.to < options.from) {
      throw new RangeError(`gif: 'to' (${options.to}) is before 'from' (${options.from})`);
    }
    const repeat = options.repeat ?? 0;
    if (!Number.isInteger(repeat) || repeat < -1 || repeat > 65535) {
      throw new RangeError(`gif: 'repeat' must be -1, 0 or a count up to 65535, received ${String(repeat)}`);
    }
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isFinite(maxBytes) || maxBytes < 1) {
      throw new RangeError(`gif: 'maxBytes' must be a number of bytes >= 1, received ${String(maxBytes)}`);
    }
    this.options = options;
    this.maxBytes = maxBytes;
    this.from = options.from;
    this.counters = new OutputCounters('gif', options.onError);
  }

  get stats(): GifStats {
    const c = this.counters;
    return {
      frames: c.frames,
      bytes: c.bytes,
      errors: c.errors,
      gifFrames: this.plan().length,
      dropped: this.droppedFrames,
    };
  }

  async open(display: DisplayInfo): Promise<void> {
    if (this.state !== 'new') throw new Error(`gif: open() was already called (state '${this.state}')`);
    if (!(display.fps > 0))
      throw new RangeError(`gif: the display's fps must be > 0, received ${display.fps}`);
    this.display = display;
    this.state = 'open';
  }

  write(update: FrameUpdate): void {
    if (this.state !== 'open') throw new Error(`gif: write() needs an open output (state '${this.state}')`);
    if (update.damage.length === 0) return;
    const { tick, framebuffer: fb } = update;
    const to = this.options.to;
    if ((to !== undefined && tick > to) || tick <= this.lastTick) return;
    if (this.cutAt !== undefined) {
      this.droppedFrames++;
      return;
    }
    this.lastTick = tick;
    this.counters.frameWritten();
    const from = this.from ?? tick;
    this.from = from;
    const at = Math.max(0, tick - from);
    const last = this.frames[this.frames.length - 1];
    if (last && samePixels(last.pixels, fb.pixels)) return;
    if (last && last.at === at) {
      // Frames before the range: the latest one opens the GIF.
      last.pixels.set(fb.pixels);
      return;
    }
    if (this.heldBytes + fb.pixels.byteLength > this.maxBytes) {
      this.cutAt = tick;
      this.droppedFrames++;
      this.counters.failed(
        `holding the frame of tick ${tick} (maxBytes ${this.maxBytes} reached; the GIF ends at this tick)`,
        new RangeError('gif: maxBytes reached'),
      );
      return;
    }
    this.heldBytes += fb.pixels.byteLength;
    this.frames.push({ at, pixels: fb.pixels.slice() });
  }

  /** The GIF of the frames taken so far. */
  toBytes(): Uint8Array {
    const display = this.display;
    if (!display) throw new Error('gif: toBytes() needs an opened output');
    const plan = this.plan();
    const { width, height, format } = display;
    const gif = gifenc().GIFEncoder();
    if (plan.length === 0) {
      gif.finish();
      return gif.bytes();
    }
    const { palette, indexOf } = paletteFor(
      format,
      plan.map((p) => p.pixels),
    );
    const index = new Uint8Array(width * height);
    const direct = format === 'mono' || format === 'gray4' || format === 'gray8';
    plan.forEach((p, i) => {
      const px = p.pixels;
      // Mono and grey values are their own palette indices.
      if (direct) index.set(px);
      else for (let k = 0; k < index.length; k++) index[k] = indexOf(px[k] as number);
      gif.writeFrame(index, width, height, {
        delay: p.cs * 10,
        ...(i === 0 ? { palette, repeat: this.options.repeat ?? 0 } : {}),
      });
    });
    gif.finish();
    return gif.bytes();
  }

  /** Write the file. Idempotent; a failed write is counted and reported, not thrown. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    if (!wasOpen) return;
    try {
      const bytes = this.toBytes();
      await writeFile(this.options.path, bytes);
      this.counters.sent(bytes.length);
    } catch (error) {
      this.counters.failed(`writing ${this.options.path}`, error);
    }
  }

  /** Frames with their delays in 1/100 s, zero-delay frames left out and identical neighbours merged. */
  private plan(): { pixels: PixelArray; cs: number }[] {
    const display = this.display;
    if (!display || this.frames.length === 0 || this.from === undefined) return [];
    const fps = display.fps;
    const cs = (t: number): number =>
      Number.isInteger(fps) ? Math.floor((200 * t + fps) / (2 * fps)) : Math.floor((t * 100) / fps + 0.5);
    const end =
      this.cutAt !== undefined
        ? this.cutAt - this.from
        : this.options.to !== undefined
          ? this.options.to + 1 - this.from
          : Math.max(0, this.lastTick - this.from) + 1;
    const out: { pixels: PixelArray; cs: number }[] = [];
    for (let i = 0; i < this.frames.length; i++) {
      const f = this.frames[i] as HeldFrame;
      const next = this.frames[i + 1];
      const stop = Math.min(end, next ? next.at : end);
      const delay = cs(stop) - cs(f.at);
      if (delay <= 0) continue;
      const prev = out[out.length - 1];
      if (prev && samePixels(prev.pixels, f.pixels)) prev.cs += delay;
      else out.push({ pixels: f.pixels, cs: delay });
    }
    return out;
  }
}

function samePixels(a: PixelArray, b: PixelArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The palette of a format and the index of each pixel value in it. */
export function paletteFor(
  format: PixelFormat,
  frames: readonly PixelArray[],
): { palette: number[][]; indexOf: (value: number) => number } {
  const grey = (levels: number) =>
    Array.from({ length: levels }, (_, i) => {
      const g = Math.round((i * 255) / (levels - 1));
      return [g, g, g];
    });
  if (format === 'mono') return { palette: grey(2), indexOf: (v) => (v ? 1 : 0) };
  if (format === 'gray4') return { palette: grey(16), indexOf: (v) => v & 0xf };
  if (format === 'gray8') return { palette: grey(256), indexOf: (v) => v & 0xff };
  const seen = new Set<number>();
  outer: for (const px of frames) {
    for (let i = 0; i < px.length; i++) {
      seen.add(px[i] as number);
      if (seen.size > 256) break outer;
    }
  }
  if (seen.size <= 256) {
    const values = [...seen].sort((a, b) => valueToRgb(format, a) - valueToRgb(format, b) || a - b);
    const at = new Map<number, number>();
    values.forEach((v, i) => {
      at.set(v, i);
    });
    return {
      palette: values.map((v) => {
        const rgb = valueToRgb(format, v);
        return [rgb >>> 16, (rgb >>> 8) & 0xff, rgb & 0xff];
      }),
      indexOf: (v) => at.get(v) ?? 0,
    };
  }
  const palette: number[][] = [];
  for (let i = 0; i < 256; i++) {
    palette.push([
      Math.round(((i >>> 5) * 255) / 7),
      Math.round((((i >>> 2) & 7) * 255) / 7),
      Math.round(((i & 3) * 255) / 3),
    ]);
  }
  return {
    palette,
    indexOf: (v) => {
      const rgb = valueToRgb(format, v);
      const r = Math.floor((((rgb >>> 16) & 0xff) * 7 + 127) / 255);
      const g = Math.floor((((rgb >>> 8) & 0xff) * 7 + 127) / 255);
      const b = Math.floor(((rgb & 0xff) * 3 + 127) / 255);
      return (r << 5) | (g << 2) | b;
    },
  };
}
