/**
 * The binder's section of the data-layer monitor: counts, rates per second (over the last second of
 * ticks) and the arrival-to-apply delay histogram. Plain data, cheap to build, no wall-clock field.
 */
import type { HistogramSnapshot } from '../util/index.js';

export interface BinderMetrics {
  /** The last tick processed. */
  readonly tick: number;
  readonly bindings: number;
  readonly triggers: number;
  /** Parameter updates written by bindings, since creation. */
  readonly bindingUpdates: number;
  /** Binding updates over the last second of ticks. */
  readonly bindingUpdatesPerSecond: number;
  readonly updatesByBinding: Readonly<Record<string, number>>;
  /** Trigger firings (condition and chained), since creation. */
  readonly triggerFirings: number;
  readonly triggerFiringsPerSecond: number;
  readonly firingsByTrigger: Readonly<Record<string, number>>;
  /** Firings held back by each trigger's cooldown. */
  readonly suppressedByTrigger: Readonly<Record<string, number>>;
  /** Map and apply errors per binding. */
  readonly errorsByBinding: Readonly<Record<string, number>>;
  /** Condition and action errors per trigger. */
  readonly errorsByTrigger: Readonly<Record<string, number>>;
  /** Points read from the input at tick boundaries. */
  readonly pointsApplied: number;
  /** Points that arrived at or before an already processed boundary (applied one tick late). */
  readonly latePoints: number;
  /** Points the input reported lost before the binder read them. */
  readonly lostPoints: number;
  /** Delay from a point's arrival to the processing of the tick that applied it, in ms. */
  readonly applyDelayMs: HistogramSnapshot;
  /** Chained firings waiting for their tick, and the bound. */
  readonly pendingChains: number;
  readonly maxPendingChains: number;
  /** Chained firings dropped because the queue was full. */
  readonly chainOverflow: number;
  /** Chained firings dropped for exceeding `maxCascadeDepth` (long cascades, delayed self-chains). */
  readonly cascadeErrors: number;
  /** 0-tick chained firings refused because they re-entered a trigger of their own cascade. */
  readonly chainCycles: number;
  /** Error reports held back by the rate limit (the errors themselves are all counted above). */
  readonly errorReportsSuppressed: number;
}
