// Public names of the render layer: this file only re-exports.
export {
  bitsPerPixel,
  type Endianness,
  Framebuffer,
  type FramebufferOptions,
  luma,
  maxValue,
  type PixelArray,
  type PixelFormat,
  packedSize,
  pixelFormats,
  rgbToValue,
  valueToRgb,
} from './framebuffer.js';
export { decodePng, encodePng, maxPngSide, type RgbaImage } from './png.js';
export {
  contains,
  intersect,
  isEmpty,
  type MutableRect,
  overlaps,
  type Rect,
  sameRect,
  toPages,
  union,
} from './rect.js';
