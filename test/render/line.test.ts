import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawHLine, drawLine, drawVLine, Framebuffer } from '../../src/index.js';
import { drawn, inked, picture } from '../fixtures/picture.js';

describe('drawHLine / drawVLine', () => {
  it('draws w (or h) pixels from the start, cut at the framebuffer edges', () => {
    expect(
      drawn(6, 4, (fb) => {
        drawHLine(fb, -2, 0, 4, 1); // columns -2..1: 0 and 1 visible
        drawHLine(fb, 3, 1, 10, 1); // runs past the right edge
        drawVLine(fb, 5, 2, 5, 1); // runs past the bottom
        drawVLine(fb, 0, -9, 13, 1); // rows -9..3: from above the top to the bottom row
      }),
    ).toEqual(['##....', '#..###', '#....#', '#....#']);
  });

  it('draws nothing for a zero or negative length, or a line wholly outside', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    drawHLine(fb, 1, 1, 0, 1);
    drawHLine(fb, 1, 1, -3, 1);
    drawVLine(fb, 1, 1, 0, 1);
    drawVLine(fb, 1, 1, -2, 1);
    drawHLine(fb, 0, 4, 4, 1);
    drawHLine(fb, 0, -1, 4, 1);
    drawVLine(fb, -1, 0, 4, 1);
    drawVLine(fb, 4, 0, 4, 1);
    expect(inked(fb)).toBe(0);
  });

  it('rounds fractional coordinates to the nearest pixel, halves up, and ignores non-finite ones', () => {
    expect(drawn(4, 2, (fb) => drawHLine(fb, 0.5, 0.49, 1.5, 1))).toEqual(['.##.', '....']);
    const fb = new Framebuffer({ width: 4, height: 4 });
    drawHLine(fb, Number.NaN, 0, 4, 1);
    drawVLine(fb, 0, Number.POSITIVE_INFINITY, 4, 1);
    drawHLine(fb, 0, 0, Number.NaN, 1);
    expect(inked(fb)).toBe(0);
  });
});

describe('drawLine', () => {
  it('draws both end points and, on each step of the major axis, the pixel nearest the line', () => {
    expect(drawn(8, 4, (fb) => drawLine(fb, 0, 0, 7, 3, 1))).toEqual([
      '##......',
      '..##....',
      '....##..',
      '......##',
    ]);
    expect(drawn(3, 6, (fb) => drawLine(fb, 2, 0, 0, 5, 1))).toEqual([
      '..#',
      '..#',
      '.#.',
      '.#.',
      '#..',
      '#..',
    ]);
    expect(drawn(4, 4, (fb) => drawLine(fb, 3, 0, 0, 3, 1))).toEqual(['...#', '..#.', '.#..', '#...']);
  });

  it('draws a zero-length line as its one pixel', () => {
    expect(drawn(3, 3, (fb) => drawLine(fb, 1, 1, 1, 1, 1))).toEqual(['...', '.#.', '...']);
  });

  it('draws the same pixels from A to B as from B to A', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -8, max: 40 }), { minLength: 4, maxLength: 4 }),
        ([a, b, c, d]) => {
          const one = new Framebuffer({ width: 32, height: 32 });
          const two = new Framebuffer({ width: 32, height: 32 });
          drawLine(one, a as number, b as number, c as number, d as number, 1);
          drawLine(two, c as number, d as number, a as number, b as number, 1);
          expect(picture(one)).toEqual(picture(two));
        },
      ),
    );
  });

  it('draws one pixel per step of the major axis, each 8-connected to the next', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 4, maxLength: 4 }),
        ([a, b, c, d]) => {
          const [x0, y0, x1, y1] = [a as number, b as number, c as number, d as number];
          const fb = new Framebuffer({ width: 32, height: 32 });
          drawLine(fb, x0, y0, x1, y1, 1);
          expect(inked(fb)).toBe(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) + 1);
          expect(fb.get(x0, y0)).toBe(1);
          expect(fb.get(x1, y1)).toBe(1);
        },
      ),
    );
  });

  it('clips at the framebuffer edge to exactly the pixels the whole line has there', () => {
    // The line from (-10, -3) to (20, 9) drawn on a 12x6 framebuffer equals the same line drawn on a
    // large one, seen through a 12x6 window.
    const small = new Framebuffer({ width: 12, height: 6 });
    drawLine(small, -10, -3, 20, 9, 1);
    const big = new Framebuffer({ width: 64, height: 64 });
    drawLine(big, 20, 20, 50, 32, 1);
    const window = picture(big)
      .slice(23, 29)
      .map((row) => row.slice(30, 42));
    expect(picture(small)).toEqual(window);
    expect(inked(small)).toBeGreaterThan(0);
  });
});
