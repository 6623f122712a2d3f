/**
 * The fonts that ship with the package, by name. Their glyph tables are committed as generated modules
 * (`npm run fonts` rebuilds them from `fonts/*.bdf`), so using one needs no file I/O; each is decoded
 * the first time it is asked for and kept, so importing the package costs a few string constants.
 *
 * | name    | font                       | advance | ascent | descent | line height | licence      |
 * |---------|----------------------------|---------|--------|---------|-------------|--------------|
 * | `5x7`   | X11 misc-fixed 5x7         | 5       | 6      | 1       | 7           | public domain|
 * | `6x10`  | X11 misc-fixed 6x10        | 6       | 8      | 2       | 10          | public domain|
 * | `8x16`  | Spleen 8x16                | 8       | 12     | 4       | 16          | BSD-2-Clause |
 * | `16x32` | Spleen 16x32 (big digits)  | 16      | 26     | 6       | 32          | BSD-2-Clause |
 */
import type { BitmapFont } from './bitmap-font.js';
import { miscFixed5x7 } from './generated/misc-fixed-5x7.js';
import { miscFixed6x10 } from './generated/misc-fixed-6x10.js';
import { spleen8x16 } from './generated/spleen-8x16.js';
import { spleen16x32 } from './generated/spleen-16x32.js';
import { type PackedFont, unpackFont } from './packed.js';

/**
 * The fonts bundled with the package: `5x7` and `6x10` (misc-fixed), `8x16` and `16x32` (Spleen).
 */
export type BundledFontName = '5x7' | '6x10' | '8x16' | '16x32';

const packed: Readonly<Record<BundledFontName, PackedFont>> = {
  '5x7': miscFixed5x7,
  '6x10': miscFixed6x10,
  '8x16': spleen8x16,
  '16x32': spleen16x32,
};

/** The names `getFont` accepts, smallest first. */
export const bundledFontNames: readonly BundledFontName[] = ['5x7', '6x10', '8x16', '16x32'];

const decoded = new Map<BundledFontName, BitmapFont>();

/** Whether a string (from a config file, say) names a bundled font. */
export function isBundledFontName(name: string): name is BundledFontName {
  return Object.hasOwn(packed, name);
}

/** A bundled font by name (decoded on first use). An unknown name throws, listing the valid ones. */
export function getFont(name: BundledFontName): BitmapFont {
  let font = decoded.get(name);
  if (font) return font;
  if (!isBundledFontName(name)) {
    throw new RangeError(
      `getFont: expected one of ${bundledFontNames.map((n) => `'${n}'`).join(', ')}, received ${JSON.stringify(name)}`,
    );
  }
  font = unpackFont(packed[name]);
  decoded.set(name, font);
  return font;
}

/** The bundled fonts as properties (`fonts['6x10']`), each decoded the first time it is read. */
export const fonts: Readonly<Record<BundledFontName, BitmapFont>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      bundledFontNames.map((name) => [name, { enumerable: true, get: () => getFont(name) }]),
    ),
  ) as Record<BundledFontName, BitmapFont>,
);
