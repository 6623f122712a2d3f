// Public names of the binding layer: this file only re-exports.
export { DataAnimationBinder, type DataAnimationBinderOptions } from './binder.js';
export type { BindOptions, StalePolicy } from './binding.js';
export {
  above,
  allOf,
  anyOf,
  below,
  type Condition,
  type ConditionFunction,
  type ConditionSpec,
  type CrossDirection,
  changed,
  crosses,
  type DataTriggerContext,
  hysteresis,
  inRange,
  not,
  outside,
  rateOfChange,
  sustained,
} from './conditions.js';
export {
  compileExpression,
  DEFAULT_MAX_EXPRESSION_LENGTH,
  ExpressionCondition,
  ExpressionError,
} from './expression.js';
export type {
  BinderAnimationHost,
  BinderClock,
  ParameterTransition,
  TickInput,
  TickInputSink,
} from './hosts.js';
export {
  compileMap,
  type DeclarativeMap,
  type LinearMap,
  type LookupMap,
  linearMap,
  lookupMap,
  type MapFunction,
  MapInputError,
  type ParameterValue,
  type ThresholdMap,
  thresholdMap,
  type ValueMap,
} from './mapping.js';
export type { BinderMetrics } from './metrics.js';
export type { BinderErrorReport, BinderErrorStage } from './report.js';
export { formatReport } from './report.js';
export { RingBufferInput } from './ring-input.js';
export { type Duration, durationToTicks } from './timing.js';
export {
  type DataTriggerMode,
  type DataTriggerOptions,
  type DataTriggerState,
  type FireTriggerAction,
  fireTrigger,
  type SetParameterAction,
  setParameter,
  type TriggerAction,
  type TriggerKeys,
} from './trigger.js';
