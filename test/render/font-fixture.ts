/**
 * A hand-made BDF font for the tests, its glyph table worked out by hand in font-bdf.test.ts.
 * Glyphs are out of code point order on purpose, 'A' comes with a blank column and row to crop, the
 * astral glyph is 9 pixels wide (two bytes per row, garbage bits past the width), and one glyph is
 * unencoded.
 */
export const tinyBdf = `STARTFONT 2.1
COMMENT a hand-made font for the tests
FONT -test-tiny
SIZE 4 75 75
FONTBOUNDINGBOX 4 5 0 -1
STARTPROPERTIES 4
FONT_ASCENT 4
FONT_DESCENT 1
DEFAULT_CHAR 63
COPYRIGHT "nobody"
ENDPROPERTIES
CHARS 5
STARTCHAR B
ENCODING 66
SWIDTH 500 0
DWIDTH 4 0
BBX 3 4 0 0
BITMAP
C0
A0
C0
E0
ENDCHAR
STARTCHAR A
ENCODING 65
SWIDTH 500 0
DWIDTH 4 0
BBX 4 5 0 -1
BITMAP
40
A0
E0
A0
00
ENDCHAR
STARTCHAR unencoded
ENCODING -1
DWIDTH 4 0
BBX 1 1 0 0
BITMAP
80
ENDCHAR
STARTCHAR question
ENCODING 63
DWIDTH 4 0
BBX 3 4 0 0
BITMAP
E0
20
40
40
ENDCHAR
STARTCHAR grin
ENCODING 128512
DWIDTH 10 0
BBX 9 3 0 1
BITMAP
8080
FFFF
4100
ENDCHAR
ENDFONT
`;

/** Replace line `n` (1-based) of a BDF text. */
export function withLine(text: string, n: number, line: string): string {
  const lines = text.split('\n');
  lines[n - 1] = line;
  return lines.join('\n');
}

/** Line number (1-based) of the first line of `text` that equals `line`. */
export function lineOf(text: string, line: string): number {
  const i = text.split('\n').indexOf(line);
  if (i < 0) throw new Error(`no line '${line}'`);
  return i + 1;
}
