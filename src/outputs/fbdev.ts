/**
 * The Linux framebuffer device (`/dev/fbN`): the panel a kernel driver already runs (fbtft TFTs, HDMI
 * consoles). Geometry and depth come from `/sys/class/graphics/fbN`: `virtual_size` (`W,H`),
 * `bits_per_pixel` (16, 24 or 32) and `stride` (bytes per line). Each damaged rectangle is written row
 * by row with positioned writes, so nothing outside it is touched:
 *
 * - 16 bpp: RGB565, little-endian;
 * - 24 bpp: B, G, R;
 * - 32 bpp: B, G, R, 0xff (XRGB8888 little-endian, the usual fbdev layout).
 *
 * The picture sits at (`x`, `y`) of the framebuffer (default the top-left corner).
 */
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Framebuffer, Rect } from '../render/index.js';
import { rgbToValue } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/** The part of a file handle the output uses (Node's `FileHandle`; tests may wrap it). */
export interface FbdevFile {
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number }>;
  close(): Promise<void>;
}

/**
 * Options of an `FbdevOutput`: the device (default `/dev/fb0`), its sysfs folder, where the
 * picture sits, and `onError` for write failures.
 */
export interface FbdevOptions {
  /** Default `/dev/fb0`. */
  readonly device?: string;
  /** The device's sysfs folder; default `/sys/class/graphics/<device name>`. */
  readonly sysfs?: string;
  /** Where the picture's top-left corner goes, in framebuffer pixels; default 0, 0. */
  readonly x?: number;
  readonly y?: number;
  /** Where write failures are reported (first of a run). Default `console.warn`. */
  readonly onError?: ErrorSink;
  /** @internal How the device is opened (tests wrap the handle to make writes fail). */
  readonly openFile?: (path: string) => Promise<FbdevFile>;
}

/** What `/sys/class/graphics/fbN` says about the device. */
export interface FbdevGeometry {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: 16 | 24 | 32;
  /** Bytes per line. */
  readonly stride: number;
}

