/**
 * Display rotation: `FrameRotation` turns the scene's frames to the panel's orientation, and every
 * output, given the turned frames and the turned geometry, ends up showing exactly the native picture
 * (the logical frame turned clockwise), for each rotation, after a whole frame and a partial one.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  type DisplayInfo,
  type DisplayRotation,
  FbdevOutput,
  FrameRotation,
  GifOutput,
  nativeDisplay,
  type Output,
  PngFolderOutput,
  Sh1106Output,
  SimulatorOutput,
  SpiTftOutput,
  Ssd1306Output,
  TerminalOutput,
} from '../../src/outputs/index.js';
import { decodePng, Framebuffer, type Rect } from '../../src/render/index.js';
import { patternFrame } from './contract.js';
import { OledModel, RecordingI2cBus, RecordingSpi } from './fakes.js';
import { decodeGif } from './gif-decode.js';
import { VirtualScreen } from './virtual-screen.js';

const rotations: readonly DisplayRotation[] = [0, 90, 180, 270];

let root = '';
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tinydisplay-rotation-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The native picture of a logical frame, written from the definition: logical (x, y) goes to ... */
function turned(fb: Framebuffer, rotation: DisplayRotation): Framebuffer {
  const W = fb.width;
  const H = fb.height;
  const swap = rotation === 90 || rotation === 270;
  const out = new Framebuffer({ width: swap ? H : W, height: swap ? W : H, format: fb.format });
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = fb.get(x, y);
      if (rotation === 0) out.set(x, y, v);
      else if (rotation === 90) out.set(H - 1 - y, x, v);
      else if (rotation === 180) out.set(W - 1 - x, H - 1 - y, v);
      else out.set(y, W - 1 - x, v);
    }
  }
  return out;
}

const rows = (fb: Framebuffer) =>
  Array.from({ length: fb.height }, (_, y) =>
    Array.from({ length: fb.width }, (_, x) => fb.get(x, y)).join(''),
  );

describe('FrameRotation', () => {
  // An asymmetric 3x2 picture: every rotation gives a different native picture.
  const logical = new Framebuffer({ width: 3, height: 2, format: 'gray8' });
  [1, 2, 3, 4, 5, 6].forEach((v, i) => {
    logical.set(i % 3, Math.floor(i / 3), v);
  });
  const display: DisplayInfo = { width: 3, height: 2, format: 'gray8', fps: 30 };
  const whole = [{ x: 0, y: 0, w: 3, h: 2 }];

  it.each([
    [0, ['123', '456']],
    [90, ['41', '52', '63']],
    [180, ['654', '321']],
    [270, ['36', '25', '14']],
  ] as const)('turns the picture %i degrees clockwise', (rotation, expected) => {
    const r = new FrameRotation(display, rotation);
    const out = r.apply({ tick: 0, framebuffer: logical, damage: whole });
    expect(rows(out.framebuffer)).toEqual(expected);
    expect([r.native.width, r.native.height]).toEqual(rotation % 180 === 0 ? [3, 2] : [2, 3]);
    expect(out.damage).toEqual([{ x: 0, y: 0, w: r.native.width, h: r.native.height }]);
  });

  it('passes frames through untouched at 0', () => {
    const update = { tick: 3, framebuffer: logical, damage: whole };
    expect(new FrameRotation(display, 0).apply(update)).toBe(update);
  });

  it('turns only the damaged rectangle and maps it: the rest of the native frame keeps the previous picture', () => {
    const d: DisplayInfo = { width: 6, height: 4, format: 'gray8', fps: 30 };
    // (At 0 the frame is the scene's own: nothing to keep.)
    for (const rotation of [90, 180, 270] as const) {
      const fb = patternFrame(d, 1);
      const r = new FrameRotation(d, rotation);
      r.apply({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: 6, h: 4 }] });
      const before = turned(fb, rotation);
      const rect = { x: 1, y: 2, w: 3, h: 1 };
      fb.fillRect(0, 0, 6, 4, 9); // everything changes, only `rect` is said to have changed
      const out = r.apply({ tick: 1, framebuffer: fb, damage: [rect] });
      expect(out.damage).toHaveLength(1);
      const nr = out.damage[0] as Rect;
      const after = turned(fb, rotation);
      for (let y = 0; y < after.height; y++) {
        for (let x = 0; x < after.width; x++) {
          const inside = x >= nr.x && x < nr.x + nr.w && y >= nr.y && y < nr.y + nr.h;
          expect(out.framebuffer.get(x, y), `${rotation}: (${x}, ${y})`).toBe(
            inside ? after.get(x, y) : before.get(x, y),
          );
        }
      }
      expect(nr.w * nr.h).toBe(3);
    }
  });

  it('gives mono damage as whole native pages, one rectangle per page', () => {
    const d: DisplayInfo = { width: 64, height: 128, format: 'mono', fps: 30 };
    const r = new FrameRotation(d, 90);
    const fb = patternFrame(d, 2);
    // Two bands of the portrait layout: logical columns are native rows at 90.
    const out = r.apply({
      tick: 0,
      framebuffer: fb,
      damage: [
        { x: 0, y: 0, w: 64, h: 8 },
        { x: 0, y: 120, w: 64, h: 8 },
      ],
    });
    // Each page spans native columns 0..7 (logical rows 120..127) and 120..127 (logical rows 0..7).
    expect(out.damage).toEqual(Array.from({ length: 8 }, (_, p) => ({ x: 0, y: p * 8, w: 128, h: 8 })));
  });

  it('refuses a rotation that is not a quarter turn, and a frame of another size', () => {
    const d: DisplayInfo = { width: 4, height: 2, format: 'mono', fps: 30 };
    expect(() => new FrameRotation(d, 45 as DisplayRotation)).toThrow(
      /0, 90, 180 or 270 degrees, received 45/,
    );
    const r = new FrameRotation(d, 90);
    const other = new Framebuffer({ width: 2, height: 4 });
    expect(() => r.apply({ tick: 0, framebuffer: other, damage: [] })).toThrow(
      /expected a 4x2 mono framebuffer, received 2x4 mono/,
    );
  });
});

