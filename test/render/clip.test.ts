import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blit,
  ditherInto,
  drawArc,
  drawCircle,
  drawHLine,
  drawLine,
  drawMask,
  drawRect,
  drawVLine,
  Framebuffer,
  fillArc,
  fillCircle,
  fillPolygon,
  fillRect,
  fillTriangle,
} from '../../src/index.js';

const W = 40;
const H = 30;
/** The reference framebuffer extends the tested one by this margin on every side. */
const M = 24;

type Op = (fb: Framebuffer, dx: number, dy: number, value: number) => void;

const coord = fc.integer({ min: -30, max: 70 });
const size = fc.integer({ min: -4, max: 50 });
const small = fc.integer({ min: -1, max: 8 });
const angle = fc.oneof(fc.integer({ min: -400, max: 400 }), fc.double({ min: -400, max: 400, noNaN: true }));

const sprite = new Framebuffer({ width: 9, height: 7, format: 'gray8' });
for (let i = 0; i < sprite.pixels.length; i++) sprite.pixels[i] = (i * 37) % 5;
const mask = { width: 11, height: 5, bits: Uint8Array.from({ length: 10 }, (_, i) => (i * 73 + 41) & 0xff) };
const image = {
  width: 12,
  height: 10,
  data: Uint8Array.from({ length: 120 * 4 }, (_, i) =>
    i % 4 === 3 ? (i % 7 === 3 ? 0 : 255) : (i * 29) % 256,
  ),
};

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(coord, coord, coord, coord, fc.integer({ min: 0, max: 9 })).map(
    ([a, b, c, d, w]): Op =>
      (fb, dx, dy, v) =>
        drawLine(fb, a + dx, b + dy, c + dx, d + dy, v, w),
  ),
  // Vertices in eighths of a pixel: exact in binary, so the margin shifts the fixed-point vertices exactly.
  fc.array(fc.integer({ min: -240, max: 560 }), { minLength: 6, maxLength: 12 }).map(
    (pts): Op =>
      (fb, dx, dy, v) =>
        fillPolygon(
          fb,
          pts.map((p, i) => p / 8 + (i % 2 === 0 ? dx : dy)),
          v,
        ),
  ),
  fc.tuple(coord, coord, coord, coord, coord, coord).map(
    ([a, b, c, d, e, f]): Op =>
      (fb, dx, dy, v) =>
        fillTriangle(fb, a + dx, b + dy, c + dx, d + dy, e + dx, f + dy, v),
  ),
  fc.tuple(coord, coord, coord, coord).map(
    ([a, b, c, d]): Op =>
      (fb, dx, dy, v) =>
        drawLine(fb, a + dx, b + dy, c + dx, d + dy, v),
  ),
  fc.tuple(coord, coord, size).map(
    ([x, y, w]): Op =>
      (fb, dx, dy, v) =>
        drawHLine(fb, x + dx, y + dy, w, v),
  ),
  fc.tuple(coord, coord, size).map(
    ([x, y, h]): Op =>
      (fb, dx, dy, v) =>
        drawVLine(fb, x + dx, y + dy, h, v),
  ),
  fc.tuple(coord, coord, size, size, small).map(
    ([x, y, w, h, r]): Op =>
      (fb, dx, dy, v) =>
        fillRect(fb, x + dx, y + dy, w, h, v, r),
  ),
  fc.tuple(coord, coord, size, size, small, small).map(
    ([x, y, w, h, t, r]): Op =>
      (fb, dx, dy, v) =>
        drawRect(fb, x + dx, y + dy, w, h, v, t, r),
  ),
  fc.tuple(coord, coord, size, small).map(
    ([x, y, r, t]): Op =>
      (fb, dx, dy, v) =>
        drawCircle(fb, x + dx, y + dy, r, v, t),
  ),
  fc.tuple(coord, coord, size).map(
    ([x, y, r]): Op =>
      (fb, dx, dy, v) =>
        fillCircle(fb, x + dx, y + dy, r, v),
  ),
  fc.tuple(coord, coord, size, angle, angle, small).map(
    ([x, y, r, a, b, t]): Op =>
      (fb, dx, dy, v) =>
        drawArc(fb, x + dx, y + dy, r, a, b, v, t),
  ),
  fc.tuple(coord, coord, size, angle, angle).map(
    ([x, y, r, a, b]): Op =>
      (fb, dx, dy, v) =>
        fillArc(fb, x + dx, y + dy, r, a, b, v),
  ),
  fc.tuple(coord, coord, fc.integer({ min: -1, max: 4 })).map(
    ([x, y, t]): Op =>
      (fb, dx, dy) =>
        blit(fb, sprite, x + dx, y + dy, t),
  ),
  fc.tuple(coord, coord, fc.boolean()).map(
    ([x, y, bg]): Op =>
      (fb, dx, dy, v) =>
        drawMask(fb, mask, x + dx, y + dy, v, bg ? 0 : -1),
  ),
  fc.tuple(coord, coord, fc.constantFrom('ordered', 'floyd-steinberg', 'threshold' as const)).map(
    ([x, y, mode]): Op =>
      (fb, dx, dy) =>
        ditherInto(fb, image, x + dx, y + dy, mode),
  ),
);

