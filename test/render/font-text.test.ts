import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BitmapFont,
  drawText,
  Framebuffer,
  fitText,
  fonts,
  glyphFor,
  measureText,
  parseBdf,
  type Rect,
  textWidth,
} from '../../src/render/index.js';
import { tinyBdf } from './font-fixture.js';

/** The framebuffer as text rows, '#' for a set pixel. */
function picture(fb: Framebuffer): string[] {
  const rows: string[] = [];
  for (let y = 0; y < fb.height; y++) {
    let row = '';
    for (let x = 0; x < fb.width; x++) row += fb.get(x, y) ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

const tiny = parseBdf(tinyBdf);
const f5x7 = fonts['5x7'];

describe('measureText', () => {
  it('sums advances and gives the line box', () => {
    expect(measureText(f5x7, 'Hello')).toEqual({ width: 25, height: 7, ascent: 6, descent: 1 });
    expect(measureText(fonts['16x32'], '12:45')).toEqual({ width: 80, height: 32, ascent: 26, descent: 6 });
    expect(measureText(f5x7, '')).toEqual({ width: 0, height: 7, ascent: 6, descent: 1 });
  });

  it('counts a surrogate pair as one character and a lone surrogate as a missing one', () => {
    expect(textWidth(f5x7, '😀')).toBe(5);
    expect(textWidth(f5x7, 'a😀b')).toBe(15);
    expect(textWidth(f5x7, '\ud83dA')).toBe(10);
    expect(textWidth(f5x7, 'A\ude00')).toBe(10);
    expect(textWidth(tiny, '\u{1f600}A')).toBe(14);
  });

  it('gives missing invisible characters no room: controls, combining marks, zero-width marks', () => {
    expect(textWidth(f5x7, 'a\nb\tc\r')).toBe(15);
    expect(textWidth(f5x7, 'e\u0301')).toBe(5);
    expect(textWidth(f5x7, 'a\u200bb\ufeff\ufe0f')).toBe(10);
  });

  it('adds letter spacing after every glyph, and refuses a fractional one', () => {
    expect(textWidth(f5x7, 'abc', { letterSpacing: 1 })).toBe(18);
    expect(textWidth(f5x7, 'abc', { letterSpacing: -1 })).toBe(12);
    expect(() => textWidth(f5x7, 'abc', { letterSpacing: 0.5 })).toThrow(
      "text: 'letterSpacing' must be an integer, received 0.5",
    );
  });
});

describe('drawText', () => {
  it('draws exact pixels in 5x7, top-left of the line box at (x, y), and returns the pen after it', () => {
    const fb = new Framebuffer({ width: 17, height: 9 });
    expect(drawText(fb, f5x7, 'Hi!', 1, 1, 1)).toBe(16);
    // Checked by hand against the BITMAP rows of 'H', 'i' and '!' in fonts/misc-fixed-5x7.bdf.
    expect(picture(fb)).toEqual([
      '.................',
      '.#..#...#....#...',
      '.#..#........#...',
      '.####..##....#...',
      '.#..#...#....#...',
      '.#..#...#........',
      '.#..#..###...#...',
      '.................',
      '.................',
    ]);
  });

  it('places glyph boxes by their BDF offsets from the baseline (y + ascent)', () => {
    const fb = new Framebuffer({ width: 20, height: 6 });
    drawText(fb, tiny, 'AB\u{1f600}', 0, 0, 1);
    // Baseline at y 4: 'A' and 'B' (y offset 0, 4 high) stand on it; U+1F600 (y offset 1) floats a row above.
    expect(picture(fb)).toEqual([
      '.#..##..#.......#...',
      '#.#.#.#.#########...',
      '###.##...#.....#....',
      '#.#.###.............',
      '....................',
      '....................',
    ]);
  });

  it('writes the value given and leaves unset pixels alone', () => {
    const fb = new Framebuffer({ width: 8, height: 7, format: 'rgb565' });
    fb.clear(0x1234);
    const ink = fb.ink('#ff0000');
    drawText(fb, f5x7, 'I', 0, 0, ink);
    const values = new Set(fb.pixels);
    expect([...values].sort()).toEqual([0x1234, ink].sort());
  });

  it('draws only inside the clip, and the same pixels there as without it', () => {
    const whole = new Framebuffer({ width: 17, height: 9 });
    drawText(whole, f5x7, 'Hi!', 1, 1, 1);
    const fb = new Framebuffer({ width: 17, height: 9 });
    fb.pushClip({ x: 3, y: 2, w: 7, h: 3 });
    drawText(fb, f5x7, 'Hi!', 1, 1, 1);
    fb.popClip();
    for (let y = 0; y < 9; y++) {
      for (let x = 0; x < 17; x++) {
        const inside = x >= 3 && x < 10 && y >= 2 && y < 5;
        expect(fb.get(x, y), `(${x}, ${y})`).toBe(inside ? whole.get(x, y) : 0);
      }
    }
  });

  it('clips at the framebuffer edges, including negative positions', () => {
    const fb = new Framebuffer({ width: 6, height: 4 });
    expect(drawText(fb, f5x7, 'Hi', -3, -2, 1)).toBe(7);
    expect(picture(fb)).toEqual(['#..##.', '#...#.', '#...#.', '#..###']);
    expect(() => drawText(fb, f5x7, 'far away', 1000, -1000, 1)).not.toThrow();
    expect(() => drawText(fb, f5x7, 'far away', -1000, 1000, 1)).not.toThrow();
  });

  it('draws the fallback for a missing code point: misc-fixed DEFAULT_CHAR, Spleen a hollow box', () => {
    const a = new Framebuffer({ width: 5, height: 7 });
    const b = new Framebuffer({ width: 5, height: 7 });
    drawText(a, f5x7, '☃', 0, 0, 1);
    drawText(b, f5x7, String.fromCodePoint(f5x7.defaultChar), 0, 0, 1);
    expect(picture(a)).toEqual(picture(b));
    expect(picture(a)).toEqual(['.....', '#.#.#', '.....', '#...#', '.....', '#.#.#', '.....']);

    const fb = new Framebuffer({ width: 8, height: 16 });
    drawText(fb, fonts['8x16'], '\u{1f600}', 0, 0, 1);
    const box = [
      '#######.',
      ...Array(10).fill('#.....#.'),
      '#######.',
      '........',
      '........',
      '........',
      '........',
    ];
    expect(picture(fb)).toEqual(box);
  });

  it('floors fractional positions (an animated offset) to the pixel grid', () => {
    const a = new Framebuffer({ width: 12, height: 8 });
    const b = new Framebuffer({ width: 12, height: 8 });
    expect(drawText(a, f5x7, 'Ab', 1.7, 0.9, 1)).toBe(11);
    drawText(b, f5x7, 'Ab', 1, 0, 1);
    expect(picture(a)).toEqual(picture(b));
    const c = new Framebuffer({ width: 12, height: 8 });
    drawText(c, f5x7, 'Ab', -0.5, 0, 1);
    b.clear();
    drawText(b, f5x7, 'Ab', -1, 0, 1);
    expect(picture(c)).toEqual(picture(b));
  });

  it('draws UTF-8 decoded by TextDecoder; a malformed sequence shows as U+FFFD', () => {
    const bytes = new Uint8Array([0x32, 0x30, 0xc2, 0xb0, 0x43, 0xff]); // '20°C' then a stray byte
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe('20°C\ufffd');
    expect(f5x7.has(0xfffd)).toBe(true);
    expect(textWidth(f5x7, text)).toBe(25);
    const a = new Framebuffer({ width: 5, height: 7 });
    drawText(a, f5x7, text.slice(4), 0, 0, 1);
    // U+FFFD in fonts/misc-fixed-5x7.bdf: 50 A8 E8 D8 F8 D8 70.
    expect(picture(a)).toEqual(['.#.#.', '#.#.#', '###.#', '##.##', '#####', '##.##', '.###.']);
  });

  it('draws a surrogate pair as one glyph', () => {
    const fb = new Framebuffer({ width: 12, height: 5 });
    expect(drawText(fb, tiny, '\u{1f600}', 1, 0, 1)).toBe(11);
    expect(picture(fb).slice(0, 3)).toEqual(['.#.......#..', '.#########..', '..#.....#...']);
  });

  it('writes exactly the reference pixels inside the clip and nothing outside it (property)', () => {
    // The reference: every code point by `for...of`, every glyph pixel by `font.pixel`, a bounds check each.
    const reference = (font: BitmapFont, s: string, x: number, y: number, spacing: number, clip: Rect) => {
      const set = new Set<number>();
      let pen = x;
      for (const ch of s) {
        const g = glyphFor(font, ch.codePointAt(0) as number);
        if (g < 0) continue;
        const h = font.height[g] as number;
        const top = y + font.ascent - (font.yOffset[g] as number) - h;
        for (let row = 0; row < h; row++) {
          for (let col = 0; col < (font.width[g] as number); col++) {
            const px = pen + (font.xOffset[g] as number) + col;
            const py = top + row;
            const inClip = px >= clip.x && px < clip.x + clip.w && py >= clip.y && py < clip.y + clip.h;
            if (font.pixel(g, col, row) && inClip) set.add(py * 32 + px);
          }
        }
        pen += (font.advance[g] as number) + spacing;
      }
      return set;
    };
    const unit = fc.constantFrom('A', 'B', '?', 'g', 'W', ' ', '😀', '\u2588', '\ud800', '\n', 'é', '\u0301');
    fc.assert(
      fc.property(
        fc.constantFrom('5x7', '6x10', '8x16', '16x32', 'tiny'),
        fc.string({ unit, maxLength: 8 }),
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: -40, max: 40 }),
        fc.record({
          x: fc.integer({ min: -5, max: 40 }),
          y: fc.integer({ min: -5, max: 40 }),
          w: fc.integer({ min: -2, max: 40 }),
          h: fc.integer({ min: -2, max: 40 }),
        }),
        fc.integer({ min: -2, max: 3 }),
        (name, s, x, y, clipRect, letterSpacing) => {
          const font = name === 'tiny' ? tiny : fonts[name];
          const fb = new Framebuffer({ width: 32, height: 32 });
          fb.setClip(clipRect);
          const clip = { ...fb.clip };
          const end = drawText(fb, font, s, x, y, 1, { letterSpacing });
          expect(end).toBe(x + textWidth(font, s, { letterSpacing }));
          const want = reference(font, s, x, y, letterSpacing, clip);
          for (let i = 0; i < 32 * 32; i++) {
            if ((fb.pixels[i] === 1) !== want.has(i)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('fitText', () => {
  it('keeps text that fits', () => {
    expect(fitText(f5x7, 'Hello', 25)).toEqual({ text: 'Hello', end: 5, width: 25, truncated: false });
  });

  it('cuts to the longest prefix that fits with the ellipsis, dropping trailing spaces', () => {
    expect(fitText(f5x7, 'Hello world', 40)).toEqual({
      text: 'Hello w…',
      end: 7,
      width: 40,
      truncated: true,
    });
    expect(fitText(f5x7, 'Hello world', 39)).toEqual({ text: 'Hello…', end: 5, width: 30, truncated: true });
    expect(fitText(f5x7, 'Hello world', 15, { ellipsis: '..' })).toEqual({
      text: 'H..',
      end: 1,
      width: 15,
      truncated: true,
    });
    expect(fitText(f5x7, 'Hello world', 14, { ellipsis: '..' }).text).toBe('..');
  });

  it('never splits a surrogate pair', () => {
    expect(fitText(f5x7, '😀😀😀😀', 16)).toEqual({ text: '😀😀…', end: 4, width: 15, truncated: true });
  });

  it("gives '' when not even the ellipsis fits", () => {
    expect(fitText(f5x7, 'Hello', 4)).toEqual({ text: '', end: 0, width: 0, truncated: true });
  });

  it("uses '...' when the font has no '…'", () => {
    expect(tiny.has(0x2026)).toBe(false);
    expect(fitText(tiny, 'ABABAB', 20).text).toBe('AB...');
  });

  it('counts letter spacing like textWidth does', () => {
    const fit = fitText(f5x7, 'abcdefgh', 30, { letterSpacing: 1 });
    expect(fit).toEqual({ text: 'abcd…', end: 4, width: 30, truncated: true });
    expect(textWidth(f5x7, fit.text, { letterSpacing: 1 })).toBe(fit.width);
  });
});
