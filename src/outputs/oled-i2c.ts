/**
 * What SSD1306 and SH1106 panels on I2C share: a mono framebuffer sent as 8-row pages, a copy of what
 * the panel's memory holds (so only bytes that really changed are sent), command and data bursts
 * behind a control byte, contrast and power save. The two controllers differ in their initialisation
 * and in how a write window is addressed; `Ssd1306Output` and `Sh1106Output` supply those.
 *
 * On the wire every transaction is one `i2cWrite`: a control byte (`0x00`: commands follow, `0x40`:
 * display data follows) and then the bytes, at most `maxTransfer` in all. A frame sends, for each run
 * of changed pages, one command transaction that sets the window and the data of the run in as few
 * transactions as `maxTransfer` allows (one when it allows the run), never a transaction per byte.
 */
import type { Framebuffer, Rect } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import { type I2cBus, openI2cBus } from './i2c.js';
import type { ModuleLoader } from './optional-import.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/**
 * Rotation of the picture on the panel, degrees, by the controller's own segment remap and COM scan
 * direction flip: for programs that drive the panel directly. A config's `display.rotation` is applied
 * before outputs (`FrameRotation`), the same for every output, and never passed here.
 */
export type OledRotation = 0 | 180;

/**
 * Options of the I2C OLEDs (SSD1306, SH1106): the bus (default 1) and address (default 0x3c),
 * rotation, contrast, transfer size and `onError`.
 */
export interface OledI2cOptions {
  /**
   * The bus: an object with `i2c-bus`'s promise `i2cWrite` (which the caller closes), or the number
   * of `/dev/i2c-N` to open with the optional package `i2c-bus` (closed by `close`). Default 1, the
   * Raspberry Pi's header bus.
   */
  readonly bus?: I2cBus | number;
  /** 7-bit device address; default `0x3c` (`0x3d` when the module's address jumper is moved). */
  readonly address?: number;
  /** Default 0. */
  readonly rotation?: OledRotation;
  /** Contrast 0..255 sent at initialisation; default `0xcf`. */
  readonly contrast?: number;
  /**
   * Most bytes in one I2C transaction, control byte included; default 4096, from 8 to 8192 (Linux
   * `i2c-dev` refuses larger writes). Adapters that cap transfers (SMBus-style bridges, some
   * microcontroller firmwares at 32) need it lowered: runs are then split into several data bursts.
   */
  readonly maxTransfer?: number;
  /** Where write failures are reported (first of a run). Default `console.warn`. */
  readonly onError?: ErrorSink;
  /** @internal How the optional package is imported (tests). */
  readonly loader?: ModuleLoader;
}

/** An I2C OLED's counters: the output counters plus I2C transactions. */
export interface OledI2cStats extends OutputStats {
  /** I2C transactions (`i2cWrite` calls that succeeded), initialisation included. */
  readonly transactions: number;
}

type OledState = 'new' | 'opening' | 'open' | 'closed';

const controlCommand = 0x00;
const controlData = 0x40;
const defaultMaxTransfer = 4096;

/** Bytes a new run costs on the bus beyond its data: a window command burst and a data control byte, with their address bytes. */
const runOverhead = 10;

export abstract class OledI2cOutput implements Output {
  abstract readonly name: string;
  protected readonly address: number;
  protected readonly rotation: OledRotation;
  protected readonly contrastAtInit: number;
  private readonly maxTransfer: number;
  private readonly busOption: I2cBus | number;
  private readonly loader: ModuleLoader | undefined;
  private readonly counters: OutputCounters;
  private txCount = 0;
  private bus: I2cBus | undefined;
  private ownedBus: { close(): Promise<void> } | undefined;
  private state: OledState = 'new';
  private tx: Buffer;
  protected width = 0;
  protected height = 0;
  /** What the panel's memory holds, page-major like `Framebuffer.pack` (valid when `known`). */
  private shadow = new Uint8Array(0);
  /** This frame's pages, packed. */
  private next = new Uint8Array(0);
  /** One view of `next` per page, made once at `open`: packing a page allocates nothing per frame. */
  private nextPages: Uint8Array[] = [];
  /** The page being packed, rewritten per page. */
  private readonly pageWindow = { x: 0, y: 0, w: 0, h: 8 };
  private pageLo = new Int32Array(0);
  private pageHi = new Int32Array(0);
  /** Runs of this frame: [firstPage, lastPage, firstColumn, lastColumn] each, inclusive. */
  private runs = new Int32Array(0);
  /** False until a whole frame went out, and again after a failed write: the next frame is sent whole. */
  private known = false;