/** An output and a way to read what the device (bus, file, screen, browser) shows now, as comparable data. */
interface Device {
  readonly output: Output;
  shows(): Promise<unknown>;
  teardown?(): Promise<void>;
}

interface Panel {
  readonly name: string;
  /** The panel in its own orientation. */
  readonly native: DisplayInfo;
  make(): Promise<Device>;
}

async function fakeFb(width: number, height: number) {
  const dir = join(root, `fb${n++}`);
  const sysfs = join(dir, 'sys');
  await mkdir(sysfs, { recursive: true });
  await writeFile(join(sysfs, 'virtual_size'), `${width},${height}\n`);
  await writeFile(join(sysfs, 'bits_per_pixel'), '16\n');
  await writeFile(join(sysfs, 'stride'), `${width * 2}\n`);
  const device = join(dir, 'fb');
  await writeFile(device, Buffer.alloc(width * height * 2));
  return { sysfs, device };
}

/** The panel memory an SPI TFT ends up with: CASET/RASET windows filled by RAMWR data, 16 bits a pixel. */
function tftRam(spi: RecordingSpi, columns: number, rows: number): Uint16Array {
  const ram = new Uint16Array(columns * rows);
  let command = 0;
  let x0 = 0;
  let x1 = 0;
  let y0 = 0;
  let y1 = 0;
  for (const t of spi.take()) {
    const [dc, ...bytes] = t as [string, ...number[]];
    if (dc === 'C') {
      command = bytes[0] as number;
      continue;
    }
    const word = (i: number) => ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    if (command === 0x2a) [x0, x1] = [word(0), word(2)];
    else if (command === 0x2b) [y0, y1] = [word(0), word(2)];
    else if (command === 0x2c) {
      let k = 0;
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++, k += 2) ram[y * columns + x] = word(k);
    }
  }
  return ram;
}

