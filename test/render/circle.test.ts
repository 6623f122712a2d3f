import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  directionOf,
  directionScale,
  drawArc,
  drawCircle,
  Framebuffer,
  fillArc,
  fillCircle,
} from '../../src/render/index.js';
import { drawn, inked, picture } from '../fixtures/picture.js';

/** Pixels set in `a` or `b` (same size). */
function union(a: Framebuffer, b: Framebuffer): string[] {
  const out = a.clone();
  for (let i = 0; i < out.pixels.length; i++)
    out.pixels[i] = (a.pixels[i] as number) | (b.pixels[i] as number);
  return picture(out);
}

function on(size: number, draw: (fb: Framebuffer) => void): Framebuffer {
  const fb = new Framebuffer({ width: size, height: size });
  draw(fb);
  return fb;
}

describe('fillCircle / drawCircle', () => {
  it('holds the pixels with dx² + dy² <= r² + r: radius 0 is a pixel, 1 a 3x3 square', () => {
    expect(drawn(3, 3, (fb) => fillCircle(fb, 1, 1, 0, 1))).toEqual(['...', '.#.', '...']);
    expect(drawn(3, 3, (fb) => fillCircle(fb, 1, 1, 1, 1))).toEqual(['###', '###', '###']);
    expect(drawn(7, 7, (fb) => fillCircle(fb, 3, 3, 3, 1))).toEqual([
      '..###..',
      '.#####.',
      '#######',
      '#######',
      '#######',
      '.#####.',
      '..###..',
    ]);
  });

  it('outlines with the one-pixel ring of the midpoint circle', () => {
    expect(drawn(11, 11, (fb) => drawCircle(fb, 5, 5, 5, 1))).toEqual([
      '...#####...',
      '..#.....#..',
      '.#.......#.',
      '#.........#',
      '#.........#',
      '#.........#',
      '#.........#',
      '#.........#',
      '.#.......#.',
      '..#.....#..',
      '...#####...',
    ]);
  });

  it('strokes a wide circle inwards: the disc of radius r minus the disc of radius r - width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 16 }), (r, w) => {
        const ring = on(31, (fb) => drawCircle(fb, 15, 15, r, 1, w));
        const expected = on(31, (fb) => {
          fillCircle(fb, 15, 15, r, 1);
          if (r - w >= 0) fillCircle(fb, 15, 15, r - w, 0);
        });
        expect(picture(ring)).toEqual(picture(expected));
      }),
    );
  });

  it('is symmetric under the eight reflections of the square', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 4 }), (r, w) => {
        const rows = picture(on(33, (f) => drawCircle(f, 16, 16, r, 1, w)));
        const mirrored = rows.map((row) => [...row].reverse().join(''));
        const flipped = [...rows].reverse();
        const transposed = rows.map((_, x) => rows.map((row) => row[x]).join(''));
        expect([mirrored, flipped, transposed]).toEqual([rows, rows, rows]);
      }),
      { numRuns: 40 },
    );
  });

  it('cuts at the framebuffer edges and draws nothing for a negative radius or width', () => {
    expect(drawn(4, 3, (fb) => fillCircle(fb, 0, 0, 2, 1))).toEqual(['###.', '###.', '##..']);
    const fb = new Framebuffer({ width: 8, height: 8 });
    fillCircle(fb, 4, 4, -1, 1);
    drawCircle(fb, 4, 4, -3, 1);
    drawCircle(fb, 4, 4, 3, 1, 0);
    drawCircle(fb, 4, 4, 3, 1, -1);
    drawCircle(fb, 40, 4, 3, 1);
    fillCircle(fb, Number.NaN, 4, 3, 1);
    expect(inked(fb)).toBe(0);
  });
});

