/**
 * PNG bytes of a framebuffer, and RGBA pixels of a PNG file.
 *
 * Encoding is our own (signature, IHDR, one IDAT, IEND; nothing else) because the bytes must be the same
 * on every run and every machine, and because pngjs writes only 8- and 16-bit samples while a mono
 * panel's frame is naturally a 1-bit PNG. The settings are fixed: filter type 0 (None) on every row,
 * our own deflate (`deflate.ts`: node's zlib output depends on the zlib build and the CPU), no
 * interlace, no time, text, gamma or physical-size chunks.
 * Each format is written in the smallest PNG form that holds it exactly:
 *
 * | format   | PNG                        |
 * |----------|----------------------------|
 * | `mono`   | greyscale, 1 bit (1 white) |
 * | `gray4`  | greyscale, 4 bits          |
 * | `gray8`  | greyscale, 8 bits          |
 * | `rgb565` | RGB, 8 bits (565 widened by bit replication, as `toRgba`) |
 * | `rgb888` | RGB, 8 bits                |
 *
 * Decoding (image widgets, icons) goes through pngjs, loaded on first use so importing tinydisplay does
 * not load a codec nobody calls.
 */
import { createRequire } from 'node:module';
import type * as PngJs from 'pngjs';
import { zlibCompress } from './deflate.js';
import { type Framebuffer, valueToRgb } from './framebuffer.js';

/** RGBA pixels: 4 bytes per pixel (R, G, B, alpha 0..255), row-major, `width * height * 4` bytes. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The largest side `decodePng` accepts (a bigger image is refused before it is inflated). */
export const maxPngSide = 4096;

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (table[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

/** Write one chunk (length, type, data, CRC over type and data) at `at`; returns the offset after it. */
function writeChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  writeU32(out, at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  writeU32(out, at + 8 + data.length, crc32(out, at + 4, at + 8 + data.length));
  return at + 12 + data.length;
}

/** The filtered scanlines (filter byte 0, then the packed samples) PNG compresses into IDAT. */
function scanlines(fb: Framebuffer): { raw: Uint8Array; bitDepth: number; colourType: number } {
  const W = fb.width;
  const H = fb.height;
  const px = fb.pixels;
  switch (fb.format) {
    case 'mono':
    case 'gray4': {
      const bits = fb.format === 'mono' ? 1 : 4;
      const perByte = 8 / bits;
      const stride = 1 + Math.ceil(W / perByte);
      const raw = new Uint8Array(stride * H);
      for (let y = 0; y < H; y++) {
        const row = y * stride + 1;
        const src = y * W;
        for (let x = 0; x < W; x++) {
          const shift = 8 - bits * ((x % perByte) + 1);
          const at = row + ((x / perByte) | 0);
          raw[at] = (raw[at] as number) | ((px[src + x] as number) << shift);
        }
      }
      return { raw, bitDepth: bits, colourType: 0 };
    }
    case 'gray8': {
      const stride = 1 + W;
      const raw = new Uint8Array(stride * H);
      for (let y = 0; y < H; y++) raw.set(px.subarray(y * W, y * W + W), y * stride + 1);
      return { raw, bitDepth: 8, colourType: 0 };
    }
    case 'rgb565':
    case 'rgb888': {
      const stride = 1 + W * 3;
      const raw = new Uint8Array(stride * H);
      const format = fb.format;
      for (let y = 0; y < H; y++) {
        let o = y * stride + 1;
        for (let i = y * W, end = i + W; i < end; i++) {
          const rgb = valueToRgb(format, px[i] as number);
          raw[o++] = rgb >>> 16;
          raw[o++] = (rgb >>> 8) & 0xff;
          raw[o++] = rgb & 0xff;
        }
      }
      return { raw, bitDepth: 8, colourType: 2 };
    }
  }
}

/**
 * The PNG file of a framebuffer's pixels (the whole framebuffer; the clip does not matter). Two calls
 * on equal pixels give equal bytes.
 */
export function encodePng(fb: Framebuffer): Uint8Array {
  const { raw, bitDepth, colourType } = scanlines(fb);
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, fb.width);
  writeU32(ihdr, 4, fb.height);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  // compression 0 (deflate), filter method 0, interlace 0: already zero.
  const idat = zlibCompress(raw);
  const out = new Uint8Array(signature.length + 12 + 13 + 12 + idat.length + 12);
  out.set(signature, 0);
  let at = writeChunk(out, signature.length, 'IHDR', ihdr);
  at = writeChunk(out, at, 'IDAT', idat);
  writeChunk(out, at, 'IEND', new Uint8Array(0));
  return out;
}

let pngjs: typeof PngJs | undefined;

function loadPngJs(): typeof PngJs {
  if (!pngjs) pngjs = createRequire(import.meta.url)('pngjs') as typeof PngJs;
  return pngjs;
}

/**
 * RGBA pixels of a PNG file (any colour type and bit depth PNG allows, interlaced or not; 16-bit
 * samples are scaled to 8, a palette or greyscale is expanded, a missing alpha is 255). Throws a
 * `RangeError` naming `source` (default `'png'`) when the bytes are not a PNG, are corrupt, or are
 * larger than `maxPngSide` on a side.
 */
export function decodePng(bytes: Uint8Array, source = 'png'): RgbaImage {
  if (bytes.length < 33 || signature.some((b, i) => bytes[i] !== b)) {
    throw new RangeError(`decodePng: ${source} is not a PNG file (no PNG signature)`);
  }
  // IHDR is the first chunk: width and height at bytes 16..23. Refuse a huge image before inflating it.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width < 1 || height < 1 || width > maxPngSide || height > maxPngSide) {
    throw new RangeError(
      `decodePng: ${source} is ${width}x${height}; each side must be from 1 to ${maxPngSide} pixels`,
    );
  }
  let png: PngJs.PNGWithMetadata;
  try {
    png = loadPngJs().PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new RangeError(
      `decodePng: ${source} could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return {
    width: png.width,
    height: png.height,
    data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
  };
}
