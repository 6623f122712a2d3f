// Public names of the animation layer: this file only re-exports.

export { formatColour, parseColour } from './colour.js';
export { AnimationDefinitionError } from './compile-context.js';
export type {
  AnimationDefinition,
  AnimationDirection,
  AnimationFill,
  FollowAnimationDefinition,
  Keyframe,
  KeyframeAnimationDefinition,
  ParamRef,
  Transition,
  ValueClamp,
} from './definition.js';
export * from './easing/index.js';
export { type Frame, TickAnimationEngine } from './engine.js';
export type { TickAnimationEngineOptions, TickAnimationEngineStats } from './engine-options.js';
export { FrameSlots, type SlotKind } from './slots.js';
export type {
  AnimationSnapshot,
  CommandSnapshot,
  EngineSnapshot,
  ParamStateSnapshot,
  RunStateSnapshot,
} from './snapshot.js';
export type { AnimationState } from './state.js';
export type { AnimatableValue, ColourString, FrameValue, ValueKind } from './value.js';
