import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type BundledFontName,
  bundledFontNames,
  fonts,
  getFont,
  isBundledFontName,
  parseBdf,
} from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const expected: Record<BundledFontName, { file: string; advance: number; ascent: number; descent: number }> =
  {
    '5x7': { file: 'misc-fixed-5x7', advance: 5, ascent: 6, descent: 1 },
    '6x10': { file: 'misc-fixed-6x10', advance: 6, ascent: 8, descent: 2 },
    '8x16': { file: 'spleen-8x16', advance: 8, ascent: 12, descent: 4 },
    '16x32': { file: 'spleen-16x32', advance: 16, ascent: 26, descent: 6 },
  };

describe('bundled fonts', () => {
  it('are the four the docs name, smallest first', () => {
    expect(bundledFontNames).toEqual(['5x7', '6x10', '8x16', '16x32']);
  });

  for (const name of bundledFontNames) {
    const want = expected[name];

    it(`${name}: monospaced, ascent ${want.ascent}, descent ${want.descent}, every printable ASCII character`, () => {
      const font = getFont(name);
      expect(font.name).toBe(name);
      expect([font.ascent, font.descent, font.lineHeight]).toEqual([
        want.ascent,
        want.descent,
        want.ascent + want.descent,
      ]);
      for (let cp = 0x20; cp <= 0x7e; cp++) expect(font.has(cp), `U+${cp.toString(16)}`).toBe(true);
      for (let g = 0; g < font.glyphCount; g++) expect(font.advance[g]).toBe(want.advance);
      // Every glyph's ink stays inside the line box.
      for (let g = 0; g < font.glyphCount - 1; g++) {
        const top = (font.yOffset[g] as number) + (font.height[g] as number);
        if (font.height[g] === 0) continue;
        expect(top, `glyph ${g}`).toBeLessThanOrEqual(font.ascent);
        expect(font.yOffset[g] as number, `glyph ${g}`).toBeGreaterThanOrEqual(-font.descent);
      }
      expect(font.has(0xb0)).toBe(true); // degree sign, for temperatures
      expect(font.has(0x2588)).toBe(true); // full block
    });

    it(`${name}: the generated module holds exactly the glyphs of fonts/${want.file}.bdf`, () => {
      const source = readFileSync(join(root, 'fonts', `${want.file}.bdf`), 'latin1');
      const parsed = parseBdf(source, { name });
      const font = getFont(name);
      for (const key of [
        'codepoints',
        'advance',
        'width',
        'height',
        'xOffset',
        'yOffset',
        'bitmapOffset',
        'bits',
      ] as const) {
        expect(
          Buffer.from(font[key].buffer, font[key].byteOffset, font[key].byteLength).equals(
            Buffer.from(parsed[key].buffer, parsed[key].byteOffset, parsed[key].byteLength),
          ),
          `${key} differs: run \`npm run fonts\``,
        ).toBe(true);
      }
      expect([font.defaultChar, font.fallback, font.copyright]).toEqual([
        parsed.defaultChar,
        parsed.fallback,
        parsed.copyright,
      ]);
    });
  }

  it('decode once: fonts[name] and getFont(name) are the same object every time', () => {
    expect(fonts['6x10']).toBe(getFont('6x10'));
    expect(getFont('6x10')).toBe(getFont('6x10'));
    expect(Object.keys(fonts)).toEqual(['5x7', '6x10', '8x16', '16x32']);
  });

  it('refuses an unknown name, listing the valid ones', () => {
    // @ts-expect-error not a bundled font
    expect(() => getFont('7x13')).toThrow(
      "getFont: expected one of '5x7', '6x10', '8x16', '16x32', received \"7x13\"",
    );
    // @ts-expect-error not a bundled font
    expect(() => getFont('toString')).toThrow(/received "toString"/);
    expect(['6x10', '7x13', 'toString', '__proto__'].map(isBundledFontName)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('falls back to the dotted DEFAULT_CHAR in misc-fixed and to a hollow box in Spleen (whose DEFAULT_CHAR is blank)', () => {
    const fixed = getFont('5x7');
    expect(fixed.defaultChar).toBe(0);
    expect(fixed.fallback).toBe(fixed.glyphIndex(0));
    const spleen = getFont('8x16');
    expect(spleen.defaultChar).toBe(32);
    expect(spleen.fallback).toBe(spleen.glyphCount - 1);
  });
});
