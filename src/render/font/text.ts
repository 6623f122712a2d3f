/**
 * One line of text in a bitmap font: measure it, draw it, fit it into a width with an ellipsis.
 *
 * Text is a JS string read by code point (a surrogate pair is one code point; a lone surrogate is a
 * missing character). A code point the font lacks draws the font's fallback glyph (`font.fallback`:
 * its `DEFAULT_CHAR` when that has ink, else a hollow box), except characters that are invisible by
 * nature, which draw nothing and take no room when the font lacks them: C0/C1 controls, combining
 * diacritics U+0300..U+036F (decomposed text such as macOS file names; normalise to NFC once when the
 * value changes to see the accents), zero-width and direction marks U+200B..U+200F, U+2060..U+2064,
 * variation selectors U+FE00..U+FE0F and U+FEFF. Text is not shaped, kerned or wrapped: a line is the
 * sum of its glyphs' advances (plus `letterSpacing` after each glyph), and `'\n'` is a control.
 *
 * Positions: `(x, y)` is the **top-left of the line box**; the baseline is at `y + font.ascent` and
 * the line box is `font.lineHeight` (`ascent + descent`) pixels high. Widths are advances, not ink:
 * a glyph may draw a pixel left of its pen or past its advance when its BDF box says so.
 */
import type { Framebuffer } from '../framebuffer.js';
import type { BitmapFont } from './bitmap-font.js';

/**
 * Options of text measuring and drawing: `letterSpacing` in pixels after every glyph (default 0).
 */
export interface TextOptions {
  /** Pixels added after every glyph (negative tightens); an integer, default 0. */
  readonly letterSpacing?: number;
}

/** Options of `fitText`: the text options plus the ellipsis appended when the text is cut. */
export interface FitTextOptions extends TextOptions {
  /** Appended when the text is cut; default `'…'` when the font has U+2026, else `'...'`. */
  readonly ellipsis?: string;
}

/**
 * The size of one line of text in a font, in pixels: width (advances and spacing), height, ascent
 * and descent.
 */
export interface TextMetrics {
  /** Sum of the advances (and letter spacing) of the line, in pixels. */
  readonly width: number;
  /** The line box's height: `ascent + descent`. */
  readonly height: number;
  readonly ascent: number;
  readonly descent: number;
}

/**
 * What `fitText` returns: the text to draw (whole, or cut with an ellipsis), how much of the
 * original it keeps, and its width in pixels.
 */
export interface FittedText {
  /** What to draw: the whole text, or its longest prefix that fits followed by the ellipsis. */
  readonly text: string;
  /** How many UTF-16 code units of the original text `text` keeps. */
  readonly end: number;
  /** Width of `text` in pixels, at most `maxWidth` (0 when not even the ellipsis fits). */
  readonly width: number;
  /** Whether the text was cut. */
  readonly truncated: boolean;
}

/** Glyph index to draw for a code point, or -1 for a missing invisible character (no glyph, no room). */
export function glyphFor(font: BitmapFont, codepoint: number): number {
  const g = font.glyphIndex(codepoint);
  if (g >= 0) return g;
  return isInvisible(codepoint) ? -1 : font.fallback;
}

function isInvisible(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    (cp >= 0x300 && cp < 0x370) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}

function spacingOf(options: TextOptions | undefined): number {
  const s = options?.letterSpacing ?? 0;
  if (!Number.isInteger(s))
    throw new RangeError(`text: 'letterSpacing' must be an integer, received ${String(s)}`);
  return s;
}

/** Width in pixels of one line of text (advances plus letter spacing). Allocates nothing. */
export function textWidth(font: BitmapFont, text: string, options?: TextOptions): number {
  const spacing = spacingOf(options);
  const advance = font.advance;
  let width = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    // A surrogate pair is one code point; a lone surrogate stands for itself (the fallback glyph).
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const g = glyphFor(font, cp);
    if (g >= 0) width += (advance[g] as number) + spacing;
  }
  return width;
}

/** Width and line metrics of one line of text. */
export function measureText(font: BitmapFont, text: string, options?: TextOptions): TextMetrics {
  return {
    width: textWidth(font, text, options),
    height: font.lineHeight,
    ascent: font.ascent,
    descent: font.descent,
  };
}

