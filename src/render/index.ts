// Public names of the render layer: this file only re-exports.

export { directionOf, directionScale } from './angle.js';
export { alphaMask, blit, drawMask, type Mask } from './blit.js';
export { drawArc, drawCircle, fillArc, fillCircle } from './circle.js';
export { bayer8, type DitherMode, ditherInto, ditherModes, type ImageSource } from './dither.js';
export { BdfError, bdfLimits, loadBdfFont, type ParseBdfOptions, parseBdf } from './font/bdf.js';
export { BitmapFont, type FontInfo, type GlyphTable } from './font/bitmap-font.js';
export { type BundledFontName, bundledFontNames, fonts, getFont, isBundledFontName } from './font/bundled.js';
export { type PackedFont, packFont, unpackFont } from './font/packed.js';
export {
  drawText,
  type FitTextOptions,
  type FittedText,
  fitText,
  glyphFor,
  measureText,
  type TextMetrics,
  type TextOptions,
  textWidth,
} from './font/text.js';
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
export { Scene, type SceneOptions, type SceneStats, type SlotWriter } from './scene.js';
export { drawRect, fillRect } from './shapes.js';
export { drawHLine, drawVLine, fillSpan, maxCoordinate } from './span.js';
export { Gauge, type GaugeOptions } from './widgets/gauge.js';
export { Group, type GroupOptions } from './widgets/group.js';
export { Image, type ImageOptions } from './widgets/image.js';
export { Line, type LineOptions } from './widgets/line.js';
export { ProgressBar, type ProgressBarOptions } from './widgets/progress-bar.js';
export { Rectangle, type RectangleOptions } from './widgets/rectangle.js';
export {
  type HistorySeriesOptions,
  historySeries,
  type Series,
  Sparkline,
  type SparklineOptions,
} from './widgets/sparkline.js';
export {
  type MarqueeOptions,
  marqueeOffset,
  Text,
  type TextAlign,
  type TextOverflow,
  type TextVerticalAlign,
  type TextWidgetOptions,
} from './widgets/text.js';
export {
  type BoxOptions,
  BoxWidget,
  type ColourInput,
  type KeyStatusSource,
  type PropertySpec,
  type StaleStyle,
  type StatusOptions,
  Widget,
  type WidgetOptions,
} from './widgets/widget.js';
