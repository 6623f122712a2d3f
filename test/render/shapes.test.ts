import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawRect, Framebuffer, fillCircle, fillRect } from '../../src/index.js';
import { drawn, inked, picture } from '../fixtures/picture.js';

describe('fillRect', () => {
  it('fills columns x..x+w-1 and rows y..y+h-1, cut at the framebuffer edges', () => {
    expect(
      drawn(6, 4, (fb) => {
        fillRect(fb, -2, -1, 4, 2, 1); // only (0..1, 0) visible
        fillRect(fb, 4, 2, 5, 5, 1); // runs past right and bottom
      }),
    ).toEqual(['##....', '......', '....##', '....##']);
  });

  it('draws nothing for a zero or negative width or height', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    for (const [w, h] of [
      [0, 2],
      [2, 0],
      [-1, 2],
      [2, -5],
      [0, 0],
    ] as const) {
      fillRect(fb, 1, 1, w, h, 1);
      fillRect(fb, 1, 1, w, h, 1, 1);
    }
    expect(inked(fb)).toBe(0);
  });

  it('rounds corners with the quarter discs of fillCircle: radius 2 cuts each corner pixel', () => {
    expect(drawn(6, 5, (fb) => fillRect(fb, 0, 0, 6, 5, 1, 2))).toEqual([
      '.####.',
      '######',
      '######',
      '######',
      '.####.',
    ]);
    // A square whose radius is half its side is the disc.
    const square = drawn(9, 9, (fb) => fillRect(fb, 0, 0, 9, 9, 1, 4));
    expect(square).toEqual([
      '..#####..',
      '.#######.',
      '#########',
      '#########',
      '#########',
      '#########',
      '#########',
      '.#######.',
      '..#####..',
    ]);
    expect(square).toEqual(drawn(9, 9, (fb) => fillCircle(fb, 4, 4, 4, 1)));
  });

  it('limits the radius to half the shorter side', () => {
    const limited = new Framebuffer({ width: 9, height: 5 });
    const exact = new Framebuffer({ width: 9, height: 5 });
    fillRect(limited, 0, 0, 9, 5, 1, 100);
    fillRect(exact, 0, 0, 9, 5, 1, 2);
    expect(picture(limited)).toEqual(picture(exact));
  });
});

describe('drawRect', () => {
  it('outlines the rectangle inside its edge, one pixel wide by default', () => {
    expect(drawn(6, 4, (fb) => drawRect(fb, 0, 0, 6, 4, 1))).toEqual([
      '######',
      '#....#',
      '#....#',
      '######',
    ]);
  });

  it('strokes inwards: width 2 keeps the outer edge; a stroke reaching the middle fills', () => {
    expect(drawn(7, 6, (fb) => drawRect(fb, 0, 0, 7, 6, 1, 2))).toEqual([
      '#######',
      '#######',
      '##...##',
      '##...##',
      '#######',
      '#######',
    ]);
    expect(drawn(5, 4, (fb) => drawRect(fb, 0, 0, 5, 4, 1, 2))).toEqual(['#####', '#####', '#####', '#####']);
  });

  it('rounds the outline: inner corners take radius minus width', () => {
    expect(drawn(10, 7, (fb) => drawRect(fb, 0, 0, 10, 7, 1, 1, 3))).toEqual([
      '..######..',
      '.#......#.',
      '#........#',
      '#........#',
      '#........#',
      '.#......#.',
      '..######..',
    ]);
  });

  it('cuts an outline at the framebuffer edges, keeping the visible sides', () => {
    expect(drawn(5, 4, (fb) => drawRect(fb, -2, 1, 5, 10, 1))).toEqual(['.....', '###..', '..#..', '..#..']);
  });

  it('draws nothing for a zero or negative size or stroke width', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    drawRect(fb, 0, 0, 0, 3, 1);
    drawRect(fb, 0, 0, 3, -1, 1);
    drawRect(fb, 0, 0, 3, 3, 1, 0);
    drawRect(fb, 0, 0, 3, 3, 1, -2, 1);
    expect(inked(fb)).toBe(0);
  });

  it('covers exactly the outer edge of the filled rectangle, for any size, width and radius', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 12 }),
        (w, h, t, r) => {
          const outline = new Framebuffer({ width: 26, height: 26 });
          const fill = new Framebuffer({ width: 26, height: 26 });
          drawRect(outline, 1, 1, w, h, 1, t, r);
          fillRect(fill, 1, 1, w, h, 1, r);
          const wrong: string[] = [];
          for (let y = 0; y < 26; y++) {
            for (let x = 0; x < 26; x++) {
              // The outline lies inside the fill and shares its leftmost and rightmost pixel on each row.
              const edge = fill.get(x, y) && (!fill.get(x - 1, y) || !fill.get(x + 1, y));
              if ((outline.get(x, y) && !fill.get(x, y)) || (edge && !outline.get(x, y)))
                wrong.push(`${x},${y}`);
            }
          }
          expect(wrong).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