/**
 * Draw one line of text with its top-left at (x, y) (baseline at `y + font.ascent`), setting the
 * glyphs' pixels to `value` (a value of the framebuffer's format, from `fb.ink`) and leaving the others
 * untouched. Only pixels inside `fb.clip` are written: each glyph's rows and columns are cut to the clip
 * before its loop, and glyphs wholly outside are skipped. Fractional positions (an animated offset)
 * are floored first. Returns the pen position after the text, `Math.floor(x) + textWidth(...)`.
 * Allocates nothing.
 */
export function drawText(
  fb: Framebuffer,
  font: BitmapFont,
  text: string,
  x: number,
  y: number,
  value: number,
  options?: TextOptions,
): number {
  const spacing = spacingOf(options);
  const clip = fb.clip;
  const cx0 = clip.x;
  const cy0 = clip.y;
  const cx1 = clip.x + clip.w;
  const cy1 = clip.y + clip.h;
  const px = fb.pixels;
  const W = fb.width;
  const { advance, width, height, xOffset, yOffset, bitmapOffset, bits } = font;
  const baseline = Math.floor(y) + font.ascent;
  // Past this pen position no glyph can reach into the clip (advances are never negative, but
  // letter spacing may be, so the cut-off only applies when it is not).
  const stopAt = spacing >= 0 ? cx1 - font.minXOffset : Number.POSITIVE_INFINITY;
  const visibleRows = cy1 > cy0 && cx1 > cx0;
  let pen = Math.floor(x);
  const n = text.length;
  for (let i = 0; i < n; ) {
    // A surrogate pair is one code point; a lone surrogate stands for itself (the fallback glyph).
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const g = glyphFor(font, cp);
    if (g < 0) continue;
    if (visibleRows && pen < stopAt) {
      const w = width[g] as number;
      const h = height[g] as number;
      const gx = pen + (xOffset[g] as number);
      const gy = baseline - (yOffset[g] as number) - h;
      const c0 = cx0 > gx ? cx0 - gx : 0;
      const c1 = Math.min(cx1 - gx, w);
      const r0 = cy0 > gy ? cy0 - gy : 0;
      const r1 = Math.min(cy1 - gy, h);
      if (c0 < c1 && r0 < r1) {
        const bpr = (w + 7) >>> 3;
        let src = (bitmapOffset[g] as number) + r0 * bpr;
        let dst = (gy + r0) * W + gx;
        for (let r = r0; r < r1; r++, src += bpr, dst += W) {
          for (let c = c0; c < c1; c++) {
            if ((bits[src + (c >>> 3)] as number) & (0x80 >>> (c & 7))) px[dst + c] = value;
          }
        }
      }
    }
    pen += (advance[g] as number) + spacing;
  }
  return pen;
}

/**
 * Fit one line into `maxWidth` pixels: the whole text when it fits, else the longest prefix (whole
 * code points, trailing spaces dropped) that fits together with the ellipsis, followed by it. When not
 * even the ellipsis fits, the text is empty. The widget layer builds alignment and marquees on this.
 */
export function fitText(
  font: BitmapFont,
  text: string,
  maxWidth: number,
  options?: FitTextOptions,
): FittedText {
  const full = textWidth(font, text, options);
  if (full <= maxWidth) return { text, end: text.length, width: full, truncated: false };
  const ellipsis = options?.ellipsis ?? (font.has(0x2026) ? '…' : '...');
  const ellipsisWidth = textWidth(font, ellipsis, options);
  if (ellipsisWidth > maxWidth) return { text: '', end: 0, width: 0, truncated: true };
  const spacing = spacingOf(options);
  const room = maxWidth - ellipsisWidth;
  let width = 0;
  // Width and end of the prefix without its trailing spaces.
  let keptWidth = 0;
  let keptEnd = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    // A surrogate pair is one code point; a lone surrogate stands for itself (the fallback glyph).
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const g = glyphFor(font, cp);
    const next = g >= 0 ? width + (font.advance[g] as number) + spacing : width;
    if (next > room) break;
    width = next;
    if (cp !== 0x20) {
      keptWidth = width;
      keptEnd = i;
    }
  }
  return {
    text: text.slice(0, keptEnd) + ellipsis,
    end: keptEnd,
    width: keptWidth + ellipsisWidth,
    truncated: true,
  };
}
