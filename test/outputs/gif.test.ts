import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DisplayInfo, GifOutput } from '../../src/outputs/index.js';
import { Framebuffer, type PixelFormat } from '../../src/render/index.js';
import { runOutputContract } from './contract.js';
import { decodeGif } from './gif-decode.js';

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tinydisplay-gif-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const nextPath = () => join(dir, `out-${n++}.gif`);

function display(format: PixelFormat, fps = 30, width = 8, height = 4): DisplayInfo {
  return { width, height, format, fps };
}

/** Write frames at the given ticks (frame k draws column k % width white) and return the decoded file. */
async function record(
  d: DisplayInfo,
  ticks: number[],
  options: { from?: number; to?: number; draw?: (fb: Framebuffer, k: number) => void } = {},
) {
  const path = nextPath();
  const out = new GifOutput({
    path,
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
  });
  await out.open(d);
  const fb = new Framebuffer({ width: d.width, height: d.height, format: d.format });
  const draw =
    options.draw ??
    ((f: Framebuffer, k: number) => {
      f.clear();
      f.fillRect(k % d.width, 0, 1, d.height, f.ink('#ffffff'));
    });
  ticks.forEach((tick, k) => {
    draw(fb, k);
    out.write({ tick, framebuffer: fb, damage: [{ x: 0, y: 0, w: d.width, h: d.height }] });
  });
  await out.close();
  const bytes = new Uint8Array(await readFile(path));
  expect(out.stats.bytes).toBe(bytes.length);
  return { gif: decodeGif(bytes), bytes, out };
}

describe('GIF output', () => {
  it('accumulates delays so their sum is the range length rounded once (30 fps: 10 frames of 3.33 cs = 33 cs)', async () => {
    const ticks = Array.from({ length: 10 }, (_, k) => k);
    const { gif } = await record(display('mono', 30), ticks);
    expect(gif.frames.map((f) => f.delay)).toEqual([3, 4, 3, 3, 4, 3, 3, 4, 3, 3]);
    expect(gif.frames.reduce((s, f) => s + f.delay, 0)).toBe(33);
  });

  it('covers ticks from..to: the frame on screen at `from` opens it and the last one lasts until `to`', async () => {
    const { gif } = await record(display('mono', 10), [0, 3, 5, 9, 20], { from: 4, to: 11 });
    // on screen at 4: frame of tick 3; then 5, then 9 until 11 inclusive
    expect(gif.frames.map((f) => f.delay)).toEqual([10, 40, 30]);
    expect(gif.frames[0]?.indices[1]).toBe(1); // frame 1 (tick 3) lit column 1
  });

  it('merges identical consecutive frames into one longer frame', async () => {
    const { gif } = await record(display('mono', 10), [0, 1, 2, 3], {
      draw: (fb, k) => {
        fb.clear();
        if (k >= 2) fb.set(0, 0, 1);
      },
    });
    expect(gif.frames.map((f) => f.delay)).toEqual([20, 20]);
  });

  it('leaves out frames whose delay rounds to 0 above 100 fps, keeping the total', async () => {
    const { gif } = await record(display('mono', 240), [0, 1, 2, 3, 4, 5, 6, 7]);
    const total = gif.frames.reduce((s, f) => s + f.delay, 0);
    expect(total).toBe(Math.round((8 * 100) / 240));
    expect(gif.frames.every((f) => f.delay > 0)).toBe(true);
  });

  it('takes its palette from the format: mono black and white, gray4 16 greys, indexed by value', async () => {
    const mono = await record(display('mono'), [0]);
    expect(mono.gif.palette.slice(0, 2)).toEqual([
      [0, 0, 0],
      [255, 255, 255],
    ]);
    expect([...(mono.gif.frames[0]?.indices ?? [])].slice(0, 8)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    const grey = await record(display('gray4'), [0], { draw: (fb) => fb.fillRect(0, 0, 8, 4, 7) });
    expect(grey.gif.palette).toHaveLength(16);
    expect(grey.gif.palette[7]).toEqual([119, 119, 119]);
    expect(grey.gif.frames[0]?.indices.every((v) => v === 7)).toBe(true);
  });

  it('gives colour frames their exact colours when there are 256 or fewer, sorted by value', async () => {
    const { gif } = await record(display('rgb888'), [0, 1], {
      draw: (fb, k) => {
        fb.clear(0x102030);
        fb.set(k, 0, 0xff8000);
      },
    });
    expect(gif.palette.slice(0, 2)).toEqual([
      [0x10, 0x20, 0x30],
      [0xff, 0x80, 0x00],
    ]);
    expect(gif.frames[1]?.indices[1]).toBe(1);
  });

  it('rounds to the fixed 3-3-2 palette beyond 256 colours, the same bytes every time', async () => {
    const d = display('rgb565', 30, 32, 16);
    const draw = (fb: Framebuffer, k: number) => {
      for (let i = 0; i < 512; i++) fb.pixels[i] = (i * 131 + k) & 0xffff;
    };
    const a = await record(d, [0, 1], { draw });
    const b = await record(d, [0, 1], { draw });
    expect(a.gif.palette).toHaveLength(256);
    expect(a.gif.palette[0xff]).toEqual([255, 255, 255]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('loops forever by default', async () => {
    const { gif } = await record(display('mono'), [0, 1]);
    expect(gif.loop).toBe(0);
  });

  it('stops recording at maxBytes, counts the frames it dropped and reports once', async () => {
    const reports: string[] = [];
    const path = nextPath();
    const out = new GifOutput({ path, maxBytes: 3 * 32, onError: (m) => reports.push(m) });
    const d = display('mono');
    await out.open(d);
    const fb = new Framebuffer({ width: 8, height: 4 });
    for (let t = 0; t < 6; t++) {
      fb.clear();
      fb.set(t, 0, 1);
      out.write({ tick: t, framebuffer: fb, damage: [{ x: 0, y: 0, w: 8, h: 4 }] });
    }
    await out.close();
    expect(out.stats.dropped).toBe(3);
    expect(reports).toHaveLength(1);
    const gif = decodeGif(new Uint8Array(await readFile(path)));
    expect(gif.frames).toHaveLength(3);
    expect(gif.frames.reduce((s, f) => s + f.delay, 0)).toBe(10);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => new GifOutput({ path: nextPath(), from: 10, to: 5 })).toThrow(
      /'to' \(5\) is before 'from' \(10\)/,
    );
  });
});

runOutputContract({
  name: 'gif',
  display: { width: 32, height: 16, format: 'rgb565', fps: 30 },
  async setup(report) {
    const path = nextPath();
    return {
      output: new GifOutput({ path, onError: report }),
      delivered: async () => {
        const s = await stat(path).catch(() => undefined);
        return s?.isFile() ? s.size : 0;
      },
      // The file is written on close: a folder in its place makes that write fail.
      breakNext: () => {
        mkdirSync(path);
      },
    };
  },
});
