// Public names of the render layer: this file only re-exports.

export { directionOf, directionScale } from './angle.js';
export { alphaMask, blit, drawMask, type Mask } from './blit.js';
export { drawArc, drawCircle, fillArc, fillCircle } from './circle.js';
export { bayer8, type DitherMode, ditherInto, ditherModes, type ImageSource } from './dither.js';
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
export { drawLine } from './line.js';
export { decodePng, encodePng, maxPngSide, type RgbaImage } from './png.js';
export { fillPolygon, fillTriangle } from './polygon.js';
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
export { drawRect, fillRect } from './shapes.js';
export { drawHLine, drawVLine, fillSpan, maxCoordinate } from './span.js';
