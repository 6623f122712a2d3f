// Easing functions: this file only re-exports.
export { type BackEasing, backIn, backInOut, backOut } from './back.js';
export { bounceIn, bounceInOut, bounceOut } from './bounce.js';
export { circIn, circInOut, circOut } from './circ.js';
export { cubicBezier } from './cubic-bezier.js';
export { type ElasticEasing, elasticIn, elasticInOut, elasticOut } from './elastic.js';
export { expoIn, expoInOut, expoOut } from './expo.js';
export { linear } from './linear.js';
export {
  cubicIn,
  cubicInOut,
  cubicOut,
  type PolyEasing,
  polyIn,
  polyInOut,
  polyOut,
  quadIn,
  quadInOut,
  quadOut,
  quartIn,
  quartInOut,
  quartOut,
  quintIn,
  quintInOut,
  quintOut,
} from './poly.js';
export {
  EasingRegistry,
  type EasingSpec,
  easingNames,
  resolveEasing,
  UnknownEasingError,
} from './registry.js';
export { sineIn, sineInOut, sineOut } from './sine.js';
export { steps } from './steps.js';
export type { EasingFn } from './types.js';
