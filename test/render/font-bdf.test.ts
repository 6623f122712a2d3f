import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BdfError, loadBdfFont, packFont, parseBdf, unpackFont } from '../../src/render/index.js';
import { lineOf, tinyBdf, withLine } from './font-fixture.js';

function errorOf(fn: () => unknown): BdfError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BdfError) return e;
    throw e;
  }
  throw new Error('expected a BdfError');
}

describe('parseBdf', () => {
  const font = parseBdf(tinyBdf);

  it('reads the header: name, ascent, descent, DEFAULT_CHAR, COPYRIGHT', () => {
    expect(font.name).toBe('-test-tiny');
    expect([font.ascent, font.descent, font.lineHeight]).toEqual([4, 1, 5]);
    expect(font.defaultChar).toBe(63);
    expect(font.copyright).toBe('nobody');
  });

  it('builds the glyph table sorted by code point, cropped to ink, with the hollow box last', () => {
    // Worked out by hand from tinyBdf: '?' 65 'A' 66 'B' U+1F600; the unencoded glyph is dropped.
    expect([...font.codepoints]).toEqual([63, 65, 66, 0x1f600]);
    expect(font.glyphCount).toBe(5);
    expect([...font.advance]).toEqual([4, 4, 4, 10, 4]);
    // 'A' was 4x5 at (0, -1) with a blank right column and bottom row: 3x4 at (0, 0).
    expect([...font.width]).toEqual([3, 3, 3, 9, 3]);
    expect([...font.height]).toEqual([4, 4, 4, 3, 4]);
    expect([...font.xOffset]).toEqual([0, 0, 0, 0, 0]);
    expect([...font.yOffset]).toEqual([0, 0, 0, 1, 0]);
    expect([...font.bitmapOffset]).toEqual([0, 4, 8, 12, 18]);
    expect([...font.bits]).toEqual([
      0xe0,
      0x20,
      0x40,
      0x40, // '?'
      0x40,
      0xa0,
      0xe0,
      0xa0, // 'A'
      0xc0,
      0xa0,
      0xc0,
      0xe0, // 'B'
      0x80,
      0x80,
      0xff,
      0x80,
      0x41,
      0x00, // U+1F600, 2 bytes a row, bits past width 9 cleared
      0xe0,
      0xa0,
      0xa0,
      0xe0, // the hollow box: 3 wide (advance 4 - 1), ascent 4 high
    ]);
    expect(font.bytesPerRow(3)).toBe(2);
    expect(font.pixel(3, 8, 0)).toBe(true);
    expect(font.pixel(3, 7, 0)).toBe(false);
  });

  it('looks code points up, and falls back to DEFAULT_CHAR when it has ink', () => {
    expect([font.glyphIndex(65), font.glyphIndex(0x1f600), font.glyphIndex(67), font.glyphIndex(-1)]).toEqual(
      [1, 3, -1, -1],
    );
    expect(font.has(66)).toBe(true);
    expect(font.fallback).toBe(0);
    // Without DEFAULT_CHAR the fallback is the hollow box.
    const noDefault = parseBdf(
      tinyBdf.replace('STARTPROPERTIES 4', 'STARTPROPERTIES 3').replace('DEFAULT_CHAR 63\n', ''),
    );
    expect(noDefault.fallback).toBe(noDefault.glyphCount - 1);
  });

  it('takes ascent and descent from FONTBOUNDINGBOX when the properties are absent', () => {
    const text = tinyBdf
      .replace('STARTPROPERTIES 4', 'STARTPROPERTIES 2')
      .replace('FONT_ASCENT 4\n', '')
      .replace('FONT_DESCENT 1\n', '')
      .replace('FONTBOUNDINGBOX 4 5 0 -1', 'FONTBOUNDINGBOX 4 6 0 -2');
    const f = parseBdf(text);
    expect([f.ascent, f.descent]).toEqual([4, 2]);
  });

  it('uses a font-wide DWIDTH for glyphs without their own, and the name option over FONT', () => {
    const text = tinyBdf.replace('SIZE 4 75 75', 'SIZE 4 75 75\nDWIDTH 7 0').replace(/DWIDTH 4 0\n/g, '');
    const f = parseBdf(text, { name: 'tiny' });
    expect(f.name).toBe('tiny');
    expect([...f.advance]).toEqual([7, 7, 7, 10, 4]);
  });

  it('accepts CRLF line ends and comments between lines', () => {
    const f = parseBdf(
      tinyBdf.replace('BITMAP\n40', 'BITMAP\nCOMMENT the top row\n40').replace(/\n/g, '\r\n'),
    );
    expect([...f.bits]).toEqual([...font.bits]);
  });

  it('unpacks with atob where there is no Buffer (browsers) to the same table', () => {
    const packed = packFont(font);
    const g = globalThis as { Buffer?: unknown };
    const saved = g.Buffer;
    let back: ReturnType<typeof unpackFont>;
    try {
      g.Buffer = undefined;
      back = unpackFont(packed);
    } finally {
      g.Buffer = saved;
    }
    expect([...back.bits]).toEqual([...font.bits]);
    expect([...back.codepoints]).toEqual([...font.codepoints]);
  });

  it('round-trips through the packed form', () => {
    const back = unpackFont(packFont(font));
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
      expect([...back[key]], key).toEqual([...font[key]]);
    }
    expect([back.name, back.ascent, back.descent, back.defaultChar, back.fallback]).toEqual([
      font.name,
      font.ascent,
      font.descent,
      font.defaultChar,
      font.fallback,
    ]);
    expect(() => unpackFont({ ...packFont(font), data: 'AAAA' })).toThrow(/5 glyphs need at least \d+ bytes/);
    expect(() => unpackFont({ ...packFont(font), data: 'AA*A' })).toThrow(
      "unpackFont '-test-tiny': 'data' is not base64 (4 characters)",
    );
  });
});