describe('drawArc / fillArc', () => {
  afterEach(() => vi.restoreAllMocks());

  it('measures degrees clockwise from 12 o clock: 0 to 90 is the top-right quarter, ends included', () => {
    expect(drawn(7, 7, (fb) => fillArc(fb, 3, 3, 3, 0, 90, 1))).toEqual([
      '...##..',
      '...###.',
      '...####',
      '...####',
      '.......',
      '.......',
      '.......',
    ]);
    expect(drawn(7, 7, (fb) => drawArc(fb, 3, 3, 3, 90, 180, 1))).toEqual([
      '.......',
      '.......',
      '.......',
      '......#',
      '......#',
      '.....#.',
      '...##..',
    ]);
  });

  it('sweeps anticlockwise for a negative sweep, and draws the whole ring from 360 degrees on', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 }), (a, b) => {
        const forward = on(23, (fb) => drawArc(fb, 11, 11, 10, a, b, 1, 3));
        const backward = on(23, (fb) => drawArc(fb, 11, 11, 10, b, a, 1, 3));
        expect(picture(forward)).toEqual(picture(backward));
        if (Math.abs(b - a) >= 360) {
          expect(picture(forward)).toEqual(picture(on(23, (fb) => drawCircle(fb, 11, 11, 10, 1, 3))));
        }
      }),
      { numRuns: 80 },
    );
  });

  it('draws nothing for a sweep of 0, a negative radius or width', () => {
    const fb = new Framebuffer({ width: 9, height: 9 });
    drawArc(fb, 4, 4, 4, 30, 30, 1);
    fillArc(fb, 4, 4, 4, 90, 90, 1);
    drawArc(fb, 4, 4, -1, 0, 90, 1);
    drawArc(fb, 4, 4, 4, 0, 90, 1, 0);
    drawArc(fb, 4, 4, 4, 0, Number.NaN, 1);
    expect(inked(fb)).toBe(0);
  });

  it('splits: the arc from a to b plus the arc from b to c is the arc from a to c', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -360, max: 360 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 159 }),
        fc.integer({ min: 1, max: 12 }),
        (a, s1, s2, w) => {
          const b = a + s1;
          const c = b + s2;
          const parts = union(
            on(27, (fb) => drawArc(fb, 13, 13, 12, a, b, 1, w)),
            on(27, (fb) => drawArc(fb, 13, 13, 12, b, c, 1, w)),
          );
          expect(parts).toEqual(picture(on(27, (fb) => drawArc(fb, 13, 13, 12, a, c, 1, w))));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every pixel of an arc on its circle, and a 360 degree pie is the disc', () => {
    fc.assert(
      fc.property(
        fc.float({ min: -720, max: 720, noNaN: true }),
        fc.float({ min: -720, max: 720, noNaN: true }),
        (a, b) => {
          const arc = on(21, (fb) => drawArc(fb, 10, 10, 9, a, b, 1, 2));
          const ring = on(21, (fb) => drawCircle(fb, 10, 10, 9, 1, 2));
          expect(arc.pixels.every((v, i) => v === 0 || ring.pixels[i] === 1)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    expect(picture(on(15, (fb) => fillArc(fb, 7, 7, 7, 45, 405, 1)))).toEqual(
      picture(on(15, (fb) => fillCircle(fb, 7, 7, 7, 1))),
    );
  });

  it('never calls Math.sin, cos, tan, atan2 or pow', () => {
    const spies = (['sin', 'cos', 'tan', 'atan2', 'atan', 'pow'] as const).map((name) =>
      vi.spyOn(Math, name),
    );
    const fb = new Framebuffer({ width: 64, height: 64 });
    for (let a = -370; a < 370; a += 17.5) {
      drawArc(fb, 32, 32, 30, a, a * 1.7, 1, 4);
      fillArc(fb, 32, 32, 20, -a, a, 1);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(inked(fb)).toBeGreaterThan(0);
  });
});

describe('directionOf', () => {
  it('is exact at the quarter turns, in screen axes (y down)', () => {
    const out = new Int32Array(2);
    const at = (deg: number) => {
      directionOf(deg, out);
      return [out[0], out[1]];
    };
    expect([at(0), at(90), at(180), at(270), at(360), at(-90)]).toEqual([
      [0, -directionScale],
      [directionScale, 0],
      [0, directionScale],
      [-directionScale, 0],
      [0, -directionScale],
      [-directionScale, 0],
    ]);
  });

  it('is within one unit of the true direction for any angle', () => {
    const out = new Int32Array(2);
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (deg) => {
        directionOf(deg, out);
        const rad = (deg * Math.PI) / 180;
        expect(Math.abs((out[0] as number) - Math.sin(rad) * directionScale)).toBeLessThanOrEqual(1);
        expect(Math.abs((out[1] as number) + Math.cos(rad) * directionScale)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
