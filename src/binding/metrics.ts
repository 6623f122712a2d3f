/**
 * The binder's section of the data-layer monitor: counts, rates per second (over the last second of
 * ticks) and the arrival-to-apply delay histogram. Plain data, cheap to build, no wall-clock field.
 * The section is typed in the monitor's registry by declaration merging (at the end of this file), so
 * `monitor.metrics().sections.binder` is a `BinderMetrics`.
 */
import type { HistogramSnapshot } from '../util/index.js';

/** The binder's section of the monitor (`binder.metrics()`, `monitor.metrics().sections.binder`). */
export interface BinderMetrics {
  /** The last tick processed. */
  readonly tick: number;
  readonly bindings: number;
  /** Data triggers (coordination triggers created by `addDataTrigger`). */
  readonly triggers: number;
  /** Parameter updates written by bindings, since creation. */
  readonly bindingUpdates: number;
  /** Binding updates over the last second of ticks. */
  readonly bindingUpdatesPerSecond: number;
  readonly updatesByBinding: Readonly<Record<string, number>>;
  /** Firings of the data triggers (by their condition, a chain or `triggerAt`), since creation. */
  readonly triggerFirings: number;
  readonly firingsByTrigger: Readonly<Record<string, number>>;
  /** Firings held back by each data trigger's cooldown. */
  readonly suppressedByTrigger: Readonly<Record<string, number>>;
  /** Map and apply errors per binding. */
  readonly errorsByBinding: Readonly<Record<string, number>>;
  /**
   * Condition errors per data trigger. Action errors, cycles and chains too deep are the coordination
   * engine's (`stats`, `action.error` and `cycle.error` events).
   */
  readonly conditionErrorsByTrigger: Readonly<Record<string, number>>;
  /** Points read from the input at tick boundaries. */
  readonly pointsApplied: number;
  /** Points that arrived at or before an already processed boundary (applied one tick late). */
  readonly latePoints: number;
  /** Points the input reported lost before the binder read them. */
  readonly lostPoints: number;
  /** Delay from a point's arrival to the processing of the tick that applied it, in ms. */
  readonly applyDelayMs: HistogramSnapshot;
  /** Error reports held back by the rate limit (the errors themselves are all counted above). */
  readonly reportsSuppressed: number;
}

declare module '../data/monitor.js' {
  interface MonitorSections {
    binder: BinderMetrics;
  }
}
