/**
 * Display rotation, in one place for every output. The scene is composed at the display's logical
 * size (a 64x128 portrait layout for a 128x64 panel at 90) and `FrameRotation` turns each frame to the
 * panel's native orientation before any output packs it: panels, PNG folders, GIFs, the terminal and
 * the simulator all take native frames, so the files and the simulator show what the panel shows.
 * Outputs open with `native` (the logical size, swapped at 90 and 270).
 *
 * Rotation is clockwise: at 90 the logical top-left pixel is the native top-right one; logical (x, y)
 * of a W x H frame goes to native (H-1-y, x) at 90, (W-1-x, H-1-y) at 180 and (y, W-1-x) at 270.
 *
 * Only damaged pixels are turned, into a native framebuffer kept between frames; damage is mapped
 * with them. Mono damage is given as whole 8-row pages of the native frame (one rectangle per page,
 * the union of the columns damaged in it), as mono outputs expect. At 0 a frame passes unchanged.
 */
import { Framebuffer, type Rect } from '../render/index.js';
import type { DisplayInfo, FrameUpdate } from './output.js';

/** Degrees clockwise the picture is turned on the panel. */
export type DisplayRotation = 0 | 90 | 180 | 270;

const rotations: readonly number[] = [0, 90, 180, 270];

interface MutableRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The panel's geometry for a logical display turned by `rotation` (width and height swapped at 90 and 270). */
export function nativeDisplay(display: DisplayInfo, rotation: DisplayRotation): DisplayInfo {
  checkRotation(rotation);
  return rotation === 90 || rotation === 270
    ? { ...display, width: display.height, height: display.width }
    : display;
}

function checkRotation(rotation: number): void {
  if (!rotations.includes(rotation))
    throw new RangeError(`rotation: expected 0, 90, 180 or 270 degrees, received ${String(rotation)}`);
}

/**
 * Turns each frame clockwise from the layout the scene draws (`logical`) to the panel's orientation
 * (`native`) before any output sees it: one step for every output, so PNG, GIF, terminal and simulator
 * show what the panel shows. Only damaged pixels are turned; mono damage becomes whole native pages.
 */
export class FrameRotation {
  readonly rotation: DisplayRotation;
  /** The display the scene draws (the config's width and height). */
  readonly logical: DisplayInfo;
  /** The display outputs open with. */
  readonly native: DisplayInfo;
  private readonly fb: Framebuffer | undefined;
  /** Damage of the latest native frame, reused: at most one rectangle per damaged rectangle or per page. */
  private readonly rects: MutableRect[] = [];
  private readonly damage: Rect[] = [];
  private readonly pageLo: Int32Array;
  private readonly pageHi: Int32Array;

  constructor(display: DisplayInfo, rotation: DisplayRotation) {
    checkRotation(rotation);
    this.rotation = rotation;
    this.logical = display;
    this.native = nativeDisplay(display, rotation);
    const pages = display.format === 'mono' ? Math.ceil(this.native.height / 8) : 0;
    this.pageLo = new Int32Array(pages);
    this.pageHi = new Int32Array(pages);
    this.fb =
      rotation === 0
        ? undefined
        : new Framebuffer({ width: this.native.width, height: this.native.height, format: display.format });
  }

