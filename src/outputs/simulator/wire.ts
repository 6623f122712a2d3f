/**
 * The simulator's binary frame message: the pixels of some rectangles, in the smallest form the page
 * can turn back into the panel's colours. The page's decoder (assets/simulator/app.js) mirrors this
 * file; a test decodes what this encodes.
 *
 * Layout, little-endian:
 *
 *   u8  kind        1 = live frame, 2 = a frame from history (time travel)
 *   u32 tick
 *   u16 rectangles
 *   per rectangle: u16 x, u16 y, u16 w, u16 h, then its pixels, row-major:
 *     mono    1 bit per pixel, packed across rows, most significant bit first, last byte padded
 *     gray4   1 byte per pixel, 0..255 (the panel's 16 levels widened)
 *     gray8   1 byte per pixel
 *     rgb565  2 bytes per pixel, the 565 value little-endian
 *     rgb888  3 bytes per pixel, R G B
 */
import type { Framebuffer, PixelFormat, Rect } from '../../render/index.js';

export const FRAME_LIVE = 1;
export const FRAME_HISTORY = 2;

const headerBytes = 7;
const rectHeaderBytes = 8;

/** Bytes of one rectangle's pixels on the wire. */
export function wirePixelBytes(format: PixelFormat, w: number, h: number): number {
  const n = w * h;
  switch (format) {
    case 'mono':
      return (n + 7) >> 3;
    case 'gray4':
    case 'gray8':
      return n;
    case 'rgb565':
      return n * 2;
    case 'rgb888':
      return n * 3;
  }
}

/** Bytes of a whole message carrying `rects`. */
export function wireMessageBytes(format: PixelFormat, rects: readonly Rect[]): number {
  let n = headerBytes;
  for (const r of rects) n += rectHeaderBytes + wirePixelBytes(format, r.w, r.h);
  return n;
}

/** Encode the rectangles of `fb` (already clamped to it) as one message. */
export function encodeFrame(kind: number, tick: number, fb: Framebuffer, rects: readonly Rect[]): Uint8Array {
  const out = new Uint8Array(wireMessageBytes(fb.format, rects));
  const view = new DataView(out.buffer);
  view.setUint8(0, kind);
  view.setUint32(1, tick >>> 0, true);
  view.setUint16(5, rects.length, true);
  let o = headerBytes;
  const px = fb.pixels;
  const W = fb.width;
  for (const r of rects) {
    view.setUint16(o, r.x, true);
    view.setUint16(o + 2, r.y, true);
    view.setUint16(o + 4, r.w, true);
    view.setUint16(o + 6, r.h, true);
    o += rectHeaderBytes;
    const x1 = r.x + r.w;
    const y1 = r.y + r.h;
    switch (fb.format) {
      case 'mono': {
        let bit = 0;
        for (let y = r.y; y < y1; y++) {
          for (let i = y * W + r.x, end = y * W + x1; i < end; i++, bit++) {
            if (px[i]) out[o + (bit >> 3)] = (out[o + (bit >> 3)] as number) | (0x80 >> (bit & 7));
          }
        }
        o += (bit + 7) >> 3;
        break;
      }
      case 'gray4':
        for (let y = r.y; y < y1; y++) {
          for (let i = y * W + r.x, end = y * W + x1; i < end; i++) out[o++] = (px[i] as number) * 17;
        }
        break;
      case 'gray8':
        for (let y = r.y; y < y1; y++) {
          out.set(px.subarray(y * W + r.x, y * W + x1), o);
          o += r.w;
        }
        break;
      case 'rgb565':
        for (let y = r.y; y < y1; y++) {
          for (let i = y * W + r.x, end = y * W + x1; i < end; i++) {
            const v = px[i] as number;
            out[o++] = v & 0xff;
            out[o++] = v >>> 8;
          }
        }
        break;
      case 'rgb888':
        for (let y = r.y; y < y1; y++) {
          for (let i = y * W + r.x, end = y * W + x1; i < end; i++) {
            const v = px[i] as number;
            out[o++] = v >>> 16;
            out[o++] = (v >>> 8) & 0xff;
            out[o++] = v & 0xff;
          }
        }
        break;
    }
  }
  return out;
}