const oled = (kind: 'ssd1306' | 'sh1106'): Panel => ({
  name: kind,
  native: { width: 128, height: 64, format: 'mono', fps: 30 },
  async make() {
    const model = new OledModel(kind);
    const bus = new RecordingI2cBus((bytes) => model.apply(bytes));
    const output = kind === 'ssd1306' ? new Ssd1306Output({ bus }) : new Sh1106Output({ bus });
    return { output, shows: async () => [...model.visible(128, kind === 'sh1106' ? 2 : 0)] };
  },
});

const panels: readonly Panel[] = [
  oled('ssd1306'),
  oled('sh1106'),
  {
    name: 'spi-tft (st7735)',
    native: { width: 128, height: 160, format: 'rgb565', fps: 30 },
    async make() {
      const spi = new RecordingSpi();
      const output = new SpiTftOutput({ controller: 'st7735', spi, dc: spi, sleep: async () => undefined });
      return { output, shows: async () => [...tftRam(spi, 132, 162)] };
    },
  },
  {
    name: 'fbdev',
    native: { width: 32, height: 16, format: 'rgb565', fps: 30 },
    async make() {
      const fake = await fakeFb(32, 16);
      const output = new FbdevOutput({ device: fake.device, sysfs: fake.sysfs });
      return { output, shows: async () => [...(await readFile(fake.device))] };
    },
  },
  {
    name: 'png-dir',
    native: { width: 32, height: 16, format: 'rgb565', fps: 30 },
    async make() {
      const dir = join(root, `png${n++}`);
      const output = new PngFolderOutput({ dir });
      return {
        output,
        async shows() {
          const files = (await readdir(dir)).sort();
          const png = decodePng(await readFile(join(dir, files[files.length - 1] as string)));
          return [png.width, png.height, ...png.data];
        },
      };
    },
  },
  {
    name: 'gif',
    native: { width: 32, height: 16, format: 'mono', fps: 30 },
    async make() {
      const path = join(root, `g${n++}.gif`);
      const output = new GifOutput({ path });
      return {
        output,
        async shows() {
          // The GIF is written on close: `shows` is read after it.
          const gif = decodeGif(await readFile(path));
          const last = gif.frames[gif.frames.length - 1];
          return [gif.width, gif.height, ...[...(last?.indices ?? [])].map((i) => gif.palette[i]?.join(','))];
        },
      };
    },
  },
  {
    name: 'terminal',
    native: { width: 32, height: 16, format: 'mono', fps: 30 },
    async make() {
      const screen = new VirtualScreen(40, 12);
      const output = new TerminalOutput({
        stream: {
          write(chunk, callback) {
            screen.write(chunk);
            queueMicrotask(() => callback?.(null));
            return true;
          },
        },
        process: null,
        alternateScreen: false,
        border: false,
      });
      return { output, shows: async () => screen.lines().slice(0, 4) };
    },
  },
  {
    name: 'simulator',
    native: { width: 32, height: 16, format: 'mono', fps: 30 },
    async make() {
      const sim = new SimulatorOutput({ port: 0 });
      // What a browser on the page has drawn: the rectangles of every live frame, 1 bit a pixel.
      const canvas = new Uint8Array(32 * 16);
      let frames = 0;
      let ws: WebSocket | undefined;
      const output: Output = {
        name: sim.name,
        get stats() {
          return sim.stats;
        },
        async open(display) {
          await sim.open(display);
          ws = new WebSocket(sim.url.replace('http', 'ws'));
          ws.on('message', (data: Buffer, binary: boolean) => {
            if (!binary || data[0] !== 1) return;
            frames++;
            const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
            let o = 7;
            for (let k = view.getUint16(5, true); k > 0; k--) {
              const [x, y, w, h] = [0, 2, 4, 6].map((d) => view.getUint16(o + d, true)) as [
                number,
                number,
                number,
                number,
              ];
              o += 8;
              for (let i = 0; i < w * h; i++) {
                const bit = ((data[o + (i >> 3)] as number) >> (7 - (i & 7))) & 1;
                canvas[(y + Math.floor(i / w)) * 32 + x + (i % w)] = bit;
              }
              o += (w * h + 7) >> 3;
            }
          });
          await new Promise<void>((resolve) => ws?.once('message', () => resolve()));
        },
        write: (update) => sim.write(update),
        close: () => sim.close(),
      };
      return {
        output,
        async shows() {
          for (let i = 0; i < 200 && frames < sim.stats.frames; i++)
            await new Promise((r) => setTimeout(r, 5));
          return [...canvas];
        },
        async teardown() {
          ws?.close();
          await sim.close();
        },
      };
    },
  },
];

