/**
 * A font's glyph table as one base64 string: the form the bundled fonts are committed in (generated
 * modules, so using them needs no file I/O), and a way to ship a user's BDF font the same way.
 *
 * `data` holds, little-endian whatever the machine: the code points (u32, glyphCount - 1 of them),
 * then per glyph advance, width, height (u16), x and y offset (i16), bitmap offset (u32), then the
 * bits. Decoding copies into fresh typed arrays, so it costs one pass over the bytes, done on first use.
 */
import { BitmapFont, type GlyphTable } from './bitmap-font.js';

export interface PackedFont {
  readonly name: string;
  readonly ascent: number;
  readonly descent: number;
  readonly defaultChar: number;
  readonly copyright: string;
  readonly glyphCount: number;
  /** The glyph table, base64 (see the module comment for the layout). */
  readonly data: string;
}

/** The packed form of a font. */
export function packFont(font: BitmapFont): PackedFont {
  const n = font.glyphCount;
  const size = (n - 1) * 4 + n * (5 * 2 + 4) + font.bits.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let o = 0;
  for (let i = 0; i < n - 1; i++, o += 4) view.setUint32(o, font.codepoints[i] as number, true);
  for (const arr of [font.advance, font.width, font.height]) {
    for (let i = 0; i < n; i++, o += 2) view.setUint16(o, arr[i] as number, true);
  }
  for (const arr of [font.xOffset, font.yOffset]) {
    for (let i = 0; i < n; i++, o += 2) view.setInt16(o, arr[i] as number, true);
  }
  for (let i = 0; i < n; i++, o += 4) view.setUint32(o, font.bitmapOffset[i] as number, true);
  bytes.set(font.bits, o);
  return {
    name: font.name,
    ascent: font.ascent,
    descent: font.descent,
    defaultChar: font.defaultChar,
    copyright: font.copyright,
    glyphCount: n,
    data: toBase64(bytes),
  };
}

/** The font a packed form holds. Throws when the data does not fit the declared glyph count. */
export function unpackFont(packed: PackedFont): BitmapFont {
  const n = packed.glyphCount;
  if (!Number.isInteger(n) || n < 1 || n > 65537) {
    throw new RangeError(`unpackFont '${packed.name}': glyphCount must be 1..65537, received ${String(n)}`);
  }
  const bytes = fromBase64(packed.data, packed.name);
  const head = (n - 1) * 4 + n * (5 * 2 + 4);
  if (bytes.length < head) {
    throw new RangeError(
      `unpackFont '${packed.name}': ${n} glyphs need at least ${head} bytes of data, received ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const codepoints = new Uint32Array(n - 1);
  for (let i = 0; i < n - 1; i++, o += 4) codepoints[i] = view.getUint32(o, true);
  const u16 = () => {
    const a = new Uint16Array(n);
    for (let i = 0; i < n; i++, o += 2) a[i] = view.getUint16(o, true);
    return a;
  };
  const i16 = () => {
    const a = new Int16Array(n);
    for (let i = 0; i < n; i++, o += 2) a[i] = view.getInt16(o, true);
    return a;
  };
  const advance = u16();
  const width = u16();
  const height = u16();
  const xOffset = i16();
  const yOffset = i16();
  const bitmapOffset = new Uint32Array(n);
  for (let i = 0; i < n; i++, o += 4) bitmapOffset[i] = view.getUint32(o, true);
  const table: GlyphTable = {
    glyphCount: n,
    codepoints,
    advance,
    width,
    height,
    xOffset,
    yOffset,
    bitmapOffset,
    bits: bytes.slice(o),
  };
  return new BitmapFont(packed, table);
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += alphabet[v >>> 18]! + alphabet[(v >>> 12) & 63]! + alphabet[(v >>> 6) & 63]! + alphabet[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const v = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out += alphabet[v >>> 18]! + alphabet[(v >>> 12) & 63]!;
    out += rest === 2 ? `${alphabet[(v >>> 6) & 63]!}=` : '==';
  }
  return out;
}

function fromBase64(s: string, name: string): Uint8Array {
  const end = s.endsWith('==') ? s.length - 2 : s.endsWith('=') ? s.length - 1 : s.length;
  if (s.length % 4 !== 0) {
    throw new RangeError(
      `unpackFont '${name}': base64 data length must be a multiple of 4, received ${s.length}`,
    );
  }
  const out = new Uint8Array((end * 3) >>> 2);
  let o = 0;
  let acc = 0;
  let bitsHeld = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (lookup[c] as number) : -1;
    if (v < 0) throw new RangeError(`unpackFont '${name}': invalid base64 character at ${i}: '${s[i]}'`);
    acc = ((acc << 6) | v) & 0xffffff;
    bitsHeld += 6;
    if (bitsHeld >= 8) {
      bitsHeld -= 8;
      out[o++] = (acc >>> bitsHeld) & 0xff;
    }
  }
  return out;
}