describe('parseBdf errors', () => {
  it('names the line and what was expected', () => {
    const bbx = lineOf(tinyBdf, 'BBX 3 4 0 0');
    const e = errorOf(() => parseBdf(withLine(tinyBdf, bbx, 'BBX 3 x 0 0')));
    expect(e.line).toBe(bbx);
    expect(e.message).toBe(
      `BDF:${bbx}: expected the glyph height (an integer from 0 to 256) in 'BBX 3 x 0 0', received 'x'`,
    );
    expect(e.source).toBe('BDF');
    expect(e.name).toBe('BdfError');
  });

  it('puts the source name in front of the line', () => {
    expect(() => parseBdf('hello', { source: 'mine.bdf' })).toThrow(
      "mine.bdf:1: expected 'STARTFONT 2.1', received 'hello'",
    );
    expect(() => parseBdf('')).toThrow("BDF:1: expected 'STARTFONT 2.1', received the end of the file");
  });

  it('refuses bitmap rows that are short or not hex, naming the row', () => {
    const row = lineOf(tinyBdf, 'FFFF');
    expect(() => parseBdf(withLine(tinyBdf, row, 'FF'))).toThrow(
      `BDF:${row}: expected bitmap row 2 of 3: at least 4 hex digits (BBX width 9), received 'FF'`,
    );
    expect(() => parseBdf(withLine(tinyBdf, row, 'FFZZ'))).toThrow(`BDF:${row}: expected bitmap row 2 of 3`);
    expect(() => parseBdf(withLine(tinyBdf, row, 'ENDCHAR'))).toThrow(
      `BDF:${row}: expected bitmap row 2 of 3`,
    );
  });

  it('refuses absurd sizes: glyphs over 256x256, more than 65536 glyphs, huge advances', () => {
    const bbx = lineOf(tinyBdf, 'BBX 3 4 0 0');
    expect(() => parseBdf(withLine(tinyBdf, bbx, 'BBX 300 4 0 0'))).toThrow(
      `BDF:${bbx}: expected the glyph width (an integer from 0 to 256) in 'BBX 300 4 0 0', received '300'`,
    );
    const chars = lineOf(tinyBdf, 'CHARS 5');
    expect(() => parseBdf(withLine(tinyBdf, chars, 'CHARS 65537'))).toThrow(
      `BDF:${chars}: expected the glyph count (an integer from 0 to 65536)`,
    );
    const dwidth = lineOf(tinyBdf, 'DWIDTH 10 0');
    expect(() => parseBdf(withLine(tinyBdf, dwidth, 'DWIDTH 5000 0'))).toThrow(
      `BDF:${dwidth}: expected the advance (an integer from 0 to 1024)`,
    );
    expect(() => parseBdf(tinyBdf.replace('ENCODING 66', 'ENCODING 1114112'))).toThrow(
      /expected the encoding \(an integer from -1 to 1114111\)/,
    );
  });

  it('refuses a code point defined twice, naming both glyphs', () => {
    const a = lineOf(tinyBdf, 'STARTCHAR A');
    const b = lineOf(tinyBdf, 'STARTCHAR B');
    expect(() => parseBdf(tinyBdf.replace('ENCODING 65', 'ENCODING 66'))).toThrow(
      `BDF:${a}: encoding 66 was already defined by the glyph at line ${b}`,
    );
  });

  it('refuses a glyph count that disagrees with CHARS', () => {
    const end = lineOf(tinyBdf, 'ENDFONT');
    expect(() => parseBdf(tinyBdf.replace('CHARS 5', 'CHARS 6'))).toThrow(
      `BDF:${end}: expected 6 glyphs ('CHARS 6'), found 5`,
    );
    expect(() => parseBdf(tinyBdf.replace('CHARS 5', 'CHARS 4'))).toThrow(
      `expected 'ENDFONT': 'CHARS 4' declared fewer glyphs than follow`,
    );
  });

  it('refuses missing parts: FONTBOUNDINGBOX, CHARS, ENCODING, BBX, DWIDTH, ENDCHAR, ENDFONT', () => {
    expect(() => parseBdf(tinyBdf.replace('FONTBOUNDINGBOX 4 5 0 -1\n', ''))).toThrow(
      "expected 'FONTBOUNDINGBOX <w> <h> <x> <y>' before 'CHARS'",
    );
    expect(() => parseBdf(tinyBdf.replace('CHARS 5\n', ''))).toThrow(
      "expected 'CHARS <count>' before 'STARTCHAR'",
    );
    const b = lineOf(tinyBdf, 'STARTCHAR B');
    expect(() => parseBdf(tinyBdf.replace('ENCODING 66\n', ''))).toThrow(
      `expected 'ENCODING <code point>' in the glyph opened at line ${b}`,
    );
    expect(() => parseBdf(tinyBdf.replace('BBX 3 4 0 0\n', ''))).toThrow(
      "expected 'BBX <w> <h> <x> <y>' before 'BITMAP'",
    );
    expect(() => parseBdf(tinyBdf.replace('DWIDTH 10 0\n', ''))).toThrow("expected 'DWIDTH <advance> 0'");
    expect(() => parseBdf(tinyBdf.replace('ENDFONT\n', ''))).toThrow(
      "expected 'ENDFONT' before the end of the file",
    );
    const last = tinyBdf.lastIndexOf('ENDCHAR');
    expect(() => parseBdf(tinyBdf.slice(0, last))).toThrow(
      /expected 'ENDCHAR' for the glyph opened at line \d+/,
    );
    expect(() => parseBdf(tinyBdf.replace('ENDPROPERTIES\n', ''))).toThrow(
      "expected 'ENDPROPERTIES' after 4 properties (line 6), received 'CHARS'",
    );
  });
});

describe('loadBdfFont', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinydisplay-bdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads a user's BDF file at run time, naming the file in errors", async () => {
    const path = join(dir, 'tiny.bdf');
    writeFileSync(path, tinyBdf);
    const font = await loadBdfFont(path, { name: 'tiny' });
    expect(font.name).toBe('tiny');
    expect([...font.codepoints]).toEqual([63, 65, 66, 0x1f600]);
    const bad = join(dir, 'bad.bdf');
    writeFileSync(bad, tinyBdf.replace('CHARS 5', 'CHARS x'));
    await expect(loadBdfFont(bad)).rejects.toThrow(
      `${bad}:${lineOf(tinyBdf, 'CHARS 5')}: expected the glyph count`,
    );
    await expect(loadBdfFont(join(dir, 'missing.bdf'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a file over 32 MiB before reading it', async () => {
    const path = join(dir, 'huge.bdf');
    writeFileSync(path, '');
    truncateSync(path, 33 * 1024 * 1024);
    await expect(loadBdfFont(path)).rejects.toThrow(
      /is 34603008 bytes; a BDF font may have at most 33554432/,
    );
  });
});
