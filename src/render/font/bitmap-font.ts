/**
 * A bitmap font as a compact glyph table: every glyph's bits in one `Uint8Array`, every metric in a
 * typed array indexed by glyph, code points in a sorted `Uint32Array` searched by bisection (with a
 * direct table for U+0000..U+00FF, where nearly all text on small panels lives).
 *
 * Coordinates follow BDF: a glyph's box (cropped to its ink when read from BDF) is `width` x `height`
 * pixels whose lower-left corner sits at (`xOffset`, `yOffset`) from the origin on the baseline, y
 * pointing up; the pen then moves right by `advance`. Bits are stored row by row from the top,
 * `bytesPerRow = ceil(width / 8)` bytes per row, the leftmost pixel in the most significant bit, bits
 * past `width` zero.
 *
 * Every table holds one glyph more than it has code points: the last one, a hollow box the size of the
 * font's ascent, drawn for code points the font lacks when the font has no usable `DEFAULT_CHAR`.
 */

/** The arrays of a glyph table, as the BDF parser and the packed form produce them. */
export interface GlyphTable {
  /** Glyph count including the trailing hollow box (one more than `codepoints.length`). */
  readonly glyphCount: number;
  /** Code point of each glyph but the last, strictly increasing. */
  readonly codepoints: Uint32Array;
  /** Pen advance in pixels (BDF `DWIDTH`). */
  readonly advance: Uint16Array;
  /** Box width and height in pixels (BDF `BBX`, cropped to the glyph's ink by the parser). */
  readonly width: Uint16Array;
  readonly height: Uint16Array;
  /** Box offset from the pen position on the baseline, y up (BDF `BBX`). */
  readonly xOffset: Int16Array;
  readonly yOffset: Int16Array;
  /** Where each glyph's rows start in `bits`. */
  readonly bitmapOffset: Uint32Array;
  readonly bits: Uint8Array;
}

/** What a font says about itself beyond its glyphs. */
export interface FontInfo {
  /** The name it is known by (`'6x10'` for a bundled font; the BDF `FONT` or the file for others). */
  readonly name: string;
  /** Pixels from the top of a line to the baseline (BDF `FONT_ASCENT`). */
  readonly ascent: number;
  /** Pixels from the baseline to the bottom of a line (BDF `FONT_DESCENT`). */
  readonly descent: number;
  /** The code point the font names for missing characters (BDF `DEFAULT_CHAR`), or -1. */
  readonly defaultChar: number;
  /** The font's `COPYRIGHT` property, or `''`. */
  readonly copyright: string;
}

const notFound = -1;

/**
 * A bitmap font: glyphs by code point with their advance, box and bits, ascent and descent in
 * pixels; `getFont` gives a bundled one, `loadBdf` reads your own.
 */
export class BitmapFont implements GlyphTable, FontInfo {
  readonly name: string;
  readonly ascent: number;
  readonly descent: number;
  /** `ascent + descent`: the height of one line of text. */
  readonly lineHeight: number;
  readonly defaultChar: number;
  readonly copyright: string;
  readonly glyphCount: number;
  readonly codepoints: Uint32Array;
  readonly advance: Uint16Array;
  readonly width: Uint16Array;
  readonly height: Uint16Array;
  readonly xOffset: Int16Array;
  readonly yOffset: Int16Array;
  readonly bitmapOffset: Uint32Array;
  readonly bits: Uint8Array;
  /** The glyph drawn for a code point the font lacks: `DEFAULT_CHAR` if it has ink, else the hollow box. */
  readonly fallback: number;
  /** The smallest `xOffset` of any glyph (how far left of the pen a glyph may reach), at most 0. */
  readonly minXOffset: number;
  /** Glyph index of U+0000..U+00FF, -1 where the font has none. */
  private readonly latin1: Int32Array;

  constructor(info: FontInfo, table: GlyphTable) {
    checkTable(info.name, table);
    this.name = info.name;
    this.ascent = info.ascent;
    this.descent = info.descent;
    this.lineHeight = info.ascent + info.descent;
    this.defaultChar = info.defaultChar;
    this.copyright = info.copyright;
    this.glyphCount = table.glyphCount;
    this.codepoints = table.codepoints;
    this.advance = table.advance;
    this.width = table.width;
    this.height = table.height;
    this.xOffset = table.xOffset;
    this.yOffset = table.yOffset;
    this.bitmapOffset = table.bitmapOffset;
    this.bits = table.bits;
    this.latin1 = new Int32Array(256).fill(notFound);
    const cps = this.codepoints;
    for (let i = 0; i < cps.length && (cps[i] as number) < 256; i++) this.latin1[cps[i] as number] = i;
    const def = info.defaultChar >= 0 ? this.glyphIndex(info.defaultChar) : notFound;
    this.fallback = def >= 0 && this.hasInk(def) ? def : this.glyphCount - 1;
    let minX = 0;
    for (let g = 0; g < this.glyphCount; g++) minX = Math.min(minX, this.xOffset[g] as number);
    this.minXOffset = minX;
  }

