/**
 * A font's glyph table as one base64 string: the form the bundled fonts are committed in (generated
 * modules, so using them needs no file I/O), and a way to ship a user's BDF font the same way.
 *
 * `data` holds, little-endian whatever the machine: the code points (u32, glyphCount - 1 of them),
 * then per glyph advance, width, height (u16), x and y offset (i16), bitmap offset (u32), then the
 * bits. Decoding copies into fresh typed arrays, so it costs one pass over the bytes, done on first use.
 */
import { BitmapFont, type GlyphTable } from './bitmap-font.js';

/**
 * A font's glyph table packed into one base64 string (how the bundled fonts ship); `unpackFont`
 * turns it into a `BitmapFont`.
 */
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

/** Base64 of bytes, through the platform's `btoa` (Node 16+ and browsers). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return btoa(binary);
}

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

interface NodeBufferClass {
  from(s: string, encoding: 'base64'): Uint8Array;
}

/**
 * Bytes of base64 text: Node's native `Buffer` when there is one (a first use of a font then costs
 * little even before the JIT warms up), else the platform's `atob` (browsers).
 */
function fromBase64(s: string, name: string): Uint8Array {
  if (s.length % 4 !== 0 || !base64Text.test(s)) {
    throw new RangeError(`unpackFont '${name}': 'data' is not base64 (${s.length} characters)`);
  }
  const nodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;
  if (nodeBuffer) return nodeBuffer.from(s, 'base64');
  const binary = atob(s);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
