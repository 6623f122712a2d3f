import { describe, expect, it } from 'vitest';
import { alphaMask, blit, drawMask, Framebuffer, type Mask } from '../../src/index.js';
import { drawn, inked, picture } from '../fixtures/picture.js';

/** A mono framebuffer from a picture ('#' is 1). */
function fromPicture(rows: string[]): Framebuffer {
  const fb = new Framebuffer({ width: (rows[0] as string).length, height: rows.length });
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) fb.set(x, y, row[x] === '#' ? 1 : 0);
  });
  return fb;
}

const arrow = ['.#.', '###', '.#.'];

describe('blit', () => {
  it('copies the source with its top-left at (x, y), cut at the framebuffer edges', () => {
    const src = fromPicture(['##.', '#.#', '.##']);
    expect(
      drawn(5, 4, (fb) => {
        blit(fb, src, -1, -1);
        blit(fb, src, 3, 2);
      }),
    ).toEqual(['.#...', '##...', '...##', '...#.']);
  });

  it('leaves pixels of the transparent value alone', () => {
    const fb = fromPicture(['#..', '...', '..#']);
    blit(fb, fromPicture(arrow), 0, 0, 0); // 0 is transparent: only the arrow's ink is copied
    expect(picture(fb)).toEqual(['##.', '###', '.##']);
    blit(fb, fromPicture(arrow), 0, 0); // no transparent value: the zeros are copied too
    expect(picture(fb)).toEqual(arrow);
  });

  it('converts a source of another format through its colour', () => {
    const src = new Framebuffer({ width: 2, height: 1, format: 'rgb888' });
    src.pixels[0] = 0xffffff;
    src.pixels[1] = 0x202020;
    const fb = new Framebuffer({ width: 2, height: 1, format: 'gray4' });
    blit(fb, src, 0, 0);
    expect([...fb.pixels]).toEqual([15, 2]);
  });

  it('respects the clip and draws nothing from outside it', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    fb.setClip({ x: 1, y: 1, w: 2, h: 2 });
    const src = new Framebuffer({ width: 4, height: 4 });
    src.clear(1);
    blit(fb, src, 0, 0);
    expect(picture(fb)).toEqual(['....', '.##.', '.##.', '....']);
    blit(fb, src, 3, 3); // wholly outside the clip
    expect(inked(fb)).toBe(4);
  });

  it('refuses to copy a framebuffer onto itself', () => {
    const fb = new Framebuffer({ width: 2, height: 2 });
    expect(() => blit(fb, fb, 1, 0)).toThrow(/source is the destination/);
  });
});

describe('drawMask', () => {
  const mask: Mask = {
    width: 10,
    height: 2,
    bits: Uint8Array.of(0b1000_0001, 0b0100_0000, 0xff, 0b1100_0000),
  };

  it('reads rows most significant bit first and draws the 1 bits in the ink', () => {
    expect(drawn(10, 2, (fb) => drawMask(fb, mask, 0, 0, 1))).toEqual(['#......#.#', '##########']);
  });

  it('draws 0 bits in the background when one is given, and honours a wider stride', () => {
    const fb = new Framebuffer({ width: 4, height: 2, format: 'gray8' });
    fb.clear(9);
    drawMask(
      fb,
      { width: 3, height: 2, stride: 2, bits: Uint8Array.of(0b1010_0000, 0xff, 0b0100_0000, 0) },
      1,
      0,
      200,
      0,
    );
    expect([...fb.pixels]).toEqual([9, 200, 0, 200, 9, 0, 200, 0]);
  });

  it('cuts at the framebuffer edges', () => {
    expect(drawn(4, 2, (fb) => drawMask(fb, mask, -6, 1, 1))).toEqual(['....', '.#.#']);
  });

  it('draws nothing for an empty mask', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    drawMask(fb, { width: 0, height: 3, bits: new Uint8Array(0) }, 0, 0, 1, 0);
    drawMask(fb, { width: 3, height: 0, bits: new Uint8Array(0) }, 0, 0, 1, 0);
    expect(inked(fb)).toBe(0);
  });

  it('refuses bits too short for the mask, naming the sizes', () => {
    const fb = new Framebuffer({ width: 4, height: 4 });
    expect(() => drawMask(fb, { width: 9, height: 2, bits: new Uint8Array(3) }, 0, 0, 1)).toThrow(
      /a 9x2 mask with stride 2 needs 4 bytes, received 3/,
    );
  });

  it('takes the opaque pixels of an RGBA image as a mask', () => {
    const data = new Uint8Array(3 * 4);
    data[3] = 255;
    data[7] = 127;
    data[11] = 128;
    const m = alphaMask({ width: 3, height: 1, data });
    expect(drawn(3, 1, (fb) => drawMask(fb, m, 0, 0, 1))).toEqual(['#.#']);
  });
});
