/**
 * Colour TFT panels on SPI with a D/C line: ST7789, ILI9341 and ST7735. Each damaged rectangle is
 * sent as a window: `CASET` (0x2A) with the first and last column, `RASET` (0x2B) with the first and
 * last row (16 bits each, big-endian, offsets added), `RAMWR` (0x2C), then the pixels in RGB565,
 * big-endian, in transfers of at most `maxTransfer` bytes. D/C is low for a command byte, high for
 * its parameters and for pixel data.
 *
 * Initialisation (the controllers' datasheets, command tables and power-on sequences):
 *
 * | step                 | ST7789            | ILI9341           | ST7735            |
 * | -------------------- | ----------------- | ----------------- | ----------------- |
 * | SWRESET `01`, wait   | 150 ms            | 150 ms            | 150 ms            |
 * | SLPOUT `11`, wait    | 120 ms            | 120 ms            | 120 ms            |
 * | COLMOD `3A`          | `55` (65k, 16 bit)| `55` (16 bit)     | `05` (16 bit)     |
 * | MADCTL `36`          | by rotation       | by rotation + BGR | by rotation       |
 * | INVON `21` / INVOFF `20` | INVON (IPS)   | INVOFF            | INVOFF            |
 * | NORON `13`, wait     | 10 ms             | 10 ms             | 10 ms             |
 * | DISPON `29`, wait    | 120 ms            | 120 ms            | 120 ms            |
 *
 * MADCTL bits: MY 0x80, MX 0x40, MV 0x20 (rows and columns exchanged), BGR 0x08. Rotation 0 is the
 * controller's own orientation (ILI9341 modules: MX, as their drivers do); 90, 180 and 270 add
 * MX|MV, MX|MY and MY|MV to it.
 */
