// Public names of the coordination layer: this file only re-exports.
export type {
  ActionContext,
  AfterTicksAction,
  CallAction,
  CoordinationAction,
  CoordinationActionKind,
  FirePrimitiveAction,
  StartAnimationAction,
  StopAnimationAction,
} from './actions.js';
export { afterTicks, callAction, firePrimitive, startAnimation, stopAnimation } from './actions.js';
export type { BarrierOptions, BarrierPrimitive, BarrierState } from './barrier.js';
export { CoordinationEngine } from './engine.js';
export type * from './events.js';
export { EventHistory } from './history.js';
export type { AnimationHost } from './host.js';
export type { CoordinationEngineOptions, CoordinationStats } from './options.js';
export type { CoordinationPrimitive, PrimitiveOptions } from './primitive.js';
export type { CoordinationErrorReport } from './report.js';
export type {
  SequenceOptions,
  SequencePrimitive,
  SequenceState,
  SequenceStep,
  SequenceTiming,
} from './sequence.js';
export type {
  CoordinationSnapshot,
  PendingSnapshot,
  PrimitiveFields,
  PrimitiveSnapshot,
} from './snapshot.js';
export type { SyncOptions, SyncPrimitive, SyncState } from './sync.js';
export type { TimelineEntry, TimelineOptions, TimelinePrimitive, TimelineState } from './timeline.js';
export type {
  TriggerContext,
  TriggerMode,
  TriggerOptions,
  TriggerPrimitive,
  TriggerState,
} from './trigger.js';