  /** The glyph index of a code point, or -1 when the font has no glyph for it. */
  glyphIndex(codepoint: number): number {
    if (codepoint < 256) return codepoint >= 0 ? (this.latin1[codepoint] as number) : notFound;
    const cps = this.codepoints;
    let lo = 0;
    let hi = cps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = cps[mid] as number;
      if (c < codepoint) lo = mid + 1;
      else if (c > codepoint) hi = mid - 1;
      else return mid;
    }
    return notFound;
  }

  /** Whether the font has a glyph of its own for a code point. */
  has(codepoint: number): boolean {
    return this.glyphIndex(codepoint) >= 0;
  }

  /** Bytes per row of a glyph's bitmap. */
  bytesPerRow(glyph: number): number {
    return ((this.width[glyph] as number) + 7) >>> 3;
  }

  /** Whether pixel (col, row) of a glyph's box (row 0 at the top) is set. */
  pixel(glyph: number, col: number, row: number): boolean {
    const w = this.width[glyph] as number;
    if (col < 0 || row < 0 || col >= w || row >= (this.height[glyph] as number)) return false;
    const byte = this.bits[
      (this.bitmapOffset[glyph] as number) + row * ((w + 7) >>> 3) + (col >>> 3)
    ] as number;
    return (byte & (0x80 >>> (col & 7))) !== 0;
  }

  private hasInk(glyph: number): boolean {
    const start = this.bitmapOffset[glyph] as number;
    const end = start + this.bytesPerRow(glyph) * (this.height[glyph] as number);
    for (let i = start; i < end; i++) if (this.bits[i] !== 0) return true;
    return false;
  }
}

/**
 * The hollow box drawn for missing code points: `advance - 1` pixels wide (a column of space after it),
 * `ascent` pixels high, standing on the baseline. Appended by the parser as the table's last glyph.
 */
export function hollowBox(advance: number, ascent: number): { w: number; h: number; rows: Uint8Array } {
  const w = Math.max(1, Math.min(256, advance - 1));
  const h = Math.max(1, Math.min(256, ascent));
  const bpr = (w + 7) >>> 3;
  const rows = new Uint8Array(bpr * h);
  const set = (col: number, row: number) => {
    const i = row * bpr + (col >>> 3);
    rows[i] = (rows[i] as number) | (0x80 >>> (col & 7));
  };
  for (let col = 0; col < w; col++) {
    set(col, 0);
    set(col, h - 1);
  }
  for (let row = 0; row < h; row++) {
    set(0, row);
    set(w - 1, row);
  }
  return { w, h, rows };
}

function checkTable(name: string, t: GlyphTable): void {
  const n = t.glyphCount;
  const fail = (what: string) => {
    throw new RangeError(`BitmapFont '${name}': ${what}`);
  };
  if (!Number.isInteger(n) || n < 1) fail(`glyphCount must be at least 1, received ${String(n)}`);
  if (t.codepoints.length !== n - 1) {
    fail(`expected ${n - 1} code points (glyphCount - 1), received ${t.codepoints.length}`);
  }
  for (const [key, arr] of [
    ['advance', t.advance],
    ['width', t.width],
    ['height', t.height],
    ['xOffset', t.xOffset],
    ['yOffset', t.yOffset],
    ['bitmapOffset', t.bitmapOffset],
  ] as const) {
    if (arr.length !== n) fail(`expected ${n} entries in '${key}', received ${arr.length}`);
  }
  for (let i = 1; i < t.codepoints.length; i++) {
    if ((t.codepoints[i] as number) <= (t.codepoints[i - 1] as number)) {
      fail(
        `code points must be strictly increasing, received ${t.codepoints[i - 1]} then ${t.codepoints[i]}`,
      );
    }
  }
  for (let g = 0; g < n; g++) {
    const end =
      (t.bitmapOffset[g] as number) + (((t.width[g] as number) + 7) >>> 3) * (t.height[g] as number);
    if (end > t.bits.length)
      fail(`glyph ${g}'s bitmap ends at ${end}, past the ${t.bits.length} bytes of bits`);
  }
}
