/**
 * Our own reader of BDF (Glyph Bitmap Distribution Format 2.1), the text form X11 bitmap fonts come
 * in. It reads what drawing needs and skips the rest (SWIDTH, SIZE, other properties):
 *
 * - header: `STARTFONT`, `FONT`, `FONTBOUNDINGBOX`, the properties `FONT_ASCENT`, `FONT_DESCENT`,
 *   `DEFAULT_CHAR`, `COPYRIGHT`, a font-wide `DWIDTH`, then `CHARS n`;
 * - each glyph: `STARTCHAR`, `ENCODING` (a negative encoding marks a glyph without a code point; it is
 *   skipped), `DWIDTH`, `BBX`, `BITMAP` and one hex row per pixel row, `ENDCHAR`; then `ENDFONT`.
 *
 * A file that breaks the format throws a `BdfError` naming the line, what was expected and what was
 * found. Each glyph's box is cropped to its ink as it is read (the advance stays), so drawing never walks
 * blank rows. Sizes are bounded so a hostile or broken file cannot ask for gigabytes: at most 65536 glyphs,
 * glyph boxes at most 256 x 256, advances and font metrics at most 1024, 16 MiB of glyph bits.
 */
import { readFile, stat } from 'node:fs/promises';
import { BitmapFont, type GlyphTable, hollowBox } from './bitmap-font.js';

/** Limits on what a BDF file may ask for. */
export const bdfLimits = {
  maxGlyphs: 65536,
  maxGlyphSide: 256,
  maxAdvance: 1024,
  maxMetric: 1024,
  maxBitmapBytes: 16 * 1024 * 1024,
  maxFileBytes: 32 * 1024 * 1024,
} as const;

/** A BDF file that breaks the format; `line` is 1-based. */
export class BdfError extends Error {
  readonly line: number;
  readonly source: string;
  constructor(source: string, line: number, message: string) {
    super(`${source}:${line}: ${message}`);
    this.name = 'BdfError';
    this.line = line;
    this.source = source;
  }
}

/**
 * Options of `parseBdf`: the font's name (default its `FONT` line) and where the text came from,
 * for error messages.
 */
export interface ParseBdfOptions {
  /** The name the font goes by; default the BDF `FONT` line, else `source`. */
  readonly name?: string;
  /** Where the text came from, for error messages; default `'BDF'`. */
  readonly source?: string;
}

/** Read a BDF font from its text. Throws `BdfError` naming the line of the first problem. */
export function parseBdf(text: string, options: ParseBdfOptions = {}): BitmapFont {
  return new BdfReader(text, options.source ?? 'BDF').read(options.name);
}

/** Read a BDF font file (at most 32 MiB). The file's path names it in errors. */
export async function loadBdfFont(
  path: string,
  options: Omit<ParseBdfOptions, 'source'> = {},
): Promise<BitmapFont> {
  const info = await stat(path);
  if (info.size > bdfLimits.maxFileBytes) {
    throw new RangeError(
      `loadBdfFont: '${path}' is ${info.size} bytes; a BDF font may have at most ${bdfLimits.maxFileBytes}`,
    );
  }
  const text = await readFile(path, 'latin1');
  return parseBdf(text, { ...options, source: path });
}

const hexRow = /^[0-9A-Fa-f]*$/;

class BdfReader {
  private readonly lines: string[];
  private readonly source: string;
  private index = 0;
  /** 1-based number of the line last taken by `next`. */
  private lineNo = 0;

  constructor(text: string, source: string) {
    this.lines = text.split(/\r?\n/);
    this.source = source;
  }

  private fail(message: string, line = this.lineNo): never {
    throw new BdfError(this.source, line, message);
  }

  /** The next line that is neither blank nor a COMMENT, split into words; null at the end. */
  private next(): string[] | null {
    while (this.index < this.lines.length) {
      const raw = (this.lines[this.index++] as string).trim();
      this.lineNo = this.index;
      if (raw === '' || raw === 'COMMENT' || raw.startsWith('COMMENT ')) continue;
      return raw.split(/\s+/);
    }
    this.lineNo = this.lines.length;
    return null;
  }

