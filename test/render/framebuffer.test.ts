import { describe, expect, it } from 'vitest';
import { parseColour } from '../../src/index.js';
import { Framebuffer, pixelFormats, valueToRgb } from '../../src/render/index.js';

describe('Framebuffer', () => {
  it('refuses a size or format it cannot hold, naming the option', () => {
    expect(() => new Framebuffer({ width: 0, height: 8 })).toThrow(/'width' must be an integer from 1/);
    expect(() => new Framebuffer({ width: 8, height: 1.5 })).toThrow(/'height'/);
    // @ts-expect-error an unknown format
    expect(() => new Framebuffer({ width: 8, height: 8, format: 'rgb444' })).toThrow(
      /'format' must be one of/,
    );
  });

  it('maps colours to each format: mono thresholds luma at 50 %, grey takes luma, 565 truncates', () => {
    const mono = new Framebuffer({ width: 1, height: 1, format: 'mono' });
    expect([mono.ink('#ffffff'), mono.ink('#808080'), mono.ink('#7f7f7f'), mono.ink('#000')]).toEqual([
      1, 1, 0, 0,
    ]);
    expect(new Framebuffer({ width: 1, height: 1, format: 'gray4' }).ink('#ffffff')).toBe(15);
    expect(new Framebuffer({ width: 1, height: 1, format: 'gray8' }).ink('#ff0000')).toBe(76);
    expect(new Framebuffer({ width: 1, height: 1, format: 'rgb565' }).ink('#ff8000')).toBe(0xfc00);
    expect(new Framebuffer({ width: 1, height: 1, format: 'rgb888' }).ink(0x123456)).toBe(0x123456);
    expect(() => mono.ink('red')).toThrow(/expected '#rrggbb' or '#rgb', received 'red'/);
  });

  it('round-trips white and black through every format', () => {
    for (const format of pixelFormats) {
      const fb = new Framebuffer({ width: 1, height: 1, format });
      expect(fb.rgbOf(fb.ink('#ffffff'))).toBe(0xffffff);
      expect(fb.rgbOf(fb.ink('#000000'))).toBe(0);
    }
    expect(valueToRgb('rgb565', 0xf800)).toBe(0xff0000);
  });

  it('parses #rgb and #rrggbb in either case, and nothing else', () => {
    expect(parseColour('#AbC')).toBe(0xaabbcc);
    expect(parseColour('#a0B1c2')).toBe(0xa0b1c2);
    for (const bad of ['', '#', '#ab', '#abcd', 'abcdef', '#ggg', '#12345z'])
      expect(parseColour(bad)).toBe(-1);
  });

  it('packs mono as SSD1306 pages: 8 rows per byte, bit 0 at the top, pages top to bottom', () => {
    const fb = new Framebuffer({ width: 4, height: 16 });
    fb.set(0, 0, 1); // page 0, column 0, bit 0
    fb.set(1, 7, 1); // page 0, column 1, bit 7
    fb.set(2, 9, 1); // page 1, column 2, bit 1
    fb.set(3, 15, 1); // page 1, column 3, bit 7
    expect([...fb.pack()]).toEqual([0x01, 0x80, 0, 0, 0, 0, 0x02, 0x80]);
    // A window is widened to whole pages and cut to its columns.
    expect([...fb.pack({ x: 2, y: 9, w: 2, h: 1 })]).toEqual([0x02, 0x80]);
  });

  it('packs RGB565 big-endian for SPI panels and little-endian for fbdev', () => {
    const fb = new Framebuffer({ width: 2, height: 1, format: 'rgb565' });
    fb.set(0, 0, 0xf800);
    fb.set(1, 0, 0x001f);
    expect([...fb.pack()]).toEqual([0xf8, 0x00, 0x00, 0x1f]);
    expect([...fb.pack(undefined, { endian: 'le' })]).toEqual([0x00, 0xf8, 0x1f, 0x00]);
  });

  it('packs gray4 two pixels a byte, left pixel high, and RGB888 as R G B', () => {
    const g = new Framebuffer({ width: 3, height: 1, format: 'gray4' });
    g.set(0, 0, 0xa);
    g.set(1, 0, 0x5);
    g.set(2, 0, 0xf);
    expect([...g.pack()]).toEqual([0xa5, 0xf0]);
    const c = new Framebuffer({ width: 1, height: 1, format: 'rgb888' });
    c.set(0, 0, 0x102030);
    expect([...c.pack()]).toEqual([0x10, 0x20, 0x30]);
  });

  it('reuses the caller buffer when it is large enough', () => {
    const fb = new Framebuffer({ width: 128, height: 64 });
    const out = new Uint8Array(1024);
    expect(fb.pack(undefined, { out }).buffer).toBe(out.buffer);
  });

  it('fills only inside the clip, with nested clips restored in order', () => {
    const fb = new Framebuffer({ width: 8, height: 8 });
    fb.pushClip({ x: 2, y: 2, w: 4, h: 4 });
    fb.pushClip({ x: 4, y: -10, w: 100, h: 100 });
    fb.fillRect(-5, -5, 50, 50, 1);
    fb.popClip();
    expect(fb.clip).toEqual({ x: 2, y: 2, w: 4, h: 4 });
    fb.popClip();
    expect(fb.clip).toEqual({ x: 0, y: 0, w: 8, h: 8 });
    let set = 0;
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        if (fb.get(x, y)) {
          set++;
          expect(x >= 4 && x < 6 && y >= 2 && y < 6).toBe(true);
        }
      }
    expect(set).toBe(8);
    expect(() => fb.popClip()).toThrow(/no clip to restore/);
  });

  it('draws nothing for zero and negative sizes', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    fb.fillRect(1, 1, 0, 3, 1);
    fb.fillRect(1, 1, 3, -1, 1);
    expect(fb.pixels.every((v) => v === 0)).toBe(true);
  });

  it('exports RGBA for encoders and compares windows', () => {
    const fb = new Framebuffer({ width: 2, height: 1, format: 'mono' });
    fb.set(1, 0, 1);
    expect([...fb.toRgba()]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    const other = fb.clone();
    expect(fb.equals(other)).toBe(true);
    other.set(0, 0, 1);
    expect(fb.equals(other)).toBe(false);
    expect(fb.equals(other, { x: 1, y: 0, w: 1, h: 1 })).toBe(true);
  });
});
