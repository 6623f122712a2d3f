import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DisplayInfo, type FbdevFile, FbdevOutput, readFbdevGeometry } from '../../src/outputs/index.js';
import { Framebuffer } from '../../src/render/index.js';
import { runOutputContract } from './contract.js';

let root = '';
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tinydisplay-fb-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fake fbN: a sysfs folder with the three files and a plain file as the device, filled with 0xAA. */
async function fakeFb(width: number, height: number, bpp: number, stride = (width * bpp) / 8) {
  const dir = join(root, `fb${n++}`);
  const sysfs = join(dir, 'sys');
  await mkdir(sysfs, { recursive: true });
  await writeFile(join(sysfs, 'virtual_size'), `${width},${height}\n`);
  await writeFile(join(sysfs, 'bits_per_pixel'), `${bpp}\n`);
  await writeFile(join(sysfs, 'stride'), `${stride}\n`);
  const device = join(dir, 'fb');
  await writeFile(device, Buffer.alloc(stride * height, 0xaa));
  return { sysfs, device, stride };
}

const d: DisplayInfo = { width: 16, height: 8, format: 'rgb888', fps: 30 };

describe('Linux framebuffer output', () => {
  it('reads geometry and depth from sysfs', async () => {
    const { sysfs } = await fakeFb(320, 240, 16, 640);
    expect(await readFbdevGeometry(sysfs)).toEqual({
      width: 320,
      height: 240,
      bitsPerPixel: 16,
      stride: 640,
    });
  });

  it('refuses a depth it does not write and a malformed size, naming the file and value', async () => {
    const a = await fakeFb(32, 32, 8);
    await expect(readFbdevGeometry(a.sysfs)).rejects.toThrow(
      /bits_per_pixel reads '8'; supported depths are 16, 24 and 32/,
    );
    const b = await fakeFb(32, 32, 16);
    await writeFile(join(b.sysfs, 'virtual_size'), '32x32\n');
    await expect(readFbdevGeometry(b.sysfs)).rejects.toThrow(/virtual_size should read 'W,H', read '32x32'/);
  });

  for (const [bpp, pixel] of [
    [16, [0x00, 0xfc]], // 0xff8000 as RGB565 0xfc00, little-endian
    [24, [0x00, 0x80, 0xff]], // B, G, R
    [32, [0x00, 0x80, 0xff, 0xff]], // B, G, R, X
  ] as const) {
    it(`writes damaged rows at ${bpp} bpp with positioned writes, leaving everything else untouched`, async () => {
      const fake = await fakeFb(40, 20, bpp, (40 * bpp) / 8 + 8);
      const out = new FbdevOutput({ device: fake.device, sysfs: fake.sysfs, x: 4, y: 2 });
      await out.open(d);
      const fb = new Framebuffer({ width: 16, height: 8, format: 'rgb888' });
      fb.set(3, 5, 0xff8000);
      await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 2, y: 5, w: 2, h: 1 }] });
      await out.close();
      const bytes = await readFile(fake.device);
      const Bpp = bpp / 8;
      const at = (5 + 2) * fake.stride + (3 + 4) * Bpp;
      expect([...bytes.subarray(at, at + Bpp)]).toEqual(pixel);
      expect([...bytes.subarray(at - Bpp, at)]).toEqual(
        bpp === 32 ? [0, 0, 0, 0xff] : new Array(Bpp).fill(0),
      ); // (2, 5): black, in the damage
      const changed = [...bytes].flatMap((b, i) => (b !== 0xaa ? [i] : []));
      expect(changed.every((i) => i >= at - Bpp && i < at + Bpp)).toBe(true);
      expect(out.stats.bytes).toBe(2 * Bpp);
    });
  }

  it('writes RGB565 framebuffers to a 16 bpp device as they are', async () => {
    const fake = await fakeFb(16, 8, 16);
    const out = new FbdevOutput({ device: fake.device, sysfs: fake.sysfs });
    await out.open({ ...d, format: 'rgb565' });
    const fb = new Framebuffer({ width: 16, height: 8, format: 'rgb565' });
    fb.clear(0x1234);
    await out.write({ tick: 0, framebuffer: fb, damage: [{ x: 0, y: 0, w: 16, h: 8 }] });
    await out.close();
    const bytes = await readFile(fake.device);
    expect(bytes.equals(Buffer.from(fb.pack(undefined, { endian: 'le' })))).toBe(true);
  });

  it('refuses a picture that does not fit the device', async () => {
    const fake = await fakeFb(16, 8, 32);
    await expect(new FbdevOutput({ device: fake.device, sysfs: fake.sysfs, x: 1 }).open(d)).rejects.toThrow(
      /a 16x8 picture at \(1, 0\) does not fit .* \(16x8\)/,
    );
  });
});

runOutputContract({
  name: 'fbdev',
  display: { width: 32, height: 16, format: 'rgb565', fps: 30 },
  async setup(report) {
    const fake = await fakeFb(32, 16, 32);
    let failures = 0;
    let delivered = 0;
    const out = new FbdevOutput({
      device: fake.device,
      sysfs: fake.sysfs,
      onError: report,
      // The real file handle, failing on demand as a device that went away (ENODEV).
      openFile: async (path): Promise<FbdevFile> => {
        const handle = await open(path, 'r+');
        return {
          async write(buffer, offset, length, position) {
            if (failures > 0) {
              failures--;
              throw Object.assign(new Error('ENODEV: no such device'), { code: 'ENODEV' });
            }
            const r = await handle.write(buffer, offset, length, position);
            delivered += r.bytesWritten;
            return r;
          },
          close: () => handle.close(),
        };
      },
    });
    return { output: out, delivered: async () => delivered, breakNext: () => failures++ };
  },
});