  private int(words: string[], i: number, what: string, min: number, max: number): number {
    const w = words[i];
    const v = w !== undefined && /^[+-]?\d+$/.test(w) ? Number(w) : Number.NaN;
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      this.fail(
        `expected ${what} (an integer from ${min} to ${max}) in '${words.join(' ')}', received ${w === undefined ? 'nothing' : `'${w}'`}`,
      );
    }
    return v;
  }

  read(name: string | undefined): BitmapFont {
    const L = bdfLimits;
    const first = this.next();
    if (first === null || first[0] !== 'STARTFONT') {
      this.fail(
        `expected 'STARTFONT 2.1', received ${first === null ? 'the end of the file' : `'${first.join(' ')}'`}`,
      );
    }
    let fontName = '';
    let bbox: number[] | null = null;
    let ascent = Number.NaN;
    let descent = Number.NaN;
    let defaultChar = -1;
    let copyright = '';
    let fontDwidth = -1;
    let declared = -1;

    // Header, up to CHARS.
    while (declared < 0) {
      const words = this.next();
      if (words === null) this.fail(`expected 'CHARS <count>' before the end of the file`);
      const key = words[0];
      switch (key) {
        case 'FONT':
          fontName = words.slice(1).join(' ');
          break;
        case 'FONTBOUNDINGBOX':
          bbox = [
            this.int(words, 1, 'the bounding box width', 0, L.maxGlyphSide),
            this.int(words, 2, 'the bounding box height', 0, L.maxGlyphSide),
            this.int(words, 3, 'the bounding box x offset', -L.maxMetric, L.maxMetric),
            this.int(words, 4, 'the bounding box y offset', -L.maxMetric, L.maxMetric),
          ];
          break;
        case 'DWIDTH':
          fontDwidth = this.int(words, 1, 'the advance', 0, L.maxAdvance);
          break;
        case 'STARTPROPERTIES': {
          const count = this.int(words, 1, 'the property count', 0, 100_000);
          const startLine = this.lineNo;
          let seen = 0;
          for (;;) {
            const p = this.next();
            if (p === null)
              this.fail(`expected 'ENDPROPERTIES' for the properties opened at line ${startLine}`);
            if (p[0] === 'ENDPROPERTIES') break;
            if (++seen > count) {
              this.fail(
                `expected 'ENDPROPERTIES' after ${count} properties (line ${startLine}), received '${p[0]}'`,
              );
            }
            if (p[0] === 'FONT_ASCENT') ascent = this.int(p, 1, 'FONT_ASCENT', 0, L.maxMetric);
            else if (p[0] === 'FONT_DESCENT')
              descent = this.int(p, 1, 'FONT_DESCENT', -L.maxMetric, L.maxMetric);
            else if (p[0] === 'DEFAULT_CHAR') defaultChar = this.int(p, 1, 'DEFAULT_CHAR', 0, 0x10ffff);
            else if (p[0] === 'COPYRIGHT') copyright = unquote(p.slice(1).join(' '));
          }
          break;
        }
        case 'CHARS':
          if (bbox === null) this.fail(`expected 'FONTBOUNDINGBOX <w> <h> <x> <y>' before 'CHARS'`);
          declared = this.int(words, 1, 'the glyph count', 0, L.maxGlyphs);
          break;
        case 'STARTCHAR':
        case 'ENDFONT':
          this.fail(`expected 'CHARS <count>' before '${key}'`);
          break;
        default:
          // SIZE, SWIDTH, METRICSSET, CONTENTVERSION...: not needed to draw.
          break;
      }
    }
    const box = bbox as number[];
    const [boxW, boxH, , boxY] = box as [number, number, number, number];
    if (Number.isNaN(ascent)) ascent = Math.max(0, boxH + boxY);
    if (Number.isNaN(descent)) descent = Math.max(0, -boxY);
    if (ascent + descent < 1)
      this.fail(`expected FONT_ASCENT + FONT_DESCENT of at least 1, received ${ascent} + ${descent}`);

    // Glyphs, up to ENDFONT, in file order.
    const cps: number[] = [];
    const lineOf = new Map<number, number>();
    const metrics: number[] = []; // advance, w, h, xoff, yoff, bit offset: 6 per glyph
    let bits = new Uint8Array(4096);
    let bitsUsed = 0;
    let glyphsSeen = 0;
    for (;;) {
      const words = this.next();
      if (words === null) this.fail(`expected 'ENDFONT' before the end of the file`);
      if (words[0] === 'ENDFONT') break;
      if (words[0] !== 'STARTCHAR')
        this.fail(`expected 'STARTCHAR' or 'ENDFONT', received '${words.join(' ')}'`);
      const startLine = this.lineNo;
      if (++glyphsSeen > declared)
        this.fail(`expected 'ENDFONT': 'CHARS ${declared}' declared fewer glyphs than follow`);
      let encoding = Number.NaN;
      let advance = fontDwidth;
      let bbx: number[] | null = null;
      let glyphBits = -1;
      for (;;) {
        const g = this.next();
        if (g === null) this.fail(`expected 'ENDCHAR' for the glyph opened at line ${startLine}`);
        const key = g[0];
        if (key === 'ENDCHAR') break;
        if (key === 'ENCODING') encoding = this.int(g, 1, 'the encoding', -1, 0x10ffff);
        else if (key === 'DWIDTH') advance = this.int(g, 1, 'the advance', 0, L.maxAdvance);
        else if (key === 'BBX') {
          bbx = [
            this.int(g, 1, 'the glyph width', 0, L.maxGlyphSide),
            this.int(g, 2, 'the glyph height', 0, L.maxGlyphSide),
            this.int(g, 3, 'the glyph x offset', -L.maxMetric, L.maxMetric),
            this.int(g, 4, 'the glyph y offset', -L.maxMetric, L.maxMetric),
          ];
        } else if (key === 'BITMAP') {
          if (bbx === null) this.fail(`expected 'BBX <w> <h> <x> <y>' before 'BITMAP'`);
          const [w, h] = bbx as [number, number];
          const bpr = (w + 7) >>> 3;
          const need = bpr * h;
          if (bitsUsed + need > L.maxBitmapBytes) {
            this.fail(`glyph bitmaps exceed ${L.maxBitmapBytes} bytes; a BDF font may hold no more`);
          }
          if (bitsUsed + need > bits.length) {
            const grown = new Uint8Array(Math.max(bits.length * 2, bitsUsed + need));
            grown.set(bits.subarray(0, bitsUsed));
            bits = grown;
          }
          glyphBits = bitsUsed;
          const lastMask = w & 7 ? (0xff << (8 - (w & 7))) & 0xff : 0xff;
          for (let row = 0; row < h; row++) {
            const r = this.next();
            const hex = r === null || r.length !== 1 ? null : (r[0] as string);
            if (hex === null || !hexRow.test(hex) || hex.length < bpr * 2) {
              this.fail(
                `expected bitmap row ${row + 1} of ${h}: at least ${bpr * 2} hex digits (BBX width ${w}), received ${r === null ? 'the end of the file' : `'${r.join(' ')}'`}`,
              );
            }
            for (let b = 0; b < bpr; b++) {
              let v = Number.parseInt(hex.slice(b * 2, b * 2 + 2), 16);
              if (b === bpr - 1) v &= lastMask;
              bits[bitsUsed++] = v;
            }
          }
        }
        // SWIDTH, VVECTOR...: not needed to draw.
      }
      if (Number.isNaN(encoding))
        this.fail(`expected 'ENCODING <code point>' in the glyph opened at line ${startLine}`);
      if (bbx === null || glyphBits < 0) {
        this.fail(`expected 'BBX' and 'BITMAP' in the glyph opened at line ${startLine}`);
      }
      if (advance < 0) this.fail(`expected 'DWIDTH <advance> 0' in the glyph opened at line ${startLine}`);
      if (encoding < 0) continue; // an unencoded glyph: no code point reaches it
      const before = lineOf.get(encoding);
      if (before !== undefined) {
        this.fail(`encoding ${encoding} was already defined by the glyph at line ${before}`, startLine);
      }
      lineOf.set(encoding, startLine);
      cps.push(encoding);
      const [w, h, xo, yo] = bbx as [number, number, number, number];
      metrics.push(advance, w, h, xo, yo, glyphBits);
    }
    if (glyphsSeen !== declared) {
      this.fail(`expected ${declared} glyphs ('CHARS ${declared}'), found ${glyphsSeen}`);
    }

    const table = buildTable(cps, metrics, bits.subarray(0, bitsUsed), Math.max(2, boxW), ascent);
    return new BitmapFont(
      { name: name ?? (fontName || this.source), ascent, descent, defaultChar, copyright },
      table,
    );
  }
}