  constructor(
    private readonly kind: string,
    options: OledI2cOptions,
  ) {
    refuseRenamedOptions(kind, options, { report: 'onError' });
    const address = options.address ?? 0x3c;
    if (!Number.isInteger(address) || address < 0x03 || address > 0x77) {
      throw new RangeError(
        `${kind}: 'address' must be a 7-bit address 0x03..0x77, received ${String(address)}`,
      );
    }
    const rotation = options.rotation ?? 0;
    if (rotation !== 0 && rotation !== 180) {
      throw new RangeError(`${kind}: 'rotation' must be 0 or 180, received ${String(rotation)}`);
    }
    const contrast = options.contrast ?? 0xcf;
    checkByte(kind, 'contrast', contrast);
    const maxTransfer = options.maxTransfer ?? defaultMaxTransfer;
    if (!Number.isInteger(maxTransfer) || maxTransfer < 8 || maxTransfer > 8192) {
      throw new RangeError(
        `${kind}: 'maxTransfer' must be an integer from 8 to 8192 bytes, received ${String(maxTransfer)}`,
      );
    }
    this.address = address;
    this.rotation = rotation;
    this.contrastAtInit = contrast;
    this.maxTransfer = maxTransfer;
    this.busOption = options.bus ?? 1;
    this.loader = options.loader;
    this.counters = new OutputCounters(kind, options.onError);
    this.tx = Buffer.alloc(maxTransfer);
  }

  get stats(): OledI2cStats {
    const c = this.counters;
    return { frames: c.frames, bytes: c.bytes, errors: c.errors, transactions: this.txCount };
  }

  /** Check the display's geometry; throw naming what this controller supports. */
  protected abstract checkDisplay(display: DisplayInfo): void;
  /** The initialisation commands, each with its arguments, in order. */
  protected abstract initCommands(): readonly (readonly number[])[];
  /** Commands that point the panel's write cursor at a run (pages and columns inclusive). */
  protected abstract windowCommands(
    firstPage: number,
    lastPage: number,
    firstColumn: number,
    lastColumn: number,
  ): readonly (readonly number[])[];
  /** Whether the panel wraps from one page to the next inside a window (SSD1306 horizontal mode). */
  protected abstract readonly pagesWrap: boolean;