  /**
   * The native frame of `update` (a logical frame of the display's size and format). At 0 it is
   * `update` itself; otherwise the native framebuffer is this object's, rewritten by the next call.
   */
  apply(update: FrameUpdate): FrameUpdate {
    const fb = this.fb;
    if (fb === undefined) return update;
    const src = update.framebuffer;
    const { width, height, format } = this.logical;
    if (src.width !== width || src.height !== height || src.format !== format) {
      throw new RangeError(
        `rotation: expected a ${width}x${height} ${format} framebuffer, received ${src.width}x${src.height} ${src.format}`,
      );
    }
    const out = this.damage;
    out.length = 0;
    let n = 0;
    for (const r of update.damage) {
      const x0 = Math.max(0, Math.floor(r.x));
      const y0 = Math.max(0, Math.floor(r.y));
      const x1 = Math.min(width, Math.floor(r.x + r.w));
      const y1 = Math.min(height, Math.floor(r.y + r.h));
      if (x1 <= x0 || y1 <= y0) continue;
      const nr = this.rects[n] ?? { x: 0, y: 0, w: 0, h: 0 };
      this.rects[n++] = nr;
      this.mapRect(x0, y0, x1, y1, nr);
    }
    if (format === 'mono') this.pagesOf(n);
    else for (let i = 0; i < n; i++) out.push(this.rects[i] as MutableRect);
    for (const r of out) this.turn(src, fb, r);
    return { tick: update.tick, framebuffer: fb, damage: out };
  }

  /** The native rectangle of the logical one [x0, x1) x [y0, y1). */
  private mapRect(x0: number, y0: number, x1: number, y1: number, out: MutableRect): void {
    const { width: W, height: H } = this.logical;
    switch (this.rotation) {
      case 90:
        out.x = H - y1;
        out.y = x0;
        out.w = y1 - y0;
        out.h = x1 - x0;
        break;
      case 180:
        out.x = W - x1;
        out.y = H - y1;
        out.w = x1 - x0;
        out.h = y1 - y0;
        break;
      default:
        out.x = y0;
        out.y = W - x1;
        out.w = y1 - y0;
        out.h = x1 - x0;
    }
  }

  /** Replace the first `n` native rectangles by one per touched page, spanning their columns. */
  private pagesOf(n: number): void {
    const lo = this.pageLo;
    const hi = this.pageHi;
    const NW = this.native.width;
    const NH = this.native.height;
    lo.fill(NW);
    hi.fill(0);
    for (let i = 0; i < n; i++) {
      const r = this.rects[i] as MutableRect;
      for (let p = r.y >> 3, last = (r.y + r.h - 1) >> 3; p <= last; p++) {
        if (r.x < (lo[p] as number)) lo[p] = r.x;
        if (r.x + r.w > (hi[p] as number)) hi[p] = r.x + r.w;
      }
    }
    let k = 0;
    for (let p = 0; p < lo.length; p++) {
      const a = lo[p] as number;
      const b = hi[p] as number;
      if (b <= a) continue;
      // Slots past `n` are free; slots before it were read above and are not needed any more.
      const r = this.rects[k] ?? { x: 0, y: 0, w: 0, h: 0 };
      this.rects[k++] = r;
      r.x = a;
      r.y = p * 8;
      r.w = b - a;
      r.h = Math.min(8, NH - p * 8);
      this.damage.push(r);
    }
  }

  /** Copy the native rectangle `r` from the logical frame. */
  private turn(src: Framebuffer, dst: Framebuffer, r: Rect): void {
    const W = src.width;
    const H = src.height;
    const NW = dst.width;
    const s = src.pixels;
    const d = dst.pixels;
    const x1 = r.x + r.w;
    for (let ny = r.y, y1 = r.y + r.h; ny < y1; ny++) {
      let o = ny * NW + r.x;
      switch (this.rotation) {
        case 90:
          // native (nx, ny) = logical (ny, H-1-nx)
          for (let nx = r.x, i = (H - 1 - nx) * W + ny; nx < x1; nx++, i -= W) d[o++] = s[i] as number;
          break;
        case 180:
          // native (nx, ny) = logical (W-1-nx, H-1-ny)
          for (let nx = r.x, i = (H - 1 - ny) * W + (W - 1 - nx); nx < x1; nx++, i--) d[o++] = s[i] as number;
          break;
        default:
          // native (nx, ny) = logical (W-1-ny, nx)
          for (let nx = r.x, i = nx * W + (W - 1 - ny); nx < x1; nx++, i += W) d[o++] = s[i] as number;
      }
    }
  }
}