/** Sort glyphs by code point, copy their bits in that order cropped to their ink, append the hollow box. */
function buildTable(
  cps: number[],
  metrics: number[],
  fileBits: Uint8Array,
  boxAdvance: number,
  ascent: number,
): GlyphTable {
  const n = cps.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (cps[a] as number) - (cps[b] as number),
  );
  const box = hollowBox(boxAdvance, ascent);
  const glyphCount = n + 1;
  const codepoints = new Uint32Array(n);
  const advance = new Uint16Array(glyphCount);
  const width = new Uint16Array(glyphCount);
  const height = new Uint16Array(glyphCount);
  const xOffset = new Int16Array(glyphCount);
  const yOffset = new Int16Array(glyphCount);
  const bitmapOffset = new Uint32Array(glyphCount);
  let total = box.rows.length;
  for (let i = 0; i < n; i++)
    total += (((metrics[i * 6 + 1] as number) + 7) >>> 3) * (metrics[i * 6 + 2] as number);
  // Cropping only shrinks glyphs, so the uncropped total is enough; the tail is cut off below.
  const bits = new Uint8Array(total);
  let o = 0;
  for (let g = 0; g < n; g++) {
    const src = order[g] as number;
    const m = src * 6;
    const w = metrics[m + 1] as number;
    const h = metrics[m + 2] as number;
    codepoints[g] = cps[src] as number;
    advance[g] = metrics[m] as number;
    xOffset[g] = metrics[m + 3] as number;
    yOffset[g] = metrics[m + 4] as number;
    bitmapOffset[g] = o;
    o += crop(fileBits, metrics[m + 5] as number, w, h, bits, o, g, width, height, xOffset, yOffset);
  }
  advance[n] = boxAdvance;
  width[n] = box.w;
  height[n] = box.h;
  bitmapOffset[n] = o;
  bits.set(box.rows, o);
  o += box.rows.length;
  return {
    glyphCount,
    codepoints,
    advance,
    width,
    height,
    xOffset,
    yOffset,
    bitmapOffset,
    bits: bits.slice(0, o),
  };
}