const clip = fc.record({
  x: fc.integer({ min: -5, max: W + 5 }),
  y: fc.integer({ min: -5, max: H + 5 }),
  w: fc.integer({ min: -3, max: W + 10 }),
  h: fc.integer({ min: -3, max: H + 10 }),
});

const background = 200;

function run(ops: Op[], target: Framebuffer, dx: number, dy: number): void {
  for (let i = 0; i < ops.length; i++) (ops[i] as Op)(target, dx, dy, 10 + i);
}

describe('drawing and the clip', () => {
  it('never writes outside the clip, whatever is drawn', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), clip, (ops, r) => {
        const fb = new Framebuffer({ width: W, height: H, format: 'gray8' });
        fb.clear(background);
        fb.setClip(r);
        run(ops, fb, 0, 0);
        const c = fb.clip;
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const inside = x >= c.x && x < c.x + c.w && y >= c.y && y < c.y + c.h;
            if (!inside && fb.get(x, y) !== background) {
              throw new Error(`pixel (${x}, ${y}) outside clip ${JSON.stringify(c)} was written`);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('writes inside the clip exactly what drawing without a clip, on a larger framebuffer, writes there', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), clip, (ops, r) => {
        const fb = new Framebuffer({ width: W, height: H, format: 'gray8' });
        fb.clear(background);
        fb.setClip(r);
        run(ops, fb, 0, 0);
        const big = new Framebuffer({ width: W + 2 * M, height: H + 2 * M, format: 'gray8' });
        big.clear(background);
        run(ops, big, M, M);
        const c = fb.clip;
        const expected = new Framebuffer({ width: W, height: H, format: 'gray8' });
        expected.clear(background);
        for (let y = c.y; y < c.y + c.h; y++) {
          for (let x = c.x; x < c.x + c.w; x++) expected.set(x, y, big.get(x + M, y + M));
        }
        expect(fb.equals(expected)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('restores the outer clip after a nested one, so later drawing reaches the whole outer clip', () => {
    const fb = new Framebuffer({ width: 8, height: 4 });
    fb.setClip({ x: 1, y: 0, w: 6, h: 4 });
    fb.pushClip({ x: 3, y: 1, w: 10, h: 2 });
    fillRect(fb, 0, 0, 8, 4, 1);
    fb.popClip();
    drawHLine(fb, -5, 3, 20, 1);
    const rows: string[] = [];
    for (let y = 0; y < 4; y++)
      rows.push(Array.from({ length: 8 }, (_, x) => (fb.get(x, y) ? '#' : '.')).join(''));
    expect(rows).toEqual(['........', '...####.', '...####.', '.######.']);
  });
});