async function readSys(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw new Error(
      `fbdev: reading ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Read a framebuffer's geometry from its sysfs folder; throws naming the file and the value it did not understand. */
export async function readFbdevGeometry(dir: string): Promise<FbdevGeometry> {
  const size = await readSys(dir, 'virtual_size');
  const m = /^(\d+),(\d+)$/.exec(size);
  if (!m) throw new Error(`fbdev: ${join(dir, 'virtual_size')} should read 'W,H', read '${size}'`);
  const bppText = await readSys(dir, 'bits_per_pixel');
  const bpp = Number(bppText);
  if (bpp !== 16 && bpp !== 24 && bpp !== 32) {
    throw new Error(
      `fbdev: ${join(dir, 'bits_per_pixel')} reads '${bppText}'; supported depths are 16, 24 and 32`,
    );
  }
  const width = Number(m[1]);
  const strideText = await readSys(dir, 'stride');
  const stride = Number(strideText);
  if (!Number.isInteger(stride) || stride < (width * bpp) / 8) {
    throw new Error(
      `fbdev: ${join(dir, 'stride')} reads '${strideText}', less than a line of ${width} pixels`,
    );
  }
  return { width, height: Number(m[2]), bitsPerPixel: bpp, stride };
}

type FbdevState = 'new' | 'open' | 'closed';

/**
 * Writes frames to a Linux framebuffer device (`/dev/fbN`, 16, 24 or 32 bpp), only the damaged
 * rectangles, row by row.
 */
export class FbdevOutput implements Output {
  readonly name = 'fbdev';
  private readonly device: string;
  private readonly sysfs: string;
  private readonly ox: number;
  private readonly oy: number;
  private readonly openFile: (path: string) => Promise<FbdevFile>;
  private readonly counters: OutputCounters;
  private state: FbdevState = 'new';
  private file: FbdevFile | undefined;
  private geometry: FbdevGeometry | undefined;
  private width = 0;
  private height = 0;
  private row = new Uint8Array(0);

  constructor(options: FbdevOptions = {}) {
    refuseRenamedOptions('fbdev', options, { report: 'onError' });
    this.device = options.device ?? '/dev/fb0';
    this.sysfs = options.sysfs ?? join('/sys/class/graphics', basename(this.device));
    this.ox = options.x ?? 0;
    this.oy = options.y ?? 0;
    for (const [key, v] of [
      ['x', this.ox],
      ['y', this.oy],
    ] as const) {
      if (!Number.isInteger(v) || v < 0)
        throw new RangeError(`fbdev: '${key}' must be an integer >= 0, received ${String(v)}`);
    }
    this.openFile = options.openFile ?? ((path) => open(path, 'r+') as Promise<FileHandle>);
    this.counters = new OutputCounters('fbdev', options.onError);
  }

  get stats(): OutputStats {
    const c = this.counters;
    return { frames: c.frames, bytes: c.bytes, errors: c.errors };
  }

  /** The device's geometry, once open. */
  get deviceGeometry(): FbdevGeometry | undefined {
    return this.geometry;
  }

  async open(display: DisplayInfo): Promise<void> {
    if (this.state !== 'new') throw new Error(`fbdev: open() was already called (state '${this.state}')`);
    const g = await readFbdevGeometry(this.sysfs);
    if (this.ox + display.width > g.width || this.oy + display.height > g.height) {
      throw new RangeError(
        `fbdev: a ${display.width}x${display.height} picture at (${this.ox}, ${this.oy}) does not fit ${this.device} (${g.width}x${g.height})`,
      );
    }
    try {
      this.file = await this.openFile(this.device);
    } catch (error) {
      throw new Error(
        `fbdev: opening ${this.device} failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    this.geometry = g;
    this.width = display.width;
    this.height = display.height;
    this.row = new Uint8Array((display.width * g.bitsPerPixel) / 8);
    this.state = 'open';
  }

  async write(update: FrameUpdate): Promise<void> {
    if (this.state !== 'open') throw new Error(`fbdev: write() needs an open output (state '${this.state}')`);
    const fb = update.framebuffer;
    if (fb.width !== this.width || fb.height !== this.height) {
      throw new RangeError(
        `fbdev: expected a ${this.width}x${this.height} framebuffer, received ${fb.width}x${fb.height}`,
      );
    }
    if (update.damage.length === 0) return;
    try {
      for (const r of update.damage) await this.writeRect(fb, r);
      this.counters.frameWritten();
    } catch (error) {
      this.counters.failed(`writing the frame of tick ${update.tick} to ${this.device}`, error);
    }
  }

  private async writeRect(fb: Framebuffer, r: Rect): Promise<void> {
    const g = this.geometry as FbdevGeometry;
    const file = this.file as FbdevFile;
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(this.width, Math.floor(r.x + r.w));
    const y1 = Math.min(this.height, Math.floor(r.y + r.h));
    if (x1 <= x0 || y1 <= y0) return;
    const bytesPerPixel = g.bitsPerPixel / 8;
    const length = (x1 - x0) * bytesPerPixel;
    const row = this.row;
    const px = fb.pixels;
    const W = fb.width;
    const native565 = fb.format === 'rgb565';
    for (let y = y0; y < y1; y++) {
      let o = 0;
      for (let i = y * W + x0, end = y * W + x1; i < end; i++) {
        const v = px[i] as number;
        if (bytesPerPixel === 2) {
          const c = native565 ? v : rgbToValue('rgb565', fb.rgbOf(v));
          row[o++] = c & 0xff;
          row[o++] = c >>> 8;
        } else {
          const rgb = fb.rgbOf(v);
          row[o++] = rgb & 0xff;
          row[o++] = (rgb >>> 8) & 0xff;
          row[o++] = rgb >>> 16;
          if (bytesPerPixel === 4) row[o++] = 0xff;
        }
      }
      const position = (y + this.oy) * g.stride + (x0 + this.ox) * bytesPerPixel;
      const { bytesWritten } = await file.write(row, 0, length, position);
      this.counters.sent(bytesWritten);
      if (bytesWritten !== length) {
        throw new Error(`short write at byte ${position}: ${bytesWritten} of ${length} bytes`);
      }
    }
  }

  /** Close the device. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }
}