/**
 * Copy a glyph's bitmap cropped to its ink (X11 converters give every glyph the full cell, mostly
 * blank), fixing its box and offsets in the tables; a glyph without ink becomes 0 x 0 at the origin.
 * Returns the bytes written.
 */
function crop(
  src: Uint8Array,
  at: number,
  w: number,
  h: number,
  out: Uint8Array,
  o: number,
  g: number,
  width: Uint16Array,
  height: Uint16Array,
  xOffset: Int16Array,
  yOffset: Int16Array,
): number {
  const bpr = (w + 7) >>> 3;
  const ink = (col: number, row: number) =>
    ((src[at + row * bpr + (col >>> 3)] as number) & (0x80 >>> (col & 7))) !== 0;
  let top = h;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      if (!ink(col, row)) continue;
      if (row < top) top = row;
      bottom = row;
      if (col < left) left = col;
      if (col > right) right = col;
    }
  }
  if (bottom < 0) {
    width[g] = 0;
    height[g] = 0;
    xOffset[g] = 0;
    yOffset[g] = 0;
    return 0;
  }
  const cw = right - left + 1;
  const ch = bottom - top + 1;
  const cbpr = (cw + 7) >>> 3;
  for (let row = 0; row < ch; row++) {
    for (let col = 0; col < cw; col++) {
      if (ink(left + col, top + row)) {
        const i = o + row * cbpr + (col >>> 3);
        out[i] = (out[i] as number) | (0x80 >>> (col & 7));
      }
    }
  }
  width[g] = cw;
  height[g] = ch;
  xOffset[g] = (xOffset[g] as number) + left;
  yOffset[g] = (yOffset[g] as number) + (h - 1 - bottom);
  return cbpr * ch;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}
