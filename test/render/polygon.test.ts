import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawLine, Framebuffer, fillPolygon, fillRect, fillTriangle } from '../../src/index.js';
import { drawn, inked, picture } from '../fixtures/picture.js';

function on(w: number, h: number, draw: (fb: Framebuffer) => void): Framebuffer {
  const fb = new Framebuffer({ width: w, height: h });
  draw(fb);
  return fb;
}

describe('fillTriangle / fillPolygon', () => {
  it('fills the pixels whose centres lie inside (the hypotenuse x = 8 (1 - y / 5))', () => {
    expect(drawn(8, 5, (fb) => fillTriangle(fb, 0, 0, 8, 0, 0, 5, 1))).toEqual([
      '#######.', // the edge crosses row 0's centre line at x = 7.2
      '######..',
      '####....',
      '##......', // x = 2.4: centres 0.5 and 1.5 are inside
      '#.......',
    ]);
  });

  it('covers exactly the pixels of fillRect for a rectangle with whole-pixel corners', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 20 }),
        fc.integer({ min: -5, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (x, y, w, h) => {
          const poly = on(24, 24, (fb) => fillPolygon(fb, [x, y, x + w, y, x + w, y + h, x, y + h], 1));
          expect(picture(poly)).toEqual(picture(on(24, 24, (fb) => fillRect(fb, x, y, w, h, 1))));
        },
      ),
    );
  });

  it('splits a quadrilateral into two triangles without a pixel drawn twice or missed', () => {
    const pt = fc.tuple(
      fc.double({ min: -2, max: 26, noNaN: true }),
      fc.double({ min: -2, max: 26, noNaN: true }),
    );
    fc.assert(
      fc.property(pt, pt, pt, pt, ([ax, ay], [bx, by], [cx, cy], [dx, dy]) => {
        const one = on(24, 24, (fb) => fillTriangle(fb, ax, ay, bx, by, cx, cy, 1));
        const two = on(24, 24, (fb) => fillTriangle(fb, ax, ay, cx, cy, dx, dy, 1));
        const both = on(24, 24, (fb) => fillPolygon(fb, [ax, ay, bx, by, cx, cy, dx, dy], 1));
        // Even-odd: the quadrilateral is the symmetric difference of the two triangles sharing a-c.
        const xor = one.pixels.map((v, i) => v ^ (two.pixels[i] as number));
        expect([...xor]).toEqual([...both.pixels]);
      }),
      { numRuns: 200 },
    );
  });

  it('draws nothing with fewer than three vertices, no area, or a vertex beyond 32768 pixels', () => {
    const fb = new Framebuffer({ width: 8, height: 8 });
    fillPolygon(fb, [1, 1, 6, 6], 1);
    fillPolygon(fb, [1, 1, 6, 6, 3, 3], 1);
    fillTriangle(fb, 0, 0, 8, 0, 0, 40000, 1);
    fillPolygon(fb, [0, 0, 8, 0, Number.NaN, 8], 1);
    expect(inked(fb)).toBe(0);
  });
});

describe('drawLine with a width', () => {
  it('covers both end pixels and exactly `width` rows or columns when straight', () => {
    expect(drawn(8, 6, (fb) => drawLine(fb, 1, 2, 6, 2, 1, 3))).toEqual([
      '........',
      '.######.',
      '.######.',
      '.######.',
      '........',
      '........',
    ]);
    expect(drawn(5, 5, (fb) => drawLine(fb, 2, 4, 2, 1, 1, 2))).toEqual([
      '.....',
      '.##..',
      '.##..',
      '.##..',
      '.##..',
    ]);
    expect(drawn(5, 5, (fb) => drawLine(fb, 2, 2, 2, 2, 1, 3))).toEqual([
      '.....',
      '.###.',
      '.###.',
      '.###.',
      '.....',
    ]);
  });

  it('is the band around the segment, lengthened half a pixel at each end, the same both ways', () => {
    const c = fc.integer({ min: -4, max: 28 });
    fc.assert(
      fc.property(c, c, c, c, fc.integer({ min: 2, max: 7 }), (x0, y0, x1, y1, w) => {
        const ab = on(24, 24, (fb) => drawLine(fb, x0, y0, x1, y1, 1, w));
        const ba = on(24, 24, (fb) => drawLine(fb, x1, y1, x0, y0, 1, w));
        expect(picture(ab)).toEqual(picture(ba));
        // Each pixel centre's position along (t) and across (d) the segment between the end pixels'
        // centres: inside the band by a margin must be drawn, outside it by a margin must not (the
        // margin absorbs the 1/256 px rounding of the corners).
        const len = Math.hypot(x1 - x0, y1 - y0);
        const [ux, uy] = len === 0 ? [1, 0] : [(x1 - x0) / len, (y1 - y0) / len];
        const halfLen = len === 0 ? w / 2 : 0.5;
        const wrong: string[] = [];
        for (let y = 0; y < 24; y++) {
          for (let x = 0; x < 24; x++) {
            const t = (x - x0) * ux + (y - y0) * uy;
            const d = Math.abs(-(x - x0) * uy + (y - y0) * ux);
            const along = Math.max(-halfLen - t, t - len - halfLen); // < 0 inside the length
            const across = d - w / 2; // < 0 inside the width
            const outside = Math.max(along, across);
            if (outside < -0.01 && !ab.get(x, y)) wrong.push(`missing ${x},${y}`);
            if (outside > 0.01 && ab.get(x, y)) wrong.push(`extra ${x},${y}`);
          }
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('draws nothing for a width of 0 or less', () => {
    const fb = new Framebuffer({ width: 8, height: 8 });
    drawLine(fb, 0, 0, 7, 7, 1, 0);
    drawLine(fb, 0, 0, 7, 7, 1, -3);
    drawLine(fb, 0, 0, 7, 7, 1, Number.NaN);
    expect(inked(fb)).toBe(0);
  });
});
