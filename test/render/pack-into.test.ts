import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framebuffer, type PixelFormat, pixelFormats } from '../../src/render/index.js';

describe('Framebuffer.packInto', () => {
  it('writes the bytes pack gives, for any window and format, and returns their count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PixelFormat>(...pixelFormats),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.record({
          x: fc.integer({ min: -5, max: 40 }),
          y: fc.integer({ min: -5, max: 30 }),
          w: fc.integer({ min: -2, max: 45 }),
          h: fc.integer({ min: -2, max: 35 }),
        }),
        fc.integer(),
        (format, width, height, window, seed) => {
          const fb = new Framebuffer({ width, height, format });
          const max =
            format === 'mono'
              ? 2
              : format === 'gray4'
                ? 16
                : format === 'gray8'
                  ? 256
                  : format === 'rgb565'
                    ? 65536
                    : 0x1000000;
          for (let i = 0; i < fb.pixels.length; i++)
            fb.pixels[i] = Math.abs((seed * 7919 + i * 104729) | 0) % max;
          const want = fb.pack(window, { endian: 'le' });
          const out = new Uint8Array(want.length + 3).fill(0xaa);
          expect(fb.packInto(out, window, 'le')).toBe(want.length);
          expect(fb.packedSizeOf(window)).toBe(want.length);
          expect(Array.from(out.subarray(0, want.length))).toEqual(Array.from(want));
          expect(Array.from(out.subarray(want.length))).toEqual([0xaa, 0xaa, 0xaa]);
          if (format === 'mono' && want.length > 0) {
            // Reference: pages of 8 rows, one byte per column, bit 0 at the top, read pixel by pixel.
            const x0 = Math.max(0, window.x);
            const x1 = Math.min(width, window.x + window.w);
            const y0 = Math.max(0, window.y) & ~7;
            const y1 = Math.min(height, (Math.min(height, window.y + window.h) + 7) & ~7);
            const ref: number[] = [];
            for (let page = y0; page < y1; page += 8) {
              for (let x = x0; x < x1; x++) {
                let byte = 0;
                for (let bit = 0; bit < 8; bit++) byte |= fb.get(x, page + bit) << bit;
                ref.push(byte);
              }
            }
            expect(Array.from(want)).toEqual(ref);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an out buffer too short for the window', () => {
    const fb = new Framebuffer({ width: 16, height: 16 });
    expect(() => fb.packInto(new Uint8Array(31))).toThrow(/'out' holds 31 bytes, the window needs 32/);
  });
});
