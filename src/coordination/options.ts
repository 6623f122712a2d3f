import type { CoordinationErrorReport } from './report.js';

/** Options of a `CoordinationEngine`: limits, error reporting, callbacks. */
export interface CoordinationEngineOptions {
  /** Events kept in `history` (a ring: the oldest is overwritten and counted). Default 1024. */
  readonly historyLimit?: number;
  /**
   * Actions waiting for a later tick (`afterTicks`, `triggerAt`). At the limit a new one is refused,
   * counted in `stats.pendingDropped` and reported as a `pending.dropped` event. Default 4096.
   */
  readonly pendingLimit?: number;
  /** Longest chain of primitives firing one another within one tick. Default 32. */
  readonly maxChainDepth?: number;
  /** Distinct cycles reported as events (later repeats are only counted). Default 64. */
  readonly cycleReportLimit?: number;
  /**
   * `run` (default): `call` actions run. `skip`: they are counted in `stats.skippedCalls` and not
   * run, so a dry run (`predict`) cannot touch the program's own state.
   */
  readonly callbacks?: 'run' | 'skip';
  /**
   * Told about action errors and cycles, at most once per (primitive, kind of failure) every
   * `reportIntervalTicks`, with the number withheld since. Every error is an event and a count
   * either way. A throwing `onError` is counted in `stats.reportFailures`. Default: none.
   */
  readonly onError?: (report: CoordinationErrorReport) => void;
  /** Ticks between two `onError` calls for one primitive and kind of failure. Default 600 (10 s at 60 fps). */
  readonly reportIntervalTicks?: number;
}

/** What the engine counted since creation. Read-only view; the engine updates it in place. */
export interface CoordinationStats {
  readonly evaluations: number;
  /** Ticks processed, intermediate due ticks of a jump included. */
  readonly ticksProcessed: number;
  readonly events: number;
  readonly fires: number;
  /** Fires refused because the primitive already fired at that tick. */
  readonly duplicateFires: number;
  /** Fires refused by a trigger's cooldown. */
  readonly suppressedFires: number;
  /** Actions, callbacks and conditions that threw (each also an `action.error` event). */
  readonly actionErrors: number;
  /** Chains refused as cycles or too deep (reported once per distinct path). */
  readonly cycleErrors: number;
  readonly pendingDropped: number;
  /** `call` actions not run because the engine was made with `callbacks: 'skip'`. */
  readonly skippedCalls: number;
  /** Error reports suppressed by `reportIntervalTicks` (counted in the next report). */
  readonly reportsSuppressed: number;
  /** Calls of `onError` that threw. */
  readonly reportFailures: number;
}

/** @internal */
export type MutableCounters = { -readonly [K in keyof CoordinationStats]: number };

/** @internal */
export function zeroCounters(): MutableCounters {
  return {
    evaluations: 0,
    ticksProcessed: 0,
    events: 0,
    fires: 0,
    duplicateFires: 0,
    suppressedFires: 0,
    actionErrors: 0,
    cycleErrors: 0,
    pendingDropped: 0,
    skippedCalls: 0,
    reportsSuppressed: 0,
    reportFailures: 0,
  };
}

/** @internal */
export function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name}: expected an integer >= 1, received ${String(value)}`);
  }
  return value;
}