import type { Framebuffer, Rect } from '../render/index.js';
import { rgbToValue } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import { type GpioLine, SysfsGpioLine } from './gpio.js';
import { importOptional, type ModuleLoader } from './optional-import.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/** An SPI device: each call is one transfer with chip select held. `spi-device` behind `openSpiBus`; a fake in tests. */
export interface SpiBus {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The TFT controllers `SpiTftOutput` knows: `st7789`, `ili9341`, `st7735`. */
export type TftController = 'st7789' | 'ili9341' | 'st7735';
/** A TFT panel's rotation in degrees: 0, 90, 180 or 270. */
export type TftRotation = 0 | 90 | 180 | 270;

/**
 * Options of an `SpiTftOutput`: the controller, the SPI device and D/C line, rotation, colour
 * order and inversion, panel offsets, bytes per transfer, and `onError`.
 */
export interface SpiTftOptions {
  readonly controller: TftController;
  /**
   * The SPI device: an `SpiBus`, or `/dev/spidev<bus>.<device>` opened with the optional package
   * `spi-device` at `speedHz` (default 32 MHz). Default `{ bus: 0, device: 0 }`.
   */
  readonly spi?: SpiBus | { readonly bus: number; readonly device: number; readonly speedHz?: number };
  /** The D/C line: a `GpioLine`, or a sysfs GPIO line number. */
  readonly dc: GpioLine | number;
  /**
   * The controller's own rotation (MADCTL), for programs that drive the panel directly; default 0. A
   * config's `display.rotation` is applied before outputs (`FrameRotation`) and never passed here.
   */
  readonly rotation?: TftRotation;
  /** Colour order blue-green-red (MADCTL 0x08); default true for ILI9341, false otherwise. */
  readonly bgr?: boolean;
  /** Invert colours (INVON); default true for ST7789 (IPS panels), false otherwise. */
  readonly invert?: boolean;
  /** Added to every column / row address (panels smaller than the controller's RAM); default 0. */
  readonly columnOffset?: number;
  readonly rowOffset?: number;
  /** Most bytes in one SPI transfer; default 4096 (the `spidev` driver's default `bufsiz`). */
  readonly maxTransfer?: number;
  /** How initialisation waits, ms; default a timer. Tests pass one that records. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where write failures are reported (first of a run). Default `console.warn`. */
  readonly onError?: ErrorSink;
  /** @internal How the optional package is imported (tests). */
  readonly loader?: ModuleLoader;
  /** @internal Where sysfs GPIO lives (tests). */
  readonly gpioRoot?: string;
}

interface ControllerSpec {
  readonly colmod: number;
  /** MADCTL for rotation 0, 90, 180, 270 (without BGR). */
  readonly madctl: readonly [number, number, number, number];
  readonly bgr: boolean;
  readonly invert: boolean;
  /** RAM size in the controller's own orientation (columns, rows). */
  readonly ram: readonly [number, number];
}

const specs: Readonly<Record<TftController, ControllerSpec>> = {
  st7789: { colmod: 0x55, madctl: [0x00, 0x60, 0xc0, 0xa0], bgr: false, invert: true, ram: [240, 320] },
  ili9341: { colmod: 0x55, madctl: [0x40, 0x20, 0x80, 0xe0], bgr: true, invert: false, ram: [240, 320] },
  st7735: { colmod: 0x05, madctl: [0x00, 0x60, 0xc0, 0xa0], bgr: false, invert: false, ram: [132, 162] },
};

const SWRESET = 0x01;
const SLPOUT = 0x11;
const NORON = 0x13;
const INVOFF = 0x20;
const INVON = 0x21;
const DISPON = 0x29;
const CASET = 0x2a;
const RASET = 0x2b;
const RAMWR = 0x2c;
const MADCTL = 0x36;
const COLMOD = 0x3a;

interface SpiDeviceModule {
  open(
    bus: number,
    device: number,
    options: { mode?: number; maxSpeedHz?: number },
    callback: (error: Error | null) => void,
  ): {
    transfer(
      messages: { sendBuffer: Buffer; byteLength: number; speedHz?: number }[],
      callback: (error: Error | null) => void,
    ): void;
    close(callback: (error: Error | null) => void): void;
  };
}

/** Open `/dev/spidev<bus>.<device>` with the optional package `spi-device`, imported now. */
export async function openSpiBus(
  bus: number,
  device: number,
  speedHz: number,
  usedBy: string,
  load?: ModuleLoader,
): Promise<SpiBus> {
  const mod = (await importOptional('spi-device', usedBy, load)) as Partial<SpiDeviceModule>;
  const openFn = mod.open;
  if (typeof openFn !== 'function') throw new Error(`${usedBy}: the package 'spi-device' has no open()`);
  const dev = await new Promise<ReturnType<SpiDeviceModule['open']>>((resolve, reject) => {
    const d = openFn(bus, device, { mode: 0, maxSpeedHz: speedHz }, (error) =>
      error ? reject(error) : resolve(d),
    );
  });
  return {
    write: (bytes) =>
      new Promise((resolve, reject) => {
        const sendBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        dev.transfer([{ sendBuffer, byteLength: bytes.byteLength, speedHz }], (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    close: () => new Promise((resolve, reject) => dev.close((error) => (error ? reject(error) : resolve()))),
  };
}

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type TftState = 'new' | 'opening' | 'open' | 'closed';

/**
 * A colour TFT on SPI (ST7789, ILI9341, ST7735) in RGB565: each damaged rectangle is sent as one
 * address window.
 */
export class SpiTftOutput implements Output {
  readonly name: string;
  private readonly spec: ControllerSpec;
  private readonly options: SpiTftOptions;
  private readonly rotation: TftRotation;
  private readonly maxTransfer: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters: OutputCounters;
  private state: TftState = 'new';
  private spi: SpiBus | undefined;
  private dc: GpioLine | undefined;
  private ownsSpi = false;
  private ownsDc = false;
  private dcLevel: 0 | 1 | -1 = -1;
  private width = 0;
  private height = 0;
  private pixels = new Uint8Array(0);
  private readonly cmd = new Uint8Array(1);
  private readonly args = new Uint8Array(4);

  constructor(options: SpiTftOptions) {
    refuseRenamedOptions('spi-tft', options, { report: 'onError' });
    const spec = specs[options?.controller];
    if (!spec) {
      throw new RangeError(
        `spi-tft: 'controller' must be one of ${Object.keys(specs).join(', ')}, received ${JSON.stringify(options?.controller)}`,
      );
    }
    const rotation = options.rotation ?? 0;
    if (![0, 90, 180, 270].includes(rotation)) {
      throw new RangeError(
        `${options.controller}: 'rotation' must be 0, 90, 180 or 270, received ${String(rotation)}`,
      );
    }
    const maxTransfer = options.maxTransfer ?? 4096;
    if (!Number.isInteger(maxTransfer) || maxTransfer < 4 || maxTransfer > 65536) {
      throw new RangeError(
        `${options.controller}: 'maxTransfer' must be an integer 4..65536, received ${String(maxTransfer)}`,
      );
    }
    for (const key of ['columnOffset', 'rowOffset'] as const) {
      const v = options[key] ?? 0;
      if (!Number.isInteger(v) || v < 0 || v > 320) {
        throw new RangeError(
          `${options.controller}: '${key}' must be an integer 0..320, received ${String(v)}`,
        );
      }
    }
    if (options.dc === undefined)
      throw new TypeError(`${options.controller}: 'dc' (the D/C line) is required`);
    this.name = options.controller;
    this.spec = spec;
    this.options = options;
    this.rotation = rotation;
    this.maxTransfer = maxTransfer;
    this.sleep = options.sleep ?? timerSleep;
    this.counters = new OutputCounters(options.controller, options.onError);
  }

  get stats(): OutputStats {
    const c = this.counters;
    return { frames: c.frames, bytes: c.bytes, errors: c.errors };
  }

  /** MADCTL for this controller, rotation and colour order. */
  get madctl(): number {
    const bgr = this.options.bgr ?? this.spec.bgr;
    return (this.spec.madctl[this.rotation / 90] as number) | (bgr ? 0x08 : 0);
  }

  async open(display: DisplayInfo): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`${this.name}: open() was already called (state '${this.state}')`);
    const swap = this.rotation === 90 || this.rotation === 270;
    const [ramW, ramH] = swap ? [this.spec.ram[1], this.spec.ram[0]] : this.spec.ram;
    const cx = this.options.columnOffset ?? 0;
    const ry = this.options.rowOffset ?? 0;
    if (display.width + cx > ramW || display.height + ry > ramH) {
      throw new RangeError(
        `${this.name}: a ${display.width}x${display.height} display at offset (${cx}, ${ry}) does not fit the controller's ${ramW}x${ramH} memory at rotation ${this.rotation}`,
      );
    }
    this.state = 'opening';
    this.width = display.width;
    this.height = display.height;
    this.pixels = new Uint8Array(display.width * display.height * 2);
    try {
      const spi = this.options.spi ?? { bus: 0, device: 0 };
      if ('write' in spi) this.spi = spi;
      else {
        this.spi = await openSpiBus(
          spi.bus,
          spi.device,
          spi.speedHz ?? 32_000_000,
          this.name,
          this.options.loader,
        );
        this.ownsSpi = true;
      }
      const dc = this.options.dc;
      if (typeof dc === 'number') {
        this.dc = await SysfsGpioLine.open(dc, this.options.gpioRoot);
        this.ownsDc = true;
      } else this.dc = dc;
      await this.initialise();
    } catch (error) {
      this.state = 'open';
      await this.close().catch(() => undefined);
      throw new Error(
        `${this.name}: initialising the panel failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.state = 'open';
  }

  private async initialise(): Promise<void> {
    const spec = this.spec;
    await this.command(SWRESET);
    await this.sleep(150);
    await this.command(SLPOUT);
    await this.sleep(120);
    await this.command(COLMOD, [spec.colmod]);
    await this.command(MADCTL, [this.madctl]);
    await this.command((this.options.invert ?? spec.invert) ? INVON : INVOFF);
    await this.command(NORON);
    await this.sleep(10);
    await this.command(DISPON);
    await this.sleep(120);
  }

  async write(update: FrameUpdate): Promise<void> {
    if (this.state !== 'open')
      throw new Error(`${this.name}: write() needs an open output (state '${this.state}')`);
    const fb = update.framebuffer;
    if (fb.width !== this.width || fb.height !== this.height) {
      throw new RangeError(
        `${this.name}: expected a ${this.width}x${this.height} framebuffer, received ${fb.width}x${fb.height}`,
      );
    }
    if (update.damage.length === 0) return;
    try {
      for (const r of update.damage) await this.sendRect(fb, r);
      this.counters.frameWritten();
    } catch (error) {
      this.dcLevel = -1;
      this.counters.failed(`writing the frame of tick ${update.tick}`, error);
    }
  }

  private async sendRect(fb: Framebuffer, r: Rect): Promise<void> {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(this.width, Math.floor(r.x + r.w));
    const y1 = Math.min(this.height, Math.floor(r.y + r.h));
    if (x1 <= x0 || y1 <= y0) return;
    const cx = this.options.columnOffset ?? 0;
    const ry = this.options.rowOffset ?? 0;
    await this.command(CASET, be16pair(x0 + cx, x1 - 1 + cx));
    await this.command(RASET, be16pair(y0 + ry, y1 - 1 + ry));
    await this.command(RAMWR);
    const window = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    let bytes: Uint8Array;
    if (fb.format === 'rgb565') bytes = fb.pack(window, { endian: 'be', out: this.pixels });
    else {
      bytes = this.pixels.subarray(0, window.w * window.h * 2);
      let o = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = rgbToValue('rgb565', fb.rgbOf(fb.get(x, y)));
          bytes[o++] = v >>> 8;
          bytes[o++] = v & 0xff;
        }
      }
    }
    await this.setDc(1);
    for (let i = 0; i < bytes.length; i += this.maxTransfer) {
      await this.transfer(bytes.subarray(i, Math.min(bytes.length, i + this.maxTransfer)));
    }
  }

  private async command(op: number, params?: readonly number[]): Promise<void> {
    await this.setDc(0);
    this.cmd[0] = op;
    await this.transfer(this.cmd);
    if (params && params.length > 0) {
      await this.setDc(1);
      this.args.set(params);
      await this.transfer(this.args.subarray(0, params.length));
    }
  }

  private async setDc(level: 0 | 1): Promise<void> {
    if (this.dcLevel === level) return;
    const dc = this.dc;
    if (!dc) throw new Error(`${this.name}: the D/C line is closed`);
    await dc.set(level);
    this.dcLevel = level;
  }

  private async transfer(bytes: Uint8Array): Promise<void> {
    const spi = this.spi;
    if (!spi) throw new Error(`${this.name}: the SPI device is closed`);
    await spi.write(bytes);
    this.counters.sent(bytes.length);
  }

  /** Release the SPI device and the D/C line when this output opened them. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const spi = this.ownsSpi ? this.spi : undefined;
    const dc = this.ownsDc ? this.dc : undefined;
    this.spi = undefined;
    this.dc = undefined;
    await spi?.close();
    await dc?.close();
  }
}

function be16pair(a: number, b: number): number[] {
  return [a >>> 8, a & 0xff, b >>> 8, b & 0xff];
}