/** Draw the logical frames through `FrameRotation` into one device, and the native pictures straight into another. */
async function compare(panel: Panel, rotation: DisplayRotation) {
  const swap = rotation === 90 || rotation === 270;
  const n0 = panel.native;
  const logical: DisplayInfo = swap ? { ...n0, width: n0.height, height: n0.width } : n0;
  const first = patternFrame(logical, 1);
  // A marker in the logical top-left corner, so no two rotations give the same picture.
  first.fillRect(0, 0, 5, 3, first.ink('#ffffff'));
  const second = first.clone();
  // A change inside one 8-row band of the layout, said to be only there (a scene's damage).
  const band = { x: 0, y: 8, w: logical.width, h: 8 };
  second.fillRect(3, 9, 10, 4, second.ink('#3399ff'));
  second.fillRect(20, 12, 3, 4, 0);

  const rot = new FrameRotation(logical, rotation);
  expect(nativeDisplay(logical, rotation)).toEqual(n0);
  const a = await panel.make();
  const b = await panel.make();
  try {
    await a.output.open(rot.native);
    const fb = first.clone();
    await a.output.write(
      rot.apply({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: fb.width, h: fb.height }] }),
    );
    fb.copyFrom(second);
    await a.output.write(rot.apply({ tick: 1, framebuffer: fb, damage: [band] }));

    await b.output.open(n0);
    const whole = [{ x: 0, y: 0, w: n0.width, h: n0.height }];
    await b.output.write({ tick: 0, framebuffer: turned(first, rotation), damage: whole });
    await b.output.write({ tick: 1, framebuffer: turned(second, rotation), damage: whole });
    if (panel.name === 'gif') {
      await a.output.close();
      await b.output.close();
    }
    return { rotated: await a.shows(), reference: await b.shows() };
  } finally {
    await a.output.close();
    await b.output.close();
    await a.teardown?.();
    await b.teardown?.();
  }
}

describe.each(panels)('rotation through the $name output', (panel) => {
  it.each(rotations)('at %i the device shows the logical frame turned clockwise', async (rotation) => {
    const { rotated, reference } = await compare(panel, rotation);
    expect(rotated).toEqual(reference);
  });

  it('shows four different pictures for the four rotations (the pattern is asymmetric)', async () => {
    const seen = new Set<string>();
    for (const rotation of rotations) seen.add(JSON.stringify((await compare(panel, rotation)).reference));
    expect(seen.size).toBe(4);
  });
});

describe('SSD1306 rotation 180 by the panel (segment remap and COM scan) against the turned frame', () => {
  it('shows the same picture on the glass either way', async () => {
    const d: DisplayInfo = { width: 128, height: 64, format: 'mono', fps: 30 };
    const frame = patternFrame(d, 3);
    frame.fillRect(0, 0, 9, 5, 1);
    const whole = [{ x: 0, y: 0, w: 128, h: 64 }];
    const panel = async (rotation: 0 | 180) => {
      const model = new OledModel('ssd1306');
      const out = new Ssd1306Output({ bus: new RecordingI2cBus((b) => model.apply(b)), rotation });
      await out.open(d);
      return { model, out };
    };
    const byPanel = await panel(180);
    await byPanel.out.write({ tick: 0, framebuffer: frame, damage: whole });
    const bySoftware = await panel(0);
    await bySoftware.out.write(
      new FrameRotation(d, 180).apply({ tick: 0, framebuffer: frame, damage: whole }),
    );
    expect(byPanel.model.glass()).toEqual(bySoftware.model.glass());
    expect(bySoftware.model.glass()).toEqual(rows(turned(frame, 180)));
    // And at 0 the glass shows the frame as it is.
    const upright = await panel(0);
    await upright.out.write({ tick: 0, framebuffer: frame, damage: whole });
    expect(upright.model.glass()).toEqual(rows(frame));
  });
});
