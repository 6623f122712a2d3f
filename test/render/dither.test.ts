import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DitherMode, ditherInto, ditherModes, Framebuffer, type ImageSource } from '../../src/index.js';
import { inked, picture } from '../fixtures/picture.js';

function grey(width: number, height: number, level: (x: number, y: number) => number): ImageSource {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = level(x, y);
  return { width, height, data };
}

function rgba(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  }
  return { width, height, data };
}

function dithered(image: ImageSource, mode: DitherMode, format: 'mono' | 'gray4' = 'mono'): Framebuffer {
  const fb = new Framebuffer({ width: image.width, height: image.height, format });
  ditherInto(fb, image, 0, 0, mode);
  return fb;
}

describe('ditherInto', () => {
  it('keeps black black and white white in every mode', () => {
    for (const mode of ditherModes) {
      expect(
        inked(
          dithered(
            grey(16, 16, () => 0),
            mode,
          ),
        ),
      ).toBe(0);
      expect(
        inked(
          dithered(
            grey(16, 16, () => 255),
            mode,
          ),
        ),
      ).toBe(256);
    }
  });

  it('ordered: a flat grey lights the Bayer entries below its level, entry 0 first, the same in every 8x8 tile', () => {
    for (const g of [1, 32, 64, 128, 200, 254]) {
      const fb = dithered(
        grey(16, 16, () => g),
        'ordered',
      );
      const rows = picture(fb);
      expect(rows.slice(8)).toEqual(rows.slice(0, 8));
      expect(rows.map((r) => r.slice(8))).toEqual(rows.map((r) => r.slice(0, 8)));
      // lit when g / 255 >= (t + 0.5) / 64 for the pixel's Bayer entry t
      const lit = Array.from({ length: 64 }, (_, t) => g / 255 >= (t + 0.5) / 64).filter(Boolean).length;
      expect(inked(fb)).toBe(lit * 4);
    }
    // Half grey is the checkerboard-like Bayer half: exactly 32 of every 64.
    expect(
      picture(
        dithered(
          grey(4, 2, () => 128),
          'ordered',
        ),
      ),
    ).toEqual(['#.#.', '.#.#']);
  });

  it('floyd-steinberg: keeps the mean grey of a flat area within a few pixels', () => {
    for (const g of [20, 64, 100, 128, 180, 240]) {
      const n = inked(
        dithered(
          grey(32, 32, () => g),
          'floyd-steinberg',
        ),
      );
      expect(Math.abs(n - (1024 * g) / 255)).toBeLessThan(12);
    }
  });

  it('threshold: the nearest level, no pattern', () => {
    expect(
      picture(
        dithered(
          grey(4, 1, (x) => [0, 127, 128, 255][x] as number),
          'threshold',
        ),
      ),
    ).toEqual(['..##']);
    const fb = dithered(
      grey(4, 1, (x) => [0, 9, 8, 128][x] as number),
      'threshold',
      'gray4',
    );
    expect([...fb.pixels]).toEqual([0, 1, 0, 8]);
  });

  it('dithers to 16 levels on gray4: between two levels only those two appear', () => {
    // 0x88 = 136 = 8 * 17 exactly; 144 lies between levels 8 (136) and 9 (153).
    for (const mode of ['ordered', 'floyd-steinberg'] as const) {
      const fb = dithered(
        grey(16, 16, () => 144),
        mode,
        'gray4',
      );
      expect(new Set(fb.pixels)).toEqual(new Set([8, 9]));
      expect(
        [
          ...dithered(
            grey(8, 8, () => 136),
            mode,
            'gray4',
          ).pixels,
        ].every((v) => v === 8),
      ).toBe(true);
    }
  });

  it('gives these exact pixels for a grey ramp (integer arithmetic: the same on every platform)', () => {
    const ramp = grey(16, 4, (x) => x * 17);
    expect(picture(dithered(ramp, 'floyd-steinberg'))).toEqual([
      '.....#.#.#######',
      '....#..#.#.#.###',
      '.....#.#.##.####',
      '...#...#.#.#####',
    ]);
    expect(picture(dithered(ramp, 'ordered'))).toEqual([
      '..#.#.#.########',
      '.....#.#.#.#####',
      '..#.#.#.#.######',
      '.......#.#.#.###',
    ]);
  });

  it('takes RGBA by its luma, leaves pixels with alpha below 128 untouched', () => {
    const image = rgba(
      3,
      1,
      (x) =>
        [
          [255, 255, 255, 255],
          [255, 255, 255, 127],
          [0, 255, 0, 128],
        ][x] as [number, number, number, number],
    );
    const fb = new Framebuffer({ width: 3, height: 1, format: 'gray8' });
    fb.clear(7);
    ditherInto(fb, image, 0, 0);
    expect([...fb.pixels]).toEqual([255, 7, 150]);
  });

  it('converts each pixel without dithering on colour formats', () => {
    const image = rgba(2, 1, (x) => (x === 0 ? [255, 0, 0, 255] : [18, 52, 86, 255]));
    const fb565 = new Framebuffer({ width: 2, height: 1, format: 'rgb565' });
    ditherInto(fb565, image, 0, 0, 'ordered');
    expect([...fb565.pixels]).toEqual([0xf800, fb565.ink(0x123456)]);
    const fb888 = new Framebuffer({ width: 2, height: 1, format: 'rgb888' });
    ditherInto(fb888, image, 0, 0);
    expect([...fb888.pixels]).toEqual([0xff0000, 0x123456]);
  });

  it('clipped, shows exactly the pixels of the unclipped image inside the clip, in every mode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ditherModes),
        fc.integer({ min: -12, max: 20 }),
        fc.integer({ min: -12, max: 20 }),
        fc.record({
          x: fc.integer({ min: 0, max: 24 }),
          y: fc.integer({ min: 0, max: 24 }),
          w: fc.integer({ min: 0, max: 24 }),
          h: fc.integer({ min: 0, max: 24 }),
        }),
        fc.integer({ min: 0, max: 1000 }),
        (mode, x, y, clip, seed) => {
          const image = rgba(13, 11, (i, j) => {
            const v = (i * 31 + j * 17 + seed) % 256;
            return [v, (v * 3) % 256, 255 - v, (i + j + seed) % 5 === 0 ? 0 : 255];
          });
          // Reference: the whole image on a framebuffer large enough to hold it anywhere.
          const whole = new Framebuffer({ width: 64, height: 64 });
          ditherInto(whole, image, x + 20, y + 20, mode);
          const fb = new Framebuffer({ width: 24, height: 24 });
          fb.setClip(clip);
          ditherInto(fb, image, x, y, mode);
          const c = fb.clip;
          const expected = new Framebuffer({ width: 24, height: 24 });
          for (let j = c.y; j < c.y + c.h; j++) {
            for (let i = c.x; i < c.x + c.w; i++) expected.set(i, j, whole.get(i + 20, j + 20));
          }
          expect(picture(fb)).toEqual(picture(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('draws nothing for an empty image or one wholly outside the framebuffer', () => {
    const fb = new Framebuffer({ width: 8, height: 8 });
    ditherInto(fb, { width: 0, height: 0, data: new Uint8Array(0) }, 0, 0);
    ditherInto(fb, { width: 0, height: 5, data: new Uint8Array(0) }, 0, 0, 'ordered');
    for (const [x, y] of [
      [-4, 0],
      [8, 0],
      [0, -4],
      [0, 8],
    ] as const) {
      ditherInto(
        fb,
        grey(4, 4, () => 255),
        x,
        y,
      );
    }
    expect(inked(fb)).toBe(0);
  });

  it('refuses data of the wrong length and an unknown mode', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    expect(() => ditherInto(fb, { width: 2, height: 2, data: new Uint8Array(5) }, 0, 0)).toThrow(
      /a 2x2 image needs 4 grey or 16 RGBA bytes, received 5/,
    );
    const unknown = 'atkinson' as DitherMode;
    expect(() =>
      ditherInto(
        fb,
        grey(2, 2, () => 0),
        0,
        0,
        unknown,
      ),
    ).toThrow(/'mode' must be one of/);
  });
});