  async open(display: DisplayInfo): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`${this.kind}: open() was already called (state '${this.state}')`);
    if (display.format !== 'mono') {
      throw new RangeError(
        `${this.kind}: the panel is monochrome; expected format 'mono', received '${display.format}'`,
      );
    }
    this.checkDisplay(display);
    this.state = 'opening';
    this.width = display.width;
    this.height = display.height;
    const pages = Math.ceil(display.height / 8);
    this.shadow = new Uint8Array(display.width * pages);
    this.next = new Uint8Array(display.width * pages);
    this.nextPages = Array.from({ length: pages }, (_, p) =>
      this.next.subarray(p * display.width, (p + 1) * display.width),
    );
    this.pageLo = new Int32Array(pages);
    this.pageHi = new Int32Array(pages);
    this.runs = new Int32Array(pages * 4);
    try {
      if (typeof this.busOption === 'number') {
        const bus = await openI2cBus(this.busOption, this.kind, this.loader);
        this.bus = bus;
        this.ownedBus = bus;
      } else {
        this.bus = this.busOption;
      }
      await this.sendCommands(this.initCommands());
    } catch (error) {
      this.state = 'closed';
      await this.ownedBus?.close().catch(() => undefined);
      throw new Error(
        `${this.kind}: initialising the panel at address 0x${this.address.toString(16)} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.state = 'open';
  }

  async write(update: FrameUpdate): Promise<void> {
    if (this.state !== 'open')
      throw new Error(`${this.kind}: write() needs an open output (state '${this.state}')`);
    const fb = update.framebuffer;
    if (fb.width !== this.width || fb.height !== this.height || fb.format !== 'mono') {
      throw new RangeError(
        `${this.kind}: expected a ${this.width}x${this.height} mono framebuffer, received ${fb.width}x${fb.height} ${fb.format}`,
      );
    }
    if (update.damage.length === 0) return;
    try {
      const runs = this.plan(fb, update.damage);
      for (let r = 0; r < runs; r++) {
        const i = r * 4;
        const p0 = this.runs[i] as number;
        const p1 = this.runs[i + 1] as number;
        const c0 = this.runs[i + 2] as number;
        const c1 = this.runs[i + 3] as number;
        await this.sendCommands(this.windowCommands(p0, p1, c0, c1));
        await this.sendRun(p0, p1, c0, c1);
      }
      this.known = true;
      this.counters.frameWritten();
    } catch (error) {
      // What reached the panel is unknown now: the next frame goes out whole.
      this.known = false;
      this.counters.failed(`writing the frame of tick ${update.tick}`, error);
    }
  }

  /** Set the contrast (0..255) now. */
  async setContrast(value: number): Promise<void> {
    checkByte(this.kind, 'contrast', value);
    this.assertOpen('setContrast');
    await this.sendCommands([[0x81, value]]);
  }

  /** Power save on: the panel goes dark and keeps its memory (0xAE); off: it shows it again (0xAF). */
  async setPowerSave(on: boolean): Promise<void> {
    this.assertOpen('setPowerSave');
    await this.sendCommands([[on ? 0xae : 0xaf]]);
  }

  /** Release the bus when this output opened it. The panel keeps showing the last frame. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const owned = this.ownedBus;
    this.ownedBus = undefined;
    this.bus = undefined;
    if (owned) await owned.close();
  }

  private assertOpen(what: string): void {
    if (this.state !== 'open')
      throw new Error(`${this.kind}: ${what}() needs an open output (state '${this.state}')`);
  }

  /**
   * Pack the damaged pages, trim each page's column span to the bytes that differ from the panel's
   * memory, and group pages into runs. Returns the number of runs written into `this.runs`.
   */
  private plan(fb: Framebuffer, damage: readonly Rect[]): number {
    const W = this.width;
    const pages = this.pageLo.length;
    const lo = this.pageLo;
    const hi = this.pageHi;
    const known = this.known;
    if (known) {
      lo.fill(W);
      hi.fill(0);
      for (const r of damage) {
        const x0 = Math.max(0, Math.floor(r.x));
        const x1 = Math.min(W, Math.floor(r.x + r.w));
        const y0 = Math.max(0, Math.floor(r.y));
        const y1 = Math.min(this.height, Math.floor(r.y + r.h));
        if (x1 <= x0 || y1 <= y0) continue;
        for (let p = y0 >> 3, last = (y1 - 1) >> 3; p <= last; p++) {
          if (x0 < (lo[p] as number)) lo[p] = x0;
          if (x1 > (hi[p] as number)) hi[p] = x1;
        }
      }
    } else {
      lo.fill(0);
      hi.fill(W);
    }
    const next = this.next;
    const shadow = this.shadow;
    const win = this.pageWindow;
    win.x = 0;
    win.w = W;
    for (let p = 0; p < pages; p++) {
      let a = lo[p] as number;
      let b = hi[p] as number;
      if (b <= a) continue;
      const base = p * W;
      // The whole page: a merged run below may send columns beyond this page's damaged span.
      win.y = p * 8;
      fb.packInto(this.nextPages[p] as Uint8Array, win);
      if (known) {
        while (a < b && next[base + a] === shadow[base + a]) a++;
        while (b > a && next[base + b - 1] === shadow[base + b - 1]) b--;
      }
      lo[p] = a;
      hi[p] = b;
    }
    let runs = 0;
    const out = this.runs;
    for (let p = 0; p < pages; p++) {
      const a = lo[p] as number;
      const b = hi[p] as number;
      if (b <= a) continue;
      if (this.pagesWrap && runs > 0) {
        const i = (runs - 1) * 4;
        const rp0 = out[i] as number;
        const rp1 = out[i + 1] as number;
        const rc0 = out[i + 2] as number;
        const rc1 = out[i + 3] as number;
        if (rp1 === p - 1) {
          const u0 = Math.min(rc0, a);
          const u1 = Math.max(rc1, b - 1);
          const merged = (p - rp0 + 1) * (u1 - u0 + 1);
          const separate = (rp1 - rp0 + 1) * (rc1 - rc0 + 1) + (b - a) + runOverhead;
          if (merged <= separate) {
            out[i + 1] = p;
            out[i + 2] = u0;
            out[i + 3] = u1;
            continue;
          }
        }
      }
      const i = runs++ * 4;
      out[i] = p;
      out[i + 1] = p;
      out[i + 2] = a;
      out[i + 3] = b - 1;
    }
    // What goes out is what the panel holds next. A merged run sends columns outside the trimmed
    // spans too: `next` has them, as every page of a run was damaged and packed whole above.
    for (let r = 0; r < runs; r++) {
      const i = r * 4;
      const p0 = out[i] as number;
      const p1 = out[i + 1] as number;
      const c0 = out[i + 2] as number;
      const c1 = out[i + 3] as number;
      for (let p = p0; p <= p1; p++) {
        for (let k = p * W + c0, end = p * W + c1; k <= end; k++) shadow[k] = next[k] as number;
      }
    }
    return runs;
  }

  private async sendRun(p0: number, p1: number, c0: number, c1: number): Promise<void> {
    const tx = this.tx;
    const W = this.width;
    const shadow = this.shadow;
    let n = 1;
    tx[0] = controlData;
    for (let p = p0; p <= p1; p++) {
      let c = c0;
      while (c <= c1) {
        const take = Math.min(c1 - c + 1, this.maxTransfer - n);
        for (let k = p * W + c, end = k + take; k < end; k++) tx[n++] = shadow[k] as number;
        c += take;
        if (n === this.maxTransfer) {
          await this.transfer(n);
          n = 1;
        }
      }
    }
    if (n > 1) await this.transfer(n);
  }

  private async sendCommands(commands: readonly (readonly number[])[]): Promise<void> {
    const tx = this.tx;
    let n = 1;
    tx[0] = controlCommand;
    for (const cmd of commands) {
      // A command and its arguments stay in one transaction.
      if (n + cmd.length > this.maxTransfer) {
        await this.transfer(n);
        n = 1;
      }
      for (const b of cmd) tx[n++] = b;
    }
    if (n > 1) await this.transfer(n);
  }

  private async transfer(length: number): Promise<void> {
    const bus = this.bus;
    if (!bus) throw new Error(`${this.kind}: the bus is closed`);
    await bus.i2cWrite(this.address, length, this.tx);
    this.txCount++;
    this.counters.sent(length);
  }
}

function checkByte(kind: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 255) {
    throw new RangeError(`${kind}: '${name}' must be an integer 0..255, received ${String(v)}`);
  }
}
