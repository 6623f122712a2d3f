import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePng,
  encodePng,
  Framebuffer,
  maxValue,
  type PixelFormat,
  pixelFormats,
} from '../../src/render/index.js';

/** A framebuffer of the format with every pixel set from a seeded integer walk. */
function patterned(format: PixelFormat, width: number, height: number, seed: number): Framebuffer {
  const fb = new Framebuffer({ width, height, format });
  const max = maxValue(format);
  let s = seed >>> 0;
  for (let i = 0; i < fb.pixels.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    fb.pixels[i] = s % (max + 1);
  }
  return fb;
}

function chunkTypes(png: Uint8Array): string[] {
  const types: string[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    at += 12 + len;
  }
  return types;
}

describe('encodePng / decodePng', () => {
  it('writes each format in its smallest exact PNG form: mono 1-bit grey, gray4 4-bit, gray8 8-bit, colour 8-bit RGB', () => {
    const expected: Record<PixelFormat, [number, number]> = {
      mono: [1, 0],
      gray4: [4, 0],
      gray8: [8, 0],
      rgb565: [8, 2],
      rgb888: [8, 2],
    };
    for (const format of pixelFormats) {
      const png = encodePng(new Framebuffer({ width: 5, height: 3, format }));
      // IHDR: width, height, bit depth, colour type, compression, filter, interlace
      expect([...png.subarray(16, 29)]).toEqual([0, 0, 0, 5, 0, 0, 0, 3, ...expected[format], 0, 0, 0]);
    }
  });

  it('writes only IHDR, one IDAT and IEND: no time, text or gamma chunks', () => {
    for (const format of pixelFormats) {
      expect(chunkTypes(encodePng(patterned(format, 17, 9, 1)))).toEqual(['IHDR', 'IDAT', 'IEND']);
    }
  });

  it('gives the same bytes on every encode of the same pixels', () => {
    for (const format of pixelFormats) {
      const a = encodePng(patterned(format, 33, 21, 7));
      const b = encodePng(patterned(format, 33, 21, 7));
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
  });

  it('decodes what it encodes to the framebuffer RGBA, for every format and odd sizes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pixelFormats),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        (format, w, h, seed) => {
          const fb = patterned(format, w, h, seed);
          const img = decodePng(encodePng(fb));
          expect(img.width).toBe(w);
          expect(img.height).toBe(h);
          expect(Buffer.from(img.data).equals(Buffer.from(fb.toRgba()))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('packs a mono row most significant bit first, 1 as white', () => {
    const fb = new Framebuffer({ width: 9, height: 1 });
    fb.set(0, 0, 1);
    fb.set(8, 0, 1);
    const img = decodePng(encodePng(fb));
    expect([...img.data.subarray(0, 8)]).toEqual([255, 255, 255, 255, 0, 0, 0, 255]);
    expect([...img.data.subarray(32, 36)]).toEqual([255, 255, 255, 255]);
  });

  it('gives exactly these bytes for a small mono frame, on every machine and Node version', () => {
    const fb = new Framebuffer({ width: 4, height: 2 });
    fb.set(0, 0, 1);
    fb.set(3, 1, 1);
    expect(Buffer.from(encodePng(fb)).toString('hex')).toBe(
      '89504e470d0a1a0a' + // signature
        '0000000d494844520000000400000002010000000057d340ce' + // IHDR 4x2, 1-bit grey
        '0000000c49444154' + // IDAT, 12 bytes:
        '780163686010000001940091' + // zlib of the rows 00 80 / 00 10 (filter byte, then pixels MSB first)
        '0684bae4' + // IDAT CRC
        '0000000049454e44ae426082', // IEND
    );
  });

  it('refuses bytes that are not a PNG, a corrupt PNG and an oversized one, naming the source', () => {
    expect(() => decodePng(new Uint8Array(40), 'icons/cpu.png')).toThrow(/icons\/cpu\.png is not a PNG file/);
    const png = encodePng(patterned('rgb888', 8, 8, 3));
    const corrupt = png.slice();
    corrupt[45] = (corrupt[45] as number) ^ 0xff;
    expect(() => decodePng(corrupt, 'bad.png')).toThrow(/bad\.png could not be decoded/);
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100000);
    expect(() => decodePng(huge, 'huge.png')).toThrow(
      /huge\.png is 100000x8; each side must be from 1 to 4096/,
    );
  });
});
